using System.Diagnostics;
using SparshRobot.Core.Robot;
using SparshRobot.Core.Time;
using SparshRobot.Ros.Messages.GeometryMsgs;
using SparshRobot.Ros.Messages.StdMsgs;
using SparshRobot.Ros.Node;
using SparshRobot.Sim.Simulation;
using RosTime = SparshRobot.Ros.Messages.BuiltinInterfaces.Time;

namespace SparshRobot.Sim.Nodes;

/// <summary>
/// A maze controller whose commands come from ROS 2: <c>/robot/ee_target</c> (PoseStamped),
/// <c>/robot/ee_twist</c> (TwistStamped) and <c>/gripper/force_target</c> (Float64), as a robot's command topics.
/// The newest pose or twist wins; each command is applied once.
/// </summary>
/// <remarks>
/// Lock-step: the rollout publishes a control period's observations before it asks the controller, so waiting here
/// holds simulated time at that observation until a pose or twist command stamped at or after it arrives, the
/// controller's acknowledgement that it acted on it. The command's own header stamp is the handshake (no extra
/// topic), so any controller that stamps its command with the observation it used takes part unchanged, and the
/// command takes effect at the same simulated instant however long the controller thought: runs replay exactly.
/// </remarks>
public sealed class RosCommandController : IMazeController
{
    // A monitor rather than a Lock, so that lock-step can wait on it for a command.
    private readonly object _gate = new();
    private readonly RosLogger _logger;
    private readonly TimeSpan? _lockStepTimeout;
    private readonly CancellationToken _cancellation;
    private HandCommand? _pending;
    private long _newestStampNs = long.MinValue;
    private TaskCompletionSource<EeObservation> _nextObservation = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="lockStepTimeout">Null: apply commands as they come. Otherwise run in lock-step, warning each time
    /// this long passes without the awaited command.</param>
    /// <param name="cancellation">Ends a lock-step wait (the node shutting down).</param>
    /// <param name="ticks">When the rollout asks for a command (and, in lock-step, waits for it): at each observation
    /// (30 Hz, the recorded teleop rate) or at each tactile tick (60 Hz, as the in-process control stack runs).</param>
    public RosCommandController(RosNode node, TimeSpan? lockStepTimeout = null, CancellationToken cancellation = default, SimTicks ticks = SimTicks.Observation)
    {
        if (lockStepTimeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(lockStepTimeout), $"lock_step_timeout {timeout.TotalSeconds} s must be positive");
        }
        _logger = node.Logger;
        _lockStepTimeout = lockStepTimeout;
        _cancellation = cancellation;
        Ticks = ticks;
        node.CreateSubscription<PoseStamped>("/robot/ee_target", m => Merge(new HandCommand(PoseTarget: m.Pose.ToCore()), m.Header.Stamp));
        node.CreateSubscription<TwistStamped>("/robot/ee_twist", m => Merge(new HandCommand(TwistTarget: m.Twist.ToCore()), m.Header.Stamp));
        node.CreateSubscription<Float64>("/gripper/force_target", m => Merge(new HandCommand(GripTarget: m.Data), null));
    }

    public string Name => "ros";

    public SimTicks Ticks { get; }

    public long Received { get; private set; }

    /// <summary>Sets the grip force target as <c>/gripper/force_target</c> does (the gripper action's way in).</summary>
    public void CommandGrip(double force) => Merge(new HandCommand(GripTarget: force), null);

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
            return command;
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
                _logger.Warn($"lock-step: no command on /robot/ee_target or /robot/ee_twist stamped at or after the observation of " +
                    $"{observation.Sec}.{observation.Nanosec:D9} s for {waited.Elapsed.TotalSeconds:F1} s; simulated time waits for it");
                warnAt += timeout;
                continue;
            }
            Monitor.Wait(_gate, left);
        }
    }

    private void Merge(HandCommand incoming, RosTime? stamp)
    {
        lock (_gate)
        {
            Received++;
            var grip = incoming.GripTarget ?? _pending?.GripTarget;
            _pending = incoming.PoseTarget is not null || incoming.TwistTarget is not null
                ? incoming with { GripTarget = grip }
                : (_pending ?? new HandCommand()) with { GripTarget = grip };
            if (stamp is not null)
            {
                _newestStampNs = Math.Max(_newestStampNs, stamp.ToTimestamp(ClockKind.Simulated).TotalNanoseconds);
                Monitor.PulseAll(_gate);
            }
        }
    }
}
