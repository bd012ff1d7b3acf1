using SparshRobot.Core.Robot;
using SparshRobot.Core.Time;

namespace SparshRobot.Control.Safety;

/// <summary>
/// The robot's <see cref="IHand"/> behind the <see cref="SafetyGuard"/>: every command is limited or replaced by a hold
/// before it reaches the hardware, whoever sends it (controller, supervisor, teleop). The one place safety is enforced.
/// </summary>
/// <remarks>
/// <see cref="Read"/> feeds the pose watchdog when an observation newer than the last arrives (at this clock's now). In dry run (<see cref="SafetyOptions.DryRun"/>)
/// commands go to the shadow sink and never to the robot's <see cref="IHand.Write"/>; the robot is still read. The
/// e-stop, reset, heartbeat and stream inputs may come from other threads (a ROS executor): every call is serialized.
/// </remarks>
public sealed class SafeHand : IHand
{
    private readonly Lock _gate = new();
    private readonly IHand _robot;
    private readonly Func<HandCommand, HandCommand>? _shadow;
    private readonly IClock _clock;
    private EeObservation _observed;
    private bool _read;

    /// <param name="robot">The real hand (its Read always, its Write only when not in dry run).</param>
    /// <param name="clock">The time decisions are made at (the node's clock, simulated time in a simulation).</param>
    /// <param name="shadow">Where dry-run commands go (a shadow topic publisher, another hand's Write); null drops them.</param>
    public SafeHand(IHand robot, SafetyOptions options, IClock clock, Func<HandCommand, HandCommand>? shadow = null)
    {
        _robot = robot;
        _clock = clock;
        _shadow = shadow;
        Guard = new SafetyGuard(options);
    }

    /// <summary>The law; read its state, counters and events (not thread safe: read them between calls, or from <see cref="Transitioned"/>).</summary>
    public SafetyGuard Guard { get; }

    public bool DryRun => Guard.Options.DryRun;

    public SafetyState State
    {
        get
        {
            lock (_gate)
            {
                return Guard.State;
            }
        }
    }

    /// <summary>Raised on every transition of the guard, inside the hand's lock.</summary>
    public event Action<SafetyEvent>? Transitioned
    {
        add => Guard.Transitioned += value;
        remove => Guard.Transitioned -= value;
    }

    /// <summary>Commands sent to the shadow sink (dry run).</summary>
    public long ShadowWrites { get; private set; }

    public EeObservation Read()
    {
        var observed = _robot.Read();
        if (observed.Stamp == default)
        {
            // The robot has reported nothing yet (a hold sent before its first pose): no reading to keep, and its
            // default stamp is of no clock a later reading could be ordered against.
            return observed;
        }
        lock (_gate)
        {
            if (!_read || observed.Stamp > _observed.Stamp)
            {
                _read = true;
                _observed = observed;
                if (Guard.IsWatched(SafetyStreams.Pose))
                {
                    // By arrival on this clock, as every watched stream: the robot's stamps may run on another clock (simulated time).
                    Guard.Feed(SafetyStreams.Pose, _clock.Now());
                }
            }
        }
        return observed;
    }

    /// <summary>Limits <paramref name="command"/> (or holds) and sends it on; returns what the robot or the shadow sink applied.</summary>
    public HandCommand Write(HandCommand command)
    {
        lock (_gate)
        {
            if (!_read)
            {
                Read();
            }
            return Send(Guard.Decide(_clock.Now(), command, _observed));
        }
    }

    /// <summary>The operator's heartbeat arrived now.</summary>
    public void Heartbeat()
    {
        lock (_gate)
        {
            Guard.Heartbeat(_clock.Now());
        }
    }

    /// <summary>A message of a watched stream arrived now.</summary>
    public void Feed(string stream)
    {
        lock (_gate)
        {
            Guard.Feed(stream, _clock.Now());
        }
    }

    /// <summary>Watches another input stream by name from now on.</summary>
    public void Watch(string stream, double deadline)
    {
        lock (_gate)
        {
            Guard.Watch(stream, deadline, _clock.Now());
        }
    }

    /// <summary>The e-stop input changed; asserting it sends the hold at once.</summary>
    public void EStop(bool asserted, string source)
    {
        lock (_gate)
        {
            Guard.EStop(_clock.Now(), asserted, source);
            if (asserted)
            {
                SendHold();
            }
        }
    }

    public SafetyResetResult Reset()
    {
        lock (_gate)
        {
            return Guard.Reset(_clock.Now());
        }
    }

    /// <summary>
    /// Re-checks the inputs now and, while the hand must hold, sends the hold again (call it from a timer: a silent
    /// input stops the hand within its deadline even when the controller has stopped commanding). True while holding.
    /// </summary>
    public bool Poll()
    {
        lock (_gate)
        {
            if (!Guard.Check(_clock.Now()))
            {
                return false;
            }
            SendHold();
            return true;
        }
    }

    private void SendHold()
    {
        if (!_read)
        {
            Read();
        }
        // A hold decided on no command: the guard answers any command with the hold while it holds.
        Send(Guard.Decide(_clock.Now(), default, _observed));
    }

    private HandCommand Send(in HandCommand command)
    {
        if (!DryRun)
        {
            return _robot.Write(command);
        }
        ShadowWrites++;
        return _shadow?.Invoke(command) ?? command;
    }
}
