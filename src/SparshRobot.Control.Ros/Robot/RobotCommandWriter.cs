using SparshRobot.Control.Laws;
using SparshRobot.Core.Geometry;
using SparshRobot.Core.Robot;
using SparshRobot.Core.Time;
using SparshRobot.Ros.Actions;
using SparshRobot.Ros.Messages.ControlMsgs;
using SparshRobot.Ros.Messages.GeometryMsgs;
using SparshRobot.Ros.Messages.StdMsgs;
using SparshRobot.Ros.Node;
using Header = SparshRobot.Ros.Messages.StdMsgs.Header;
using RosTime = SparshRobot.Ros.Messages.BuiltinInterfaces.Time;
using RosTwist = SparshRobot.Ros.Messages.GeometryMsgs.Twist;
using Twist = SparshRobot.Core.Geometry.Twist;

namespace SparshRobot.Control.Ros.Robot;

/// <summary>
/// The one path from a hand command to the robot's ROS 2 interfaces: the simulator evaluation over ROS and a real arm
/// get the same messages. Pose targets become twists on velocity-only interfaces (<see cref="PoseTracking"/>); MoveIt
/// Servo gets the newest twist streamed at <see cref="RobotInterfaceOptions.ServoRateHz"/> until the controller stops
/// renewing it; the gripper action, when configured, opens and closes the hand as the grip target crosses the open force.
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
    private readonly Publisher<Float64>? _grip;
    private readonly Publisher<Float64MultiArray>? _gripForward;
    private readonly ActionClient<GripperCommandGoal, GripperCommandResult, GripperCommandFeedback>? _gripperAction;
    private readonly RosTimer? _stream;
    private readonly TimeProvider _time;
    private Twist _latestTwist;
    private long _latestWrite;
    private bool _streamingStopped = true;
    private bool? _open;

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

    /// <summary>Gripper goals sent (open or close).</summary>
    public long GripperGoals { get; private set; }

    /// <summary>
    /// How long a gripper goal may wait for its acceptance. Goals go out asynchronously, so waiting costs the control
    /// loop nothing; one second proved too short in the simulated launch, where a loaded process answered in about one.
    /// </summary>
    public static readonly TimeSpan GripperGoalTimeout = TimeSpan.FromSeconds(5);

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

    /// <summary>The pose <paramref name="twist"/> (world frame) reaches from <paramref name="from"/> in <paramref name="seconds"/>.</summary>
    private static Pose3 Reached(Pose3 from, Twist twist, double seconds)
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
    }
}
