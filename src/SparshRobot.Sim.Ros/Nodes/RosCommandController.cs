using System.Diagnostics;
using SparshRobot.Core.Geometry;
using SparshRobot.Core.Robot;
using SparshRobot.Core.Time;
using SparshRobot.Ros.Messages.GeometryMsgs;
using SparshRobot.Ros.Messages.StdMsgs;
using SparshRobot.Ros.Node;
using SparshRobot.Sim.Simulation;
using RosTime = SparshRobot.Ros.Messages.BuiltinInterfaces.Time;
using Twist = SparshRobot.Core.Geometry.Twist;

namespace SparshRobot.Sim.Ros.Nodes;

/// <summary>The command inputs of the simulated robot, every interface a lab's arm and gripper may offer, and its /tf output.</summary>
/// <param name="ServoTwist">MoveIt Servo's twist input (TwistStamped); a twist older than <see cref="ServoCommandTimeout"/>
/// (simulated seconds) stops the hand, as Servo's <c>incoming_command_timeout</c> does.</param>
/// <param name="ForwardVelocity">A Cartesian velocity forward controller (Float64MultiArray vx vy vz wx wy wz).</param>
/// <param name="ForwardPosition">A Cartesian pose forward controller (Float64MultiArray x y z qx qy qz qw).</param>
/// <param name="GripperForward">The gripper's forward controller (Float64MultiArray [force N]).</param>
/// <param name="ForwardJointPosition">A joint position forward controller (Float64MultiArray, the chain's joint order), see <see cref="SimJointArm"/>.</param>
/// <param name="ForwardJointVelocity">A joint velocity forward controller (Float64MultiArray, the chain's joint order).</param>
/// <param name="JointTrajectoryAction">A JointTrajectoryController's FollowJointTrajectory action.</param>
/// <param name="JointStates">Where the simulated arm's joint states go out.</param>
/// <param name="TfChildFrame">The end-effector frame the robot's pose goes out as on <c>/tf</c> (from world); empty: none.</param>
public sealed record SimCommandTopics(
    string PoseTarget = RobotCommandTopics.PoseTarget,
    string Twist = RobotCommandTopics.TwistTarget,
    string GripTarget = RobotCommandTopics.GripTarget,
    string ServoTwist = RobotCommandTopics.ServoTwist,
    string ForwardVelocity = RobotCommandTopics.ForwardVelocity,
    string ForwardPosition = RobotCommandTopics.ForwardPosition,
    string GripperForward = RobotCommandTopics.GripperForward,
    string ForwardJointPosition = RobotCommandTopics.ForwardJointPosition,
    string ForwardJointVelocity = RobotCommandTopics.ForwardJointVelocity,
    string JointTrajectoryAction = RobotCommandTopics.JointTrajectoryAction,
    string JointStates = RobotCommandTopics.JointStates,
    double ServoCommandTimeout = 0.1,
    string TfChildFrame = "ee")
{
    public static SimCommandTopics Default { get; } = new();
}

