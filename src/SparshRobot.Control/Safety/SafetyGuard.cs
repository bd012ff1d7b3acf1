using System.Globalization;
using SparshRobot.Control.Laws;
using SparshRobot.Core.Geometry;
using SparshRobot.Core.Robot;
using SparshRobot.Core.Time;

namespace SparshRobot.Control.Safety;

/// <summary>The guard's states. Exactly one is current; <see cref="SafetyGuard"/> owns every transition.</summary>
public enum SafetyState
{
    /// <summary>Commands pass untouched.</summary>
    Ok,

    /// <summary>Commands pass, changed by a limit (clipped into the box, slowed, grip clamped).</summary>
    Limiting,

    /// <summary>The hand holds still until the cause goes away: the heartbeat or a watched stream is silent, or a command was not finite.</summary>
    Holding,

    /// <summary>The e-stop was asserted: the hand holds until an explicit <see cref="SafetyGuard.Reset"/> with the e-stop released.</summary>
    EStopLatched,
}

/// <summary>Why the hand was made to hold.</summary>
public enum HoldCause
{
    EStop,
    Heartbeat,
    Watchdog,
    NotFinite,
}

/// <summary>One transition of a <see cref="SafetyGuard"/>, with why it happened.</summary>
public sealed record SafetyEvent(Timestamp Time, SafetyState From, SafetyState To, string Reason)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Time.TotalSeconds:F3} s: {From} -> {To}: {Reason}");
}

/// <summary>The answer to a reset request: refused while the e-stop input is still asserted.</summary>
public readonly record struct SafetyResetResult(bool Accepted, string Message);

/// <summary>
/// The safety law below the supervisor: decides each hand command against the limits (<see cref="MotionLimits"/>:
/// workspace box, linear and angular speed and acceleration, grip range), refuses non-finite commands, and holds the
/// hand while the e-stop is latched, the operator's heartbeat is missing or a watched input stream is silent.
/// </summary>
/// <remarks>
/// Holding sends a zero twist, or the pose the hand had when the hold began, with the grip at <see cref="SafetyOptions.HoldGrip"/>
/// or else the last grip let through; a stop is immediate (the acceleration limit never delays it) and motion after it
/// starts again from rest. The e-stop always latches (IEC 60204-1: a reset must not restart motion by itself, and is
/// refused while the e-stop is still pressed). A missing heartbeat or a silent stream release by themselves when the
/// input returns, as an enabling device does when pressed again and as MoveIt Servo resumes when commands return:
/// they are protective stops of the input's own making, and the ramp from rest keeps the restart gentle. A stream that
/// never arrives counts as silent from the guard's first decision (or its <see cref="Watch"/>). Time is what the
/// caller passes; nothing here reads a clock. Not thread safe: <see cref="SafeHand"/> serializes access.
/// </remarks>
public sealed class SafetyGuard
{
    private readonly List<SafetyEvent> _events = [];
    private readonly Dictionary<string, StreamWatch> _streams = new(StringComparer.Ordinal);
    private readonly long[] _holds = new long[Enum.GetValues<HoldCause>().Length];
    private readonly long[] _before = new long[Enum.GetValues<LimitReason>().Length];
    private Timestamp? _last;
    private Timestamp? _heartbeat;
    private Timestamp _armed;
    private bool _started;
    private bool _eStopAsserted;
    private Pose3? _target;
    private bool _poseMode;
    private Pose3? _heldPose;
    private double? _lastGrip;
    private Twist _twist;
    private HoldCause _holdCause;

    public SafetyGuard(SafetyOptions? options = null)
    {
        Options = options ?? SafetyOptions.Default;
        Limits = new MotionLimits(Options.Limits);
        foreach (var (stream, deadline) in Options.Watched)
        {
            if (deadline > 0)
            {
                _streams[stream] = new StreamWatch(deadline);
            }
        }
    }

    public SafetyOptions Options { get; }

    /// <summary>The limits every command passes; their counters count each limit reason.</summary>
    public MotionLimits Limits { get; }

    public SafetyState State { get; private set; } = SafetyState.Ok;

    /// <summary>Why the hand holds (or is latched); null while it moves.</summary>
    public string? HoldReason { get; private set; }

    public IReadOnlyList<SafetyEvent> Events => _events;

    /// <summary>Raised on every transition (and when a hold's reason changes).</summary>
    public event Action<SafetyEvent>? Transitioned;

    /// <summary>How often a hold began for <paramref name="cause"/>.</summary>
    public long Holds(HoldCause cause) => _holds[(int)cause];

    /// <summary>How often a command was changed for <paramref name="reason"/>.</summary>
    public long Count(LimitReason reason) => Limits.Count(reason);

    /// <summary>The streams watched and their deadlines, seconds.</summary>
    public IEnumerable<KeyValuePair<string, double>> Watched => _streams.Select(s => KeyValuePair.Create(s.Key, s.Value.Deadline));

    /// <summary>The e-stop input as last reported (a latch outlives it).</summary>
    public bool EStopAsserted => _eStopAsserted;

