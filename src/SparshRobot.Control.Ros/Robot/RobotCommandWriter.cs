using SparshRobot.Control.Laws;
using SparshRobot.Core.Geometry;
using SparshRobot.Core.Robot;
using SparshRobot.Core.Time;
using SparshRobot.Ros.Actions;
using SparshRobot.Ros.Messages.ControlMsgs;
using SparshRobot.Ros.Messages.GeometryMsgs;
using SparshRobot.Ros.Messages.StdMsgs;
using SparshRobot.Ros.Messages.TrajectoryMsgs;
using SparshRobot.Ros.Node;
using Duration = SparshRobot.Ros.Messages.BuiltinInterfaces.Duration;
using Header = SparshRobot.Ros.Messages.StdMsgs.Header;
using RosTime = SparshRobot.Ros.Messages.BuiltinInterfaces.Time;
using RosTwist = SparshRobot.Ros.Messages.GeometryMsgs.Twist;
using Twist = SparshRobot.Core.Geometry.Twist;

namespace SparshRobot.Control.Ros.Robot;

/// <summary>
/// The one path from a hand command to the robot's ROS 2 interfaces: the simulator evaluation over ROS and a real arm
/// get the same messages. Pose targets become twists on velocity-only interfaces (<see cref="PoseTracking"/>); MoveIt
/// Servo gets the newest twist streamed at <see cref="RobotInterfaceOptions.ServoRateHz"/> until the controller stops
/// renewing it; joint-space interfaces get the joint step the twist makes through the arm's differential IK
/// (<see cref="JointSpaceArm"/>); the gripper action, when configured, opens and closes the hand as the grip target crosses the open force.
/// </summary>
public sealed class RobotCommandWriter : IDisposable
{
    private readonly Lock _gate = new();
    private readonly RosNode _node;
    private readonly string _frameId;
    private readonly Publisher<PoseStamped>? _pose;
    private readonly Publisher<TwistStamped>? _twist;
    private readonly Publisher<Float64MultiArray>? _forwardVelocity;
    private readonly Publisher<Float64MultiArray>? _forwardPosition;
    private readonly JointSpaceArm? _joints;
    private readonly Publisher<Float64MultiArray>? _jointCommands;
    private readonly ActionClient<FollowJointTrajectoryGoal, FollowJointTrajectoryResult, FollowJointTrajectoryFeedback>? _trajectory;
    private readonly Publisher<Float64>? _grip;
    private readonly Publisher<Float64MultiArray>? _gripForward;
    private readonly ActionClient<GripperCommandGoal, GripperCommandResult, GripperCommandFeedback>? _gripperAction;
    private readonly RosTimer? _stream;
    private readonly TimeProvider _time;
    private Twist _latestTwist;
    private long _latestWrite;
    private bool _streamingStopped = true;
    private bool? _open;
    private bool _reportedNoJointState;

    /// <param name="stream">Stream Servo twists between control ticks (off in lock-step, where only the controller's
    /// answers may carry an observation's stamp).</param>
    /// <param name="time">Wall time of the streaming timeout (injectable for tests).</param>
    public RobotCommandWriter(RosNode node, RobotInterfaceOptions options, string frameId = "world", bool stream = true, TimeProvider? time = null)
    {
        options.Validate();
        _node = node;
        Options = options;
        _frameId = frameId;
        _time = time ?? TimeProvider.System;
        switch (options.Arm)
        {
            case ArmInterface.Topics:
                _pose = node.CreatePublisher<PoseStamped>(options.PoseTargetTopic);
                _twist = node.CreatePublisher<TwistStamped>(options.TwistTargetTopic);
                break;
            case ArmInterface.Servo:
                // Servo's subscriptions are reliable (SystemDefaultsQoS in Cyclone): a best-effort writer would not match.
                _twist = node.CreatePublisher<TwistStamped>(options.ServoTwistTopic);
                if (stream && options.ServoRateHz > 0)
                {
                    _stream = node.CreateTimer(TimeSpan.FromSeconds(1 / options.ServoRateHz), Stream);
                }
                break;
            case ArmInterface.ForwardVelocity:
                _forwardVelocity = node.CreatePublisher<Float64MultiArray>(options.ForwardVelocityTopic);
                break;
            case ArmInterface.ForwardPosition:
                _forwardPosition = node.CreatePublisher<Float64MultiArray>(options.ForwardPositionTopic);
                break;
            case ArmInterface.ForwardJointPosition:
                _joints = new JointSpaceArm(node, options);
                _jointCommands = node.CreatePublisher<Float64MultiArray>(options.ForwardJointPositionTopic);
                break;
            case ArmInterface.ForwardJointVelocity:
                _joints = new JointSpaceArm(node, options);
                _jointCommands = node.CreatePublisher<Float64MultiArray>(options.ForwardJointVelocityTopic);
                break;
            case ArmInterface.JointTrajectory:
                _joints = new JointSpaceArm(node, options);
                _trajectory = node.CreateActionClient<FollowJointTrajectoryGoal, FollowJointTrajectoryResult, FollowJointTrajectoryFeedback>(options.JointTrajectoryAction);
                break;
        }
        if (options.Gripper == GripperInterface.Topic)
        {
            _grip = node.CreatePublisher<Float64>(options.GripTargetTopic);
        }
        else
        {
            _gripForward = node.CreatePublisher<Float64MultiArray>(options.GripperForwardTopic);
        }
        if (options.GripperAction.Length > 0)
        {
            _gripperAction = node.CreateActionClient<GripperCommandGoal, GripperCommandResult, GripperCommandFeedback>(options.GripperAction);
        }
    }

