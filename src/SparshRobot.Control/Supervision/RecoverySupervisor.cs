using SparshRobot.Control.Geometry;
using SparshRobot.Control.Laws;
using SparshRobot.Core.Geometry;
using SparshRobot.Core.Time;

namespace SparshRobot.Control.Supervision;

/// <summary>Which recoveries the supervisor may run (the ablation switches them).</summary>
/// <param name="Recovery">Reacquire a lost bead, regrasp a slipping one, back off from jams.</param>
/// <param name="Drift">Recentre on persistent off-centre contact.</param>
/// <param name="SlipReaction">Enter the slip reaction (the grip law steps up); without a force layer slips are only noted.</param>
public readonly record struct SupervisorFeatures(bool Recovery, bool Drift, bool SlipReaction);

/// <summary>What the supervisor sees each tick: only what the robot reports and the pads feel.</summary>
/// <param name="Grasp">Reported pinch point, world.</param>
/// <param name="Felt">Both pads fused.</param>
/// <param name="TouchUsable">At least one pad's estimate is usable (not stale, frozen or implausible).</param>
/// <param name="Travel">Unit direction the hand advances in (along the felt wire), zero when unknown.</param>
/// <param name="AdvanceSpeed">How fast the controller is asking to advance along <paramref name="Travel"/>, m/s.</param>
/// <param name="Stale">Inputs the watchdog found too old.</param>
public readonly record struct SupervisorInput(Timestamp Now, Vec3 Grasp, FeltContact Felt, bool TouchUsable, Vec3 Travel, double AdvanceSpeed, StaleInputs Stale);

/// <summary>
/// The recovery state machine. One owner of transitions (<see cref="Transition"/>), typed failure codes, every
/// transition emitted as an event with its reason, retry budgets per failure kind that refill after a distance of
/// progress, and an injected clock (every input carries its time). Halt and cancel act from any state, mid-recovery
/// included, and leave nothing of the recovery behind.
/// </summary>
public sealed class RecoverySupervisor
{
    private readonly List<SupervisorEvent> _events = [];
    private readonly int[] _used = new int[Enum.GetValues<FailureCode>().Length];
    private Timestamp _since;
    private bool _started;
    private double _lostSince = double.NaN;
    private double _slipLowSince = double.NaN;
    private double _driftSince = double.NaN;
    private NoProgressTimer _lagJam;
    private NoProgressTimer _stall;
    private double _progressAtRecovery;
    private int _searchAttempt;
    private FailureCode _recovering;
    private bool _cancelled;

    public RecoverySupervisor(SupervisorFeatures features, ProgressEstimator progress, SupervisorOptions? options = null)
    {
        Features = features;
        Progress = progress;
        Options = options ?? SupervisorOptions.Default;
    }

    public SupervisorFeatures Features { get; }

    public SupervisorOptions Options { get; }

    public ProgressEstimator Progress { get; }

    /// <summary>The state a supervisor starts in.</summary>
    public const SupervisorState InitialState = SupervisorState.Tracking;

    public SupervisorState State { get; private set; } = InitialState;

    /// <summary>Where the open hand is heading in a back-off state (world pinch point).</summary>
    public Vec3 Target { get; private set; }

    /// <summary>Why the supervisor gave up or was stopped; null while running.</summary>
    public string? HoldReason { get; private set; }

    public IReadOnlyList<SupervisorEvent> Events => _events;

    /// <summary>Raised on every transition.</summary>
    public event Action<SupervisorEvent>? Transitioned;

    /// <summary>Recoveries completed, by the failure they recovered from.</summary>
    public int Recoveries(FailureCode code) => SupervisorEvent.Recoveries(_events, code);

    /// <summary>Retries of <paramref name="code"/> used since the budget was last refilled.</summary>
    public int Used(FailureCode code) => _used[(int)code];

    public int BudgetRefills { get; private set; }