    public bool IsWatched(string stream) => _streams.ContainsKey(stream);

    /// <summary>Watches another stream (or changes a deadline); it counts as silent from <paramref name="now"/> until it is <see cref="Feed"/>.</summary>
    public void Watch(string stream, double deadline, Timestamp now)
    {
        if (string.IsNullOrWhiteSpace(stream) || !(deadline > 0 && double.IsFinite(deadline)))
        {
            throw new ArgumentException($"watching stream '{stream}' with deadline {deadline} s: expected a name and a positive deadline");
        }
        _streams[stream] = new StreamWatch(deadline) { Since = now };
    }

    /// <summary>A message of <paramref name="stream"/> arrived at <paramref name="stamp"/>.</summary>
    /// <exception cref="ArgumentException">The stream is not watched (a typo would otherwise silently disable its watchdog).</exception>
    public void Feed(string stream, Timestamp stamp)
    {
        if (!_streams.TryGetValue(stream, out var watch))
        {
            throw new ArgumentException($"stream '{stream}' is not watched; watched: {string.Join(", ", _streams.Keys.Order(StringComparer.Ordinal))} (give it a deadline in safety.watchdog or Watch it)", nameof(stream));
        }
        if (watch.Seen is not { } seen || stamp > seen)
        {
            watch.Seen = stamp;
        }
    }

    /// <summary>The operator's heartbeat arrived at <paramref name="now"/>.</summary>
    public void Heartbeat(Timestamp now)
    {
        if (_heartbeat is not { } seen || now > seen)
        {
            _heartbeat = now;
        }
    }

    /// <summary>The e-stop input: asserting it latches a hold at once; releasing it only allows a <see cref="Reset"/>.</summary>
    public void EStop(Timestamp now, bool asserted, string source)
    {
        _eStopAsserted = asserted;
        if (asserted && State != SafetyState.EStopLatched)
        {
            _holds[(int)HoldCause.EStop]++;
            _holdCause = HoldCause.EStop;
            Transition(now, SafetyState.EStopLatched, $"e-stop asserted ({source})");
        }
    }

    /// <summary>Releases a latched e-stop; refused, with the reason, while the e-stop input is still asserted.</summary>
    public SafetyResetResult Reset(Timestamp now)
    {
        if (State != SafetyState.EStopLatched)
        {
            return new SafetyResetResult(true, $"nothing to reset: {State}{(HoldReason is null ? "" : $" ({HoldReason})")}");
        }
        if (_eStopAsserted)
        {
            return new SafetyResetResult(false, "reset refused: the e-stop is still asserted; release it first");
        }
        Transition(now, SafetyState.Ok, "e-stop reset");
        return new SafetyResetResult(true, "e-stop reset; motion starts again from rest");
    }

    /// <summary>
    /// Re-checks the heartbeat and the watched streams at <paramref name="now"/> without a command (a timer calls it,
    /// so a hold begins within its deadline even when no command comes). True while the hand must hold.
    /// </summary>
    public bool Check(Timestamp now)
    {
        if (!_started)
        {
            _started = true;
            _armed = now;
        }
        if (State == SafetyState.EStopLatched)
        {
            return true;
        }
        if (Silence(now) is { } silence)
        {
            Hold(now, silence.Cause, silence.Reason);
            return true;
        }
        if (State == SafetyState.Holding && _holdCause != HoldCause.NotFinite)
        {
            Transition(now, SafetyState.Ok, "inputs back after: " + HoldReason);
        }
        return false;
    }

    /// <summary>
    /// The command to send in place of <paramref name="command"/> at <paramref name="now"/>, for a hand that reports
    /// <paramref name="observed"/>: limited, or a hold.
    /// </summary>
    public HandCommand Decide(Timestamp now, in HandCommand command, in EeObservation observed)
    {
        command.Validate();
        var dt = _last is { } last ? Math.Max(0, (now.TotalNanoseconds - last.TotalNanoseconds) / 1e9) : 0;
        _last = now;
        _poseMode = command.PoseTarget is not null || (command.TwistTarget is null && _poseMode);
        if (Check(now))
        {
            return HoldCommand(observed);
        }
        if (NotFinite(command) is { } field)
        {
            Hold(now, HoldCause.NotFinite, $"refused a non-finite command ({field})");
            return HoldCommand(observed);
        }
        if (State == SafetyState.Holding)
        {
            Transition(now, SafetyState.Ok, "commands finite again");
        }
        for (var i = 0; i < _before.Length; i++)
        {
            _before[i] = Limits.Count((LimitReason)i);
        }
        var limited = Limit(command, observed, dt);
        var reasons = Changed();
        Transition(now, reasons.Length == 0 ? SafetyState.Ok : SafetyState.Limiting, reasons.Length == 0 ? "commands within limits" : "limited: " + reasons);
        return limited;
    }

