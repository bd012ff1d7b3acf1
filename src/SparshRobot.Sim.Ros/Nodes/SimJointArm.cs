using SparshRobot.Core.Geometry;
using SparshRobot.Core.Kinematics;
using SparshRobot.Core.Robot;
using SparshRobot.Core.Time;
using SparshRobot.Ros.Actions;
using SparshRobot.Ros.Messages.ControlMsgs;
using SparshRobot.Ros.Messages.SensorMsgs;
using SparshRobot.Ros.Messages.StdMsgs;
using SparshRobot.Ros.Node;
using Header = SparshRobot.Ros.Messages.StdMsgs.Header;
using RosTime = SparshRobot.Ros.Messages.BuiltinInterfaces.Time;

namespace SparshRobot.Sim.Ros.Nodes;

/// <summary>
/// The simulated hand as the tool of an arm (a <see cref="SerialChain"/>), so that the simulator takes what a
/// ros2_control arm takes in joint space: a joint position forward controller (the commanded joints' forward kinematics
/// is the pose the hand moves to), a joint velocity forward controller (the joints' velocities through the Jacobian are
/// the hand's twist) and JointTrajectoryController's FollowJointTrajectory action (the trajectory's last point is the
/// pose the hand moves to; its header stamp is the observation it answers in lock-step). Values come in the chain's
/// joint order. Before each observation it publishes the arm's joint state, at that observation's stamp.
/// </summary>
/// <remarks>
/// The hand's motion stays the simulator's (contact, limits, faults): the joints follow the hand, a few IK iterations
/// from the last joint state to the observed pose each tick. The arm is mounted where its home configuration puts the
/// tool at the hand's first pose, so the arm's reach is where the maze is.
/// </remarks>
public sealed class SimJointArm : IDisposable
{
    private readonly Lock _gate = new();
    private readonly SerialChain _chain;
    private readonly RosCommandController _controller;
    private readonly Publisher<JointState> _states;
    private readonly ActionServer<FollowJointTrajectoryGoal, FollowJointTrajectoryResult, FollowJointTrajectoryFeedback> _trajectory;
    private readonly string _frameId;
    private readonly TimeSpan? _awaitReader;
    private readonly CancellationToken _cancellation;
    private readonly RosLogger _logger;
    private Pose3? _mount;
    private double[] _positions;
    private CancellationTokenSource? _active;

    /// <param name="awaitReader">Lock-step: before the first joint state, wait for a reader of them, warning each time
    /// this long passes (a controller that misses the first would have nothing to step from, and lock-step would wait for
    /// its answer for ever); null: publish at once.</param>
    /// <param name="cancellation">Ends that wait.</param>
    public SimJointArm(RosNode node, RosCommandController controller, SerialChain chain, string frameId = "world", TimeSpan? awaitReader = null,
        CancellationToken cancellation = default)
    {
        _awaitReader = awaitReader;
        _cancellation = cancellation;
        _logger = node.Logger;
        _chain = chain;
        _controller = controller;
        _frameId = frameId;
        _positions = [.. chain.Home];
        var topics = controller.Topics;
        _states = node.CreatePublisher<JointState>(topics.JointStates);
        node.CreateSubscription<Float64MultiArray>(topics.ForwardJointPosition, m =>
        {
            if (Joints(m.Data, topics.ForwardJointPosition, "positions, rad") is { } q && Mounted() is { } mount)
            {
                _controller.CommandMotion(new HandCommand(PoseTarget: mount * _chain.Forward(q)), null);
            }
        });
        node.CreateSubscription<Float64MultiArray>(topics.ForwardJointVelocity, m =>
        {
            if (Joints(m.Data, topics.ForwardJointVelocity, "velocities, rad/s") is { } velocity && Mounted() is { } mount)
            {
                var twist = _chain.TwistOf(Positions, velocity);
                _controller.CommandMotion(new HandCommand(TwistTarget: new Twist(mount.Orientation.Rotate(twist.Linear), mount.Orientation.Rotate(twist.Angular))), null);
            }
        });
        _trajectory = node.CreateActionServer<FollowJointTrajectoryGoal, FollowJointTrajectoryResult, FollowJointTrajectoryFeedback>(topics.JointTrajectoryAction, ExecuteAsync,
            acceptGoal: (_, goal) => Invalid(goal) is not { } why || Refused(topics.JointTrajectoryAction, why));
    }

    /// <summary>The joint positions now, chain order.</summary>
    public double[] Positions
    {
        get
        {
            lock (_gate)
            {
                return _positions;
            }
        }
    }

    /// <summary>The rollout is about to publish the hand's pose: the joints follow it and their state goes out first.</summary>
    public void Observe(Timestamp stamp, Pose3 pose)
    {
        double[] q;
        if (_mount is null && _awaitReader is { } warnEvery)
        {
            AwaitReader(warnEvery);
        }
        lock (_gate)
        {
            _mount ??= pose * _chain.Forward(_positions).Inverse();
            _positions = DifferentialIk.Toward(_chain, _positions, _mount.Value.Inverse() * pose);
            q = _positions;
        }
        _states.Publish(new JointState(new Header(RosTime.From(stamp), _frameId), _chain.JointNames, q, [], []));
    }