    public RobotInterfaceOptions Options { get; }

    /// <summary>Twists streamed between control ticks (Servo).</summary>
    public long Streamed { get; private set; }

    /// <summary>Times the Servo stream stopped because the controller had not renewed its twist within the command timeout.</summary>
    public long StreamTimeouts { get; private set; }

    /// <summary>The arm's joints on joint-space interfaces (null on the others).</summary>
    public JointSpaceArm? Joints => _joints;

    /// <summary>FollowJointTrajectory goals sent, and those the controller refused.</summary>
    public long TrajectoryGoals { get; private set; }

    public long RefusedTrajectoryGoals { get; private set; }

    /// <summary>Gripper goals sent (open or close).</summary>
    public long GripperGoals { get; private set; }

    /// <summary>
    /// How long a gripper goal may wait for its acceptance. Goals go out asynchronously, so waiting costs the control
    /// loop nothing; one second proved too short in the simulated launch, where a loaded process answered in about one.
    /// </summary>
    public static readonly TimeSpan GripperGoalTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long a trajectory goal may wait for its acceptance; newer goals keep coming at the control rate meanwhile.</summary>
    public static readonly TimeSpan TrajectoryGoalTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Publishes <paramref name="command"/> answering the observation of <paramref name="stamp"/> taken at
    /// <paramref name="current"/>, and returns what went out (a pose target as the twist made from it, on velocity interfaces).
    /// The grip goes first: on the simulator, the motion command completes the lock-step handshake.
    /// </summary>
    public HandCommand Write(HandCommand command, Timestamp stamp, Pose3 current)
    {
        command.Validate();
        var header = new Header(RosTime.From(stamp), _frameId);
        if (command.GripTarget is { } grip)
        {
            WriteGrip(grip);
        }
        if (Options.Arm == ArmInterface.Topics && command.PoseTarget is { } target)
        {
            _pose!.Publish(new PoseStamped(header, Pose.From(target)));
            return command;
        }
        if (_forwardPosition is not null)
        {
            // No motion target holds the hand where it is.
            var goal = command.PoseTarget ?? Reached(current, command.TwistTarget ?? Twist.Zero, Options.Tracking.TimeConstant);
            var (p, q) = (goal.Position, goal.Orientation);
            _forwardPosition.Publish(Float64MultiArray.Vector("pose", [p.X, p.Y, p.Z, q.X, q.Y, q.Z, q.W]));
            return new HandCommand(PoseTarget: goal, GripTarget: command.GripTarget);
        }
        // No motion target (a policy stack before its first plan) holds the hand, and every observation still gets its answer.
        var twist = command.TwistTarget ?? (command.PoseTarget is { } pose ? PoseTracking.Toward(current, pose, Options.Tracking) : Twist.Zero);
        if (_joints is not null)
        {
            return new HandCommand(TwistTarget: WriteJoints(twist, header, stamp, current), GripTarget: command.GripTarget);
        }
        if (_forwardVelocity is not null)
        {
            _forwardVelocity.Publish(Float64MultiArray.Vector("twist", [twist.Linear.X, twist.Linear.Y, twist.Linear.Z, twist.Angular.X, twist.Angular.Y, twist.Angular.Z]));
        }
        else
        {
            lock (_gate)
            {
                _latestTwist = twist;
                _latestWrite = _time.GetTimestamp();
                _streamingStopped = false;
                _twist!.Publish(new TwistStamped(header, RosTwist.From(twist)));
            }
        }
        return Options.Arm == ArmInterface.Topics ? command : new HandCommand(TwistTarget: twist, GripTarget: command.GripTarget);
    }