    /// <summary>Seconds in the current state at <paramref name="now"/>.</summary>
    public double TimeInState(Timestamp now) => (now.TotalNanoseconds - _since.TotalNanoseconds) / 1e9;

    public SupervisorState Update(in SupervisorInput input)
    {
        var now = input.Now;
        if (!_started)
        {
            _since = now;
            _started = true;
        }
        var t = now.TotalSeconds;
        RefillBudgets(now);
        switch (State)
        {
            case SupervisorState.Halted:
            case SupervisorState.SafeHold:
                break;
            case SupervisorState.WaitForInputs:
                if (input.Stale == StaleInputs.None)
                {
                    Transition(now, SupervisorState.Tracking, FailureCode.StaleInput, "inputs fresh again", input);
                }
                break;
            case SupervisorState.Tracking:
            case SupervisorState.SlipReaction:
            case SupervisorState.Recentre:
            case SupervisorState.JamRealign:
                Supervise(input, t);
                break;
            case SupervisorState.ReacquireOpen:
                if (TimeInState(now) >= Options.OpenTime)
                {
                    Transition(now, SupervisorState.ReacquireBackOff, _recovering, $"open; searching {(_searchAttempt) * Options.SearchStep * 1000:F0} mm behind the last contact", input);
                }
                break;
            case SupervisorState.ReacquireBackOff:
            case SupervisorState.JamBackOff:
                if ((input.Grasp - Target).Norm <= Options.ArrivalTolerance || TimeInState(now) > 1.5)
                {
                    if (State == SupervisorState.JamBackOff)
                    {
                        Transition(now, SupervisorState.JamRealign, FailureCode.Jam, "backed off; realigning with the felt wire at low grip", input);
                    }
                    else
                    {
                        Transition(now, SupervisorState.ReacquireClose, _recovering, "at the search point; closing", input);
                    }
                }
                break;
            case SupervisorState.ReacquireClose:
                if (TimeInState(now) >= Options.CloseTime)
                {
                    Transition(now, SupervisorState.ReacquireConfirm, _recovering, "closed; confirming by touch", input);
                }
                break;
            case SupervisorState.ReacquireConfirm:
                if (input.Felt.Contact)
                {
                    _searchAttempt = 0;
                    Transition(now, SupervisorState.Tracking, _recovering, "bead felt again", input, recovered: true);
                }
                else if (TimeInState(now) >= Options.ConfirmTime)
                {
                    StartReacquire(input, _recovering, "nothing felt after closing");
                }
                break;
        }
        return State;
    }

    /// <summary>Stops everything now, from any state (a recovery in progress is abandoned); <see cref="Resume"/> continues.</summary>
    public void Halt(Timestamp now, string reason) => Stop(now, FailureCode.Halted, reason);

    /// <summary>Stops for good: <see cref="Resume"/> is refused afterwards.</summary>
    public void Cancel(Timestamp now, string reason)
    {
        _cancelled = true;
        Stop(now, FailureCode.Cancelled, reason);
    }

    /// <summary>Back to tracking after a halt; the recovery that was running is not resumed (the next tick re-detects what is wrong).</summary>
    public void Resume(Timestamp now)
    {
        if (State != SupervisorState.Halted)
        {
            throw new InvalidOperationException($"resume applies to a halted supervisor, not one in {State}");
        }
        if (_cancelled)
        {
            throw new InvalidOperationException("the supervisor was cancelled; a cancelled run does not resume");
        }
        HoldReason = null;
        Transition(now, SupervisorState.Tracking, FailureCode.Halted, "resumed", default);
    }

    private void Stop(Timestamp now, FailureCode code, string reason)
    {
        if (State == SupervisorState.Halted)
        {
            return;
        }
        HoldReason = reason;
        ClearTimers();
        _searchAttempt = 0;
        Transition(now, SupervisorState.Halted, code, reason, default);
    }