    private HandCommand Limit(in HandCommand command, in EeObservation observed, double dt)
    {
        var grip = command.GripTarget is { } g ? Limits.Grip(g) : (double?)null;
        _lastGrip = grip ?? _lastGrip;
        if (command.PoseTarget is { } pose)
        {
            _twist = Twist.Zero;
            var from = _target ?? observed.EePose;
            var next = new Pose3(Limits.Position(pose.Position, from.Position, dt), Limits.Orientation(pose.Orientation, from.Orientation, dt));
            _target = next;
            return new HandCommand(PoseTarget: next, GripTarget: grip);
        }
        _target = null;
        if (command.TwistTarget is { } twist)
        {
            // No time passed (the first command, or two at one instant): no change of velocity can be allowed.
            _twist = dt > 0 ? new Twist(Limits.Velocity(twist.Linear, observed.EePose.Position, dt), Limits.AngularVelocity(twist.Angular, dt)) : _twist;
            return new HandCommand(TwistTarget: _twist, GripTarget: grip);
        }
        return new HandCommand(GripTarget: grip);
    }

    private HandCommand HoldCommand(in EeObservation observed)
    {
        var grip = Options.HoldGrip ?? _lastGrip;
        if (_poseMode)
        {
            _heldPose ??= observed.EePose;
            return new HandCommand(PoseTarget: _heldPose, GripTarget: grip);
        }
        return new HandCommand(TwistTarget: Twist.Zero, GripTarget: grip);
    }

    private void Hold(Timestamp now, HoldCause cause, string reason)
    {
        if (State is SafetyState.Holding && HoldReason == reason)
        {
            return;
        }
        if (State is not SafetyState.Holding || _holdCause != cause)
        {
            _holds[(int)cause]++;
        }
        _holdCause = cause;
        Transition(now, SafetyState.Holding, reason);
    }

    private (HoldCause Cause, string Reason)? Silence(Timestamp now)
    {
        var timeout = Options.HeartbeatTimeout;
        if (timeout > 0 && Age(now, _heartbeat ?? _armed) > timeout)
        {
            return (HoldCause.Heartbeat, _heartbeat is null
                ? string.Create(CultureInfo.InvariantCulture, $"no operator heartbeat yet (timeout {timeout:F3} s)")
                : string.Create(CultureInfo.InvariantCulture, $"operator heartbeat silent for {Age(now, _heartbeat.Value):F3} s (timeout {timeout:F3} s)"));
        }
        foreach (var (stream, watch) in _streams)
        {
            var since = watch.Seen ?? watch.Since ?? _armed;
            if (Age(now, since) > watch.Deadline)
            {
                return (HoldCause.Watchdog, watch.Seen is null
                    ? string.Create(CultureInfo.InvariantCulture, $"no {stream} input yet (deadline {watch.Deadline:F3} s)")
                    : string.Create(CultureInfo.InvariantCulture, $"{stream} input silent for {Age(now, since):F3} s (deadline {watch.Deadline:F3} s)"));
            }
        }
        return null;
    }

    private static string? NotFinite(in HandCommand c)
    {
        static bool Bad(Vec3 v) => !(double.IsFinite(v.X) && double.IsFinite(v.Y) && double.IsFinite(v.Z));
        return c.PoseTarget is { } p && Bad(p.Position) ? $"pose target position {p.Position}"
            : c.TwistTarget is { } t && Bad(t.Linear) ? $"twist linear {t.Linear}"
            : c.TwistTarget is { } u && Bad(u.Angular) ? $"twist angular {u.Angular}"
            : c.GripTarget is { } g && !double.IsFinite(g) ? $"grip target {g}"
            : null;
    }

    private string Changed()
    {
        var names = new List<string>();
        for (var i = 0; i < _before.Length; i++)
        {
            if (Limits.Count((LimitReason)i) != _before[i])
            {
                names.Add(((LimitReason)i).ToString());
            }
        }
        return string.Join(", ", names);
    }

    /// <summary>The one owner of transitions: state, reason, the motion's restart from rest, and the event.</summary>
    private void Transition(Timestamp now, SafetyState to, string reason)
    {
        var from = State;
        var holding = to is SafetyState.Holding or SafetyState.EStopLatched;
        if (from == to && (!holding || reason == HoldReason))
        {
            return;
        }
        if (!holding && from is SafetyState.Holding or SafetyState.EStopLatched)
        {
            // Released: start again from rest, from where the hand is.
            Limits.Reset();
            _twist = Twist.Zero;
            _target = null;
            _heldPose = null;
        }
        State = to;
        HoldReason = holding ? reason : null;
        var e = new SafetyEvent(now, from, to, reason);
        _events.Add(e);
        Transitioned?.Invoke(e);
    }

    private static double Age(Timestamp now, Timestamp then) => (now.TotalNanoseconds - then.TotalNanoseconds) / 1e9;

    private sealed class StreamWatch(double deadline)
    {
        public double Deadline { get; } = deadline;

        public Timestamp? Since { get; init; }

        public Timestamp? Seen { get; set; }
    }
}