/// <summary>
/// A maze controller whose commands come from ROS 2, through any of the robot interfaces of <see cref="SimCommandTopics"/>:
/// pose targets, twists (the robot's own topic or MoveIt Servo's), a Cartesian forward velocity controller, and the grip
/// force as a Float64 or a forward controller. The newest pose or twist wins; each command is applied once.
/// </summary>
/// <remarks>
/// Lock-step: the rollout publishes a control period's observations before it asks the controller, so waiting here
/// holds simulated time at that observation until a pose or twist command stamped at or after it arrives, the
/// controller's acknowledgement that it acted on it. The command's own header stamp is the handshake (no extra
/// topic), so any controller that stamps its command with the observation it used takes part unchanged, and the
/// command takes effect at the same simulated instant however long the controller thought: runs replay exactly.
/// A forward controller's command has no stamp: one that arrives after an observation was published answers it
/// (<see cref="ObservationPublished"/>), which holds for a controller that answers each observation once.
/// </remarks>
public sealed class RosCommandController : IMazeController
{
    // A monitor rather than a Lock, so that lock-step can wait on it for a command.
    private readonly object _gate = new();
    private readonly RosLogger _logger;
    private readonly TimeSpan? _lockStepTimeout;
    private readonly CancellationToken _cancellation;
    private readonly SimCommandTopics _topics;
    private HandCommand? _pending;
    private long _newestStampNs = long.MinValue;
    private long _publishedNs = long.MinValue;
    private long? _servoStampNs;
    private bool _servoHalted;
    private TaskCompletionSource<EeObservation> _nextObservation = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="lockStepTimeout">Null: apply commands as they come. Otherwise run in lock-step, warning each time
    /// this long passes without the awaited command.</param>
    /// <param name="cancellation">Ends a lock-step wait (the node shutting down).</param>
    /// <param name="ticks">When the rollout asks for a command (and, in lock-step, waits for it): at each observation
    /// (30 Hz, the recorded teleop rate) or at each tactile tick (60 Hz, as the in-process control stack runs).</param>
    /// <param name="topics">The command inputs (default: <see cref="SimCommandTopics.Default"/>).</param>
    public RosCommandController(RosNode node, TimeSpan? lockStepTimeout = null, CancellationToken cancellation = default, SimTicks ticks = SimTicks.Observation,
        SimCommandTopics? topics = null)
    {
        if (lockStepTimeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(lockStepTimeout), $"lock_step_timeout {timeout.TotalSeconds} s must be positive");
        }
        _logger = node.Logger;
        _lockStepTimeout = lockStepTimeout;
        _cancellation = cancellation;
        Ticks = ticks;
        _topics = topics ?? SimCommandTopics.Default;
        if (!(_topics.ServoCommandTimeout > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(topics), $"servo command timeout {_topics.ServoCommandTimeout} s must be positive");
        }
        node.CreateSubscription<PoseStamped>(_topics.PoseTarget, m => Merge(new HandCommand(PoseTarget: m.Pose.ToCore()), m.Header.Stamp));
        node.CreateSubscription<TwistStamped>(_topics.Twist, m => Merge(new HandCommand(TwistTarget: m.Twist.ToCore()), m.Header.Stamp));
        node.CreateSubscription<Float64>(_topics.GripTarget, m => Merge(new HandCommand(GripTarget: m.Data), null));
        node.CreateSubscription<TwistStamped>(_topics.ServoTwist, m => Merge(new HandCommand(TwistTarget: m.Twist.ToCore()), m.Header.Stamp, servo: true));
        node.CreateSubscription<Float64MultiArray>(_topics.ForwardVelocity, m =>
        {
            if (m.Data.Length != 6 || !m.Data.All(double.IsFinite))
            {
                Malformed($"{_topics.ForwardVelocity}: {m.Data.Length} values ({string.Join(", ", m.Data)}); expected 6 finite ones (vx vy vz wx wy wz)");
                return;
            }
            var d = m.Data;
            Merge(new HandCommand(TwistTarget: new Twist(new Vec3(d[0], d[1], d[2]), new Vec3(d[3], d[4], d[5]))), null, unstampedMotion: true);
        });
        node.CreateSubscription<Float64MultiArray>(_topics.ForwardPosition, m =>
        {
            var d = m.Data;
            if (d.Length != 7 || !d.All(double.IsFinite) || Math.Sqrt(d[3] * d[3] + d[4] * d[4] + d[5] * d[5] + d[6] * d[6]) < 1e-6)
            {
                Malformed($"{_topics.ForwardPosition}: {d.Length} values ({string.Join(", ", d)}); expected 7 finite ones (x y z qx qy qz qw) with a non-zero quaternion");
                return;
            }
            Merge(new HandCommand(PoseTarget: new Pose3(new Vec3(d[0], d[1], d[2]), new Quat(d[3], d[4], d[5], d[6]))), null, unstampedMotion: true);
        });
        node.CreateSubscription<Float64MultiArray>(_topics.GripperForward, m =>
        {
            if (m.Data.Length != 1 || !double.IsFinite(m.Data[0]))
            {
                Malformed($"{_topics.GripperForward}: {m.Data.Length} values ({string.Join(", ", m.Data)}); expected one finite grip force, N");
                return;
            }
            Merge(new HandCommand(GripTarget: m.Data[0]), null);
        });
    }

    public SimCommandTopics Topics => _topics;

    /// <summary>Commands refused as malformed (wrong length, not finite).</summary>
    public long MalformedCommands { get; private set; }

    /// <summary>Times the Servo input went quiet for longer than its command timeout and the hand was stopped.</summary>
    public long ServoTimeouts { get; private set; }

    /// <summary>The rollout is about to publish the observation of <paramref name="stamp"/>: an unstamped command arriving from now on answers it.</summary>
    public void ObservationPublished(Timestamp stamp)
    {
        lock (_gate)
        {
            _publishedNs = Math.Max(_publishedNs, stamp.TotalNanoseconds);
        }
    }

    public string Name => "ros";

    public SimTicks Ticks { get; }

    public long Received { get; private set; }

    /// <summary>Sets the grip force target as <c>/gripper/force_target</c> does (the gripper action's way in).</summary>
    public void CommandGrip(double force) => Merge(new HandCommand(GripTarget: force), null);

    /// <summary>
    /// A pose or twist from another interface (the simulated arm's joint commands), answering the observation of
    /// <paramref name="stamp"/>; without a stamp (or a zero one, "now" in ROS) it answers the last published observation.
    /// </summary>
    public void CommandMotion(HandCommand command, RosTime? stamp)
    {
        var stamped = stamp is { Sec: not 0 } or { Nanosec: not 0 } ? stamp : null;
        Merge(command, stamped, unstampedMotion: stamped is null);
    }

    /// <summary>Counts a command another interface refused as malformed, and says why.</summary>
    public void Refuse(string why) => Malformed(why);

    /// <summary>The observation the rollout hands the controller next (grip force and target included).</summary>
    public Task<EeObservation> NextObservationAsync(CancellationToken cancellation)
    {
        lock (_gate)
        {
            return _nextObservation.Task.WaitAsync(cancellation);
        }
    }

    public HandCommand? Act(ControllerInput input)
    {
        TaskCompletionSource<EeObservation> observed;
        lock (_gate)
        {
            observed = _nextObservation;
            _nextObservation = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        observed.SetResult(input.Observation);
        // Registered outside the gate: disposing waits for a running callback, which needs the gate.
        using var wake = _lockStepTimeout is null ? default : _cancellation.Register(() =>
        {
            lock (_gate)
            {
                Monitor.PulseAll(_gate);
            }
        });
        lock (_gate)
        {
            if (_lockStepTimeout is { } timeout)
            {
                AwaitCommandFor(input.Observation.Stamp, timeout);
            }
            var command = _pending;
            _pending = null;
            return ServoWatchdog(command, input.Observation.Stamp);
        }
    }

    /// <summary>Waits, holding the gate, until a pose or twist stamped at or after <paramref name="observation"/> arrived or shutdown.</summary>
    private void AwaitCommandFor(Timestamp observation, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        var warnAt = timeout;
        while (_newestStampNs < observation.TotalNanoseconds && !_cancellation.IsCancellationRequested)
        {
            var left = warnAt - waited.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                _logger.Warn($"lock-step: no motion command answering the observation of {observation.Sec}.{observation.Nanosec:D9} s for {waited.Elapsed.TotalSeconds:F1} s " +
                    $"(stamped at or after it on {_topics.PoseTarget}, {_topics.Twist}, {_topics.ServoTwist} or {_topics.JointTrajectoryAction}, or any on {_topics.ForwardVelocity}, {_topics.ForwardPosition}, " +
                    $"{_topics.ForwardJointPosition} or {_topics.ForwardJointVelocity}); simulated time waits for it");
                warnAt += timeout;
                continue;
            }
            Monitor.Wait(_gate, left);
        }
    }

    /// <summary>
    /// Servo's <c>incoming_command_timeout</c> on simulated time: while the hand follows a Servo twist that has not been
    /// renewed within the timeout, it is stopped (once, until a new twist comes). Holds the gate.
    /// </summary>
    private HandCommand? ServoWatchdog(HandCommand? command, Timestamp now)
    {
        if (command?.TwistTarget is not null || command?.PoseTarget is not null || _servoStampNs is not { } servo || _servoHalted)
        {
            return command;
        }
        if ((now.TotalNanoseconds - servo) / 1e9 <= _topics.ServoCommandTimeout)
        {
            return command;
        }
        _servoHalted = true;
        ServoTimeouts++;
        _logger.Warn($"{_topics.ServoTwist}: no twist for more than {_topics.ServoCommandTimeout:0.###} s of simulated time; the hand stops, as Servo does");
        return (command ?? new HandCommand()) with { TwistTarget = Twist.Zero };
    }

    private void Malformed(string why)
    {
        lock (_gate)
        {
            MalformedCommands++;
        }
        _logger.Warn($"dropped a command: {why}");
    }

    /// <param name="servo">A Servo twist: its stamp also feeds the Servo timeout.</param>
    /// <param name="unstampedMotion">A motion command without a stamp (a forward controller's): it answers the last published observation.</param>
    private void Merge(HandCommand incoming, RosTime? stamp, bool servo = false, bool unstampedMotion = false)
    {
        lock (_gate)
        {
            Received++;
            var grip = incoming.GripTarget ?? _pending?.GripTarget;
            var motion = incoming.PoseTarget is not null || incoming.TwistTarget is not null;
            _pending = motion
                ? incoming with { GripTarget = grip }
                : (_pending ?? new HandCommand()) with { GripTarget = grip };
            if (motion)
            {
                // Another interface taking over ends what the Servo timeout watches.
                _servoStampNs = null;
            }
            long? answers = stamp is not null ? stamp.ToTimestamp(ClockKind.Simulated).TotalNanoseconds : unstampedMotion ? _publishedNs : null;
            if (servo && answers is { } servoStamp)
            {
                _servoStampNs = servoStamp;
                _servoHalted = false;
            }
            if (answers is { } ns)
            {
                _newestStampNs = Math.Max(_newestStampNs, ns);
                Monitor.PulseAll(_gate);
            }
        }
    }
}