    private void Supervise(in SupervisorInput input, double t)
    {
        var now = input.Now;
        var felt = input.Felt;
        if (input.Stale != StaleInputs.None)
        {
            ClearTimers();
            Transition(now, SupervisorState.WaitForInputs, FailureCode.StaleInput, $"stale input: {input.Stale}", input);
            return;
        }
        if (input.TouchUsable && !felt.Contact)
        {
            _lostSince = double.IsNaN(_lostSince) ? t : _lostSince;
            if (t - _lostSince >= Options.LostAfter && Features.Recovery)
            {
                _searchAttempt = 0;
                StartReacquire(input, FailureCode.BeadLost, "both pads lost the bead");
            }
            return;
        }
        _lostSince = double.NaN;
        if (!felt.Contact)
        {
            return;
        }
        var lag = input.Travel == Vec3.Zero ? 0 : -Vec3.Dot(felt.Offset, input.Travel);
        var cross = felt.Offset - input.Travel * Vec3.Dot(felt.Offset, input.Travel);
        if (State == SupervisorState.JamRealign)
        {
            var inState = TimeInState(now);
            if ((inState >= Options.RealignTime && felt.Offset.Norm <= Options.RealignedOffset) || inState >= Options.RealignTimeout)
            {
                Transition(now, SupervisorState.Tracking, FailureCode.Jam, "realigned; retrying", input, recovered: true);
            }
            return;
        }
        if (Features.Recovery && lag > 2 * Options.JamLag)
        {
            // The bead sits near the pads' edge behind the fingers: regrasp it centred before it slips off.
            _searchAttempt = 0;
            StartReacquire(input, FailureCode.Slip, $"bead {lag * 1000:F1} mm behind the pinch point; regrasping");
            return;
        }
        // Lagging under load is a jam only while the bead makes no progress: on a sticky stretch it creeps on and sets the pace.
        var lagging = Features.Recovery && lag > Options.JamLag && input.AdvanceSpeed > 0.004;
        if (_lagJam.Update(lagging, t, Progress.Distance, Options.StallDistance, Options.JamTime))
        {
            StartJam(input, $"no progress under load (bead {lag * 1000:F1} mm behind)");
            return;
        }
        var advancing = Features.Recovery && State != SupervisorState.Recentre && input.AdvanceSpeed > 0.004;
        if (_stall.Update(advancing, t, Progress.Distance, Options.StallDistance, Options.StallTime))
        {
            StartJam(input, $"no progress for {Options.StallTime:F1} s (bead {lag * 1000:F1} mm behind)");
            return;
        }
        if (State == SupervisorState.Recentre)
        {
            if (cross.Norm <= Options.RecentredOffset || TimeInState(now) > 1.0)
            {
                Transition(now, SupervisorState.Tracking, FailureCode.Drift, $"recentred ({cross.Norm * 1000:F1} mm off)", input, recovered: true);
            }
            return;
        }
        if (Features.Drift && cross.Norm > Options.DriftOffset)
        {
            _driftSince = double.IsNaN(_driftSince) ? t : _driftSince;
            if (t - _driftSince >= Options.DriftTime)
            {
                _driftSince = double.NaN;
                if (Spend(FailureCode.Drift, now, input))
                {
                    Transition(now, SupervisorState.Recentre, FailureCode.Drift, $"bead {cross.Norm * 1000:F1} mm off the pinch line", input);
                }
                return;
            }
        }
        else
        {
            _driftSince = double.NaN;
        }
        if (State == SupervisorState.Tracking && Features.SlipReaction && felt.SlipProbability >= Options.SlipEnter)
        {
            _slipLowSince = double.NaN;
            Transition(now, SupervisorState.SlipReaction, FailureCode.Slip, $"slip p={felt.SlipProbability:F2} at {felt.SlipSeverity:F0} mm/s", input, recovered: true);
        }
        else if (State == SupervisorState.SlipReaction)
        {
            if (felt.SlipProbability <= Options.SlipExit)
            {
                _slipLowSince = double.IsNaN(_slipLowSince) ? t : _slipLowSince;
                if (t - _slipLowSince >= Options.SlipHold)
                {
                    Transition(now, SupervisorState.Tracking, FailureCode.Slip, "slip over", input);
                }
            }
            else
            {
                _slipLowSince = double.NaN;
            }
        }
    }