    /// <summary>
    /// The joint step of <paramref name="twist"/> over the pose tracking time constant, to the joint interface, and the
    /// twist it makes after the joints' limits. Without a joint state yet, a velocity interface holds the arm and the others send nothing.
    /// </summary>
    private Twist WriteJoints(Twist twist, Header header, Timestamp stamp, Pose3 current)
    {
        var horizon = Options.Tracking.TimeConstant;
        if (_joints!.Step(twist, current, stamp, horizon) is not var (step, achieved))
        {
            if (!_reportedNoJointState)
            {
                _reportedNoJointState = true;
                _node.Logger.Warn($"{Options.JointStatesTopic}: no joint state with every joint of {Options.Kinematics} yet; the arm is not commanded");
            }
            if (Options.Arm == ArmInterface.ForwardJointVelocity)
            {
                _jointCommands!.Publish(Float64MultiArray.Vector("joints", new double[_joints.JointNames.Count]));
            }
            return Twist.Zero;
        }
        switch (Options.Arm)
        {
            case ArmInterface.ForwardJointVelocity:
                _jointCommands!.Publish(Float64MultiArray.Vector("joints", _joints.InCommandOrder(step.Velocities)));
                break;
            case ArmInterface.ForwardJointPosition:
                _jointCommands!.Publish(Float64MultiArray.Vector("joints", _joints.InCommandOrder(step.Positions)));
                break;
            default:
                // One point, positions only: JointTrajectoryController interpolates from where the arm is, and Jazzy's
                // refuses a trajectory ending in motion (allow_nonzero_velocity_at_trajectory_end: false). The stamp is
                // the observation's: the trajectory starts at the instant it answers (and the simulator's lock-step
                // knows which observation it answers).
                var point = new JointTrajectoryPoint(_joints.InCommandOrder(step.Positions), [], [], [], Duration.From(TimeSpan.FromSeconds(horizon)));
                var goal = new FollowJointTrajectoryGoal(new JointTrajectory(header, [.. _joints.JointNames], [point]),
                    new MultiDOFJointTrajectory(header, [], []), [], [], [], [], Duration.Zero);
                TrajectoryGoals++;
                _ = SendTrajectoryAsync(goal);
                break;
        }
        return achieved;
    }

    /// <summary>Sends a trajectory goal without waiting for it: the next one preempts it on the controller, as it should.</summary>
    private async Task SendTrajectoryAsync(FollowJointTrajectoryGoal goal)
    {
        try
        {
            var handle = await _trajectory!.SendGoalAsync(goal, timeout: TrajectoryGoalTimeout).ConfigureAwait(false);
            if (!handle.Accepted)
            {
                lock (_gate)
                {
                    RefusedTrajectoryGoals++;
                    if (RefusedTrajectoryGoals == 1)
                    {
                        _node.Logger.Warn($"{Options.JointTrajectoryAction}: the controller refused a trajectory goal (joints {string.Join(", ", goal.Trajectory.JointNames)}); check its joints parameter");
                    }
                }
            }
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException or ObjectDisposedException)
        {
            _node.Logger.Warn($"{Options.JointTrajectoryAction}: trajectory goal not sent: {e.Message}");
        }
    }

    /// <summary>The pose <paramref name="twist"/> (world frame) reaches from <paramref name="from"/> in <paramref name="seconds"/>.</summary>
    internal static Pose3 Reached(Pose3 from, Twist twist, double seconds)
    {
        var turn = twist.Angular.Norm * seconds;
        var orientation = turn > 1e-12 ? Quat.FromAxisAngle(twist.Angular, turn) * from.Orientation : from.Orientation;
        return new Pose3(from.Position + twist.Linear * seconds, orientation);
    }

    private void WriteGrip(double grip)
    {
        if (_grip is not null)
        {
            _grip.Publish(new Float64(grip));
        }
        else
        {
            _gripForward!.Publish(Float64MultiArray.Vector("force", [grip]));
        }
        if (_gripperAction is null)
        {
            return;
        }
        var open = grip <= Options.OpenForce;
        if (open == _open)
        {
            return;
        }
        _open = open;
        GripperGoals++;
        var goal = new GripperCommandGoal(new GripperCommand(open ? Options.GripperOpenPosition : Options.GripperClosedPosition, open ? 0 : grip));
        _ = SendGripperGoalAsync(goal, open);
    }

    private async Task SendGripperGoalAsync(GripperCommandGoal goal, bool open)
    {
        try
        {
            var handle = await _gripperAction!.SendGoalAsync(goal, timeout: GripperGoalTimeout).ConfigureAwait(false);
            if (handle.Accepted)
            {
                _node.Logger.Info($"{Options.GripperAction}: {(open ? "open" : "close")} goal accepted");
            }
            else
            {
                _node.Logger.Warn($"{Options.GripperAction}: the gripper refused the {(open ? "open" : "close")} goal");
            }
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException or ObjectDisposedException)
        {
            _node.Logger.Warn($"{Options.GripperAction}: {(open ? "open" : "close")} goal not sent: {e.Message}");
        }
    }

    /// <summary>Servo timer: the newest twist again, stamped now, or once a zero twist when the controller went quiet.</summary>
    private void Stream()
    {
        lock (_gate)
        {
            if (_streamingStopped)
            {
                return;
            }
            var twist = _latestTwist;
            if (_time.GetElapsedTime(_latestWrite).TotalSeconds > Options.CommandTimeout)
            {
                twist = Twist.Zero;
                _streamingStopped = true;
                StreamTimeouts++;
                _node.Logger.Warn($"{Options.ServoTwistTopic}: no command from the controller for {Options.CommandTimeout:0.###} s; streaming a zero twist and stopping");
            }
            Streamed++;
            _twist!.Publish(new TwistStamped(new Header(RosTime.From(_node.Clock.Now()), _frameId), RosTwist.From(twist)));
        }
    }

    public void Dispose()
    {

        _stream?.Dispose();
        _gripperAction?.Dispose();
        _trajectory?.Dispose();
    }
}