    private void AwaitReader(TimeSpan warnEvery)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var warnAt = warnEvery;
        while (_states.MatchedSubscriptions < 1 && !_cancellation.IsCancellationRequested)
        {
            if (waited.Elapsed >= warnAt)
            {
                _logger.Warn($"lock-step: no reader on {_controller.Topics.JointStates} after {waited.Elapsed.TotalSeconds:F0} s; waiting before the first observation");
                warnAt += warnEvery;
            }
            _cancellation.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(20));
        }
    }

    private Pose3? Mounted()
    {
        lock (_gate)
        {
            return _mount;
        }
    }

    private double[]? Joints(double[] values, string topic, string what)
    {
        if (values.Length == _chain.Dof && values.All(double.IsFinite))
        {
            return values;
        }
        _controller.Refuse($"{topic}: {values.Length} values ({string.Join(", ", values)}); expected {_chain.Dof} finite joint {what} ({string.Join(", ", _chain.JointNames)})");
        return null;
    }

    /// <summary>Why JointTrajectoryController would refuse <paramref name="goal"/>; null when it is fine.</summary>
    private string? Invalid(FollowJointTrajectoryGoal goal)
    {
        var trajectory = goal.Trajectory;
        if (trajectory.Points.Count == 0)
        {
            return "the trajectory has no points";
        }
        if (trajectory.JointNames.FirstOrDefault(n => !_chain.JointNames.Contains(n)) is { } unknown)
        {
            return $"joint '{unknown}' is not one of the arm's ({string.Join(", ", _chain.JointNames)})";
        }
        if (trajectory.JointNames.Count != _chain.Dof || trajectory.JointNames.Distinct().Count() != _chain.Dof)
        {
            return $"the trajectory names {trajectory.JointNames.Count} joints ({string.Join(", ", trajectory.JointNames)}); expected each of the arm's {_chain.Dof} once";
        }
        var bad = trajectory.Points.Select((p, i) => (p, i)).FirstOrDefault(x => x.p.Positions.Length != _chain.Dof || !x.p.Positions.All(double.IsFinite));
        return bad.p is null ? null : $"point {bad.i} has {bad.p.Positions.Length} positions; expected {_chain.Dof} finite ones";
    }

    private bool Refused(string action, string why)
    {
        _controller.Refuse($"{action}: goal refused: {why}");
        return false;
    }

    private async Task<ActionOutcome<FollowJointTrajectoryResult>> ExecuteAsync(ServerGoalHandle<FollowJointTrajectoryGoal, FollowJointTrajectoryFeedback> goal)
    {
        using var preempted = new CancellationTokenSource();
        lock (_gate)
        {
            _active?.Cancel();
            _active = preempted;
        }
        try
        {
            var trajectory = goal.Goal.Trajectory;
            var last = trajectory.Points[^1];
            var q = new double[_chain.Dof];
            for (var i = 0; i < trajectory.JointNames.Count; i++)
            {
                q[_chain.IndexOf(trajectory.JointNames[i])] = last.Positions[i];
            }
            if (Mounted() is not { } mount)
            {
                return ActionOutcome<FollowJointTrajectoryResult>.Aborted(new FollowJointTrajectoryResult(FollowJointTrajectoryResult.InvalidGoal, "the arm has not been observed yet"));
            }
            _controller.CommandMotion(new HandCommand(PoseTarget: mount * _chain.Forward(q)), trajectory.Header.Stamp);
            // Done when an observation at or after the trajectory's end arrives, unless a newer goal takes over first.
            var start = trajectory.Header.Stamp;
            var endNs = start.ToTimestamp(ClockKind.Simulated).TotalNanoseconds + (long)(last.TimeFromStart.Sec * 1_000_000_000L + last.TimeFromStart.Nanosec);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(goal.CancellationToken, preempted.Token);
            while (true)
            {
                EeObservation observation;
                try
                {
                    observation = await _controller.NextObservationAsync(stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    var result = new FollowJointTrajectoryResult(FollowJointTrajectoryResult.Successful, goal.IsCancelRequested ? "canceled" : "preempted by a newer goal");
                    return goal.IsCancelRequested ? ActionOutcome<FollowJointTrajectoryResult>.Canceled(result) : ActionOutcome<FollowJointTrajectoryResult>.Aborted(result);
                }
                if (observation.Stamp.TotalNanoseconds >= endNs)
                {
                    return ActionOutcome<FollowJointTrajectoryResult>.Succeeded(new FollowJointTrajectoryResult(FollowJointTrajectoryResult.Successful, ""));
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                if (_active == preempted)
                {
                    _active = null;
                }
            }
        }
    }

    public void Dispose() => _trajectory.Dispose();
}