    private void StartJam(in SupervisorInput input, string reason)
    {
        if (Spend(FailureCode.Jam, input.Now, input))
        {
            Target = input.Grasp - input.Travel * Options.JamBackOff;
            Transition(input.Now, SupervisorState.JamBackOff, FailureCode.Jam, reason, input);
        }
    }

    private void StartReacquire(in SupervisorInput input, FailureCode code, string reason)
    {
        var now = input.Now;
        _recovering = code;
        if (!Spend(code == FailureCode.Slip ? FailureCode.BeadLost : code, now, input))
        {
            return;
        }
        // A regrasp goes to where the bead is felt now; a search walks back along the bead's remembered path.
        var here = input.Felt.Contact ? input.Grasp + input.Felt.Offset : (Vec3?)null;
        Target = here ?? Progress.PointBack(_searchAttempt * Options.SearchStep) ?? input.Grasp;
        _searchAttempt++;
        ClearTimers();
        Transition(now, SupervisorState.ReacquireOpen, code, reason, input);
    }

    /// <summary>Uses one retry of <paramref name="code"/>; when none is left, gives up into the safe hold and returns false.</summary>
    private bool Spend(FailureCode code, Timestamp now, in SupervisorInput input)
    {
        var budget = code switch
        {
            FailureCode.Jam => Options.BudgetJam,
            FailureCode.Drift => Options.BudgetDrift,
            _ => Options.BudgetLost,
        };
        if (_used[(int)code] >= budget)
        {
            HoldReason = $"{code}: retry budget of {budget} used up within {Options.BudgetResetDistance * 1000:F0} mm of progress";
            Transition(now, SupervisorState.SafeHold, FailureCode.BudgetExhausted, HoldReason, input);
            return false;
        }
        _used[(int)code]++;
        _progressAtRecovery = Progress.Distance;
        return true;
    }

    private void RefillBudgets(Timestamp now)
    {
        if (Progress.Distance - _progressAtRecovery < Options.BudgetResetDistance)
        {
            return;
        }
        _progressAtRecovery = Progress.Distance;
        if (Array.Exists(_used, u => u > 0))
        {
            Array.Clear(_used);
            BudgetRefills++;
        }
    }

    private void ClearTimers()
    {
        _lostSince = double.NaN;
        _slipLowSince = double.NaN;
        _lagJam.Reset();
        _driftSince = double.NaN;
        _stall.Reset();
    }

    /// <summary>The only place the state changes.</summary>
    /// <param name="recovered">The transition completes (or, for the slip reaction, is) a recovery from <paramref name="code"/>.</param>
    private void Transition(Timestamp now, SupervisorState to, FailureCode code, string reason, in SupervisorInput input, bool recovered = false)
    {
        var e = new SupervisorEvent(now, State, to, code, reason, input.Grasp, Progress.Distance, recovered);
        State = to;
        _since = now;
        _events.Add(e);
        Transitioned?.Invoke(e);
    }

    /// <summary>Fires once a condition has held for a time while felt progress stayed under a distance.</summary>
    private struct NoProgressTimer
    {
        private bool _running;
        private double _since;
        private double _progress;

        public void Reset() => _running = false;

        public bool Update(bool holds, double t, double progress, double distance, double time)
        {
            if (!holds)
            {
                _running = false;
                return false;
            }
            if (!_running || progress - _progress >= distance)
            {
                (_running, _since, _progress) = (true, t, progress);
                return false;
            }
            if (t - _since < time)
            {
                return false;
            }
            _running = false;
            return true;
        }
    }
}
