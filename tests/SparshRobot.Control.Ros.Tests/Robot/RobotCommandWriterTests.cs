using System.Collections.Concurrent;
using SparshRobot.Control.Laws;
using SparshRobot.Control.Ros.Robot;
using SparshRobot.Core.Geometry;
using SparshRobot.Core.Robot;
using SparshRobot.Core.Time;
using SparshRobot.Ros.Actions;
using SparshRobot.Ros.Messages.ControlMsgs;
using SparshRobot.Ros.Messages.GeometryMsgs;
using SparshRobot.Ros.Messages.StdMsgs;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Transport;
using SparshRobot.Testing;
using Twist = SparshRobot.Core.Geometry.Twist;

namespace SparshRobot.Control.Ros.Tests.Robot;

/// <summary>Hand commands reaching each robot interface as the messages a lab's arm and gripper take, on the in-process transport.</summary>
public class RobotCommandWriterTests
{
    private static readonly Pose3 Hand = new(new Vec3(0.4, 0.0, 0.3), Quat.Identity);
    private static readonly Timestamp Observation = Timestamp.FromSeconds(12.5, ClockKind.Simulated);

    [Test]
    public void ServoGetsTwistsStampedWithTheObservationAndPoseTargetsAsTwists()
    {
        var twists = new BlockingCollection<TwistStamped>();
        var grips = new BlockingCollection<Float64>();
        using var graph = new RobotGraph(robot =>
        {
            robot.CreateSubscription<TwistStamped>("/servo_node/delta_twist_cmds", twists.Add);
            robot.CreateSubscription<Float64>("/gripper/force_target", grips.Add);
        });
        var options = new RobotInterfaceOptions(Arm: ArmInterface.Servo, PoseTracking: new PoseTrackingOptions(TimeConstant: 0.1));
        using var writer = new RobotCommandWriter(graph.Controller, options, "base_link", stream: false);

        var twist = new Twist(new Vec3(0.01, -0.02, 0.03), new Vec3(0, 0, 0.1));
        var applied = writer.Write(new HandCommand(TwistTarget: twist, GripTarget: 2.5), Observation, Hand);
        Assert.That(applied.TwistTarget, Is.EqualTo(twist));
        var first = RobotGraph.Next(twists);
        Assert.That(first.Header.FrameId, Is.EqualTo("base_link"));
        Assert.That(first.Header.Stamp.ToTimestamp(ClockKind.Simulated), Is.EqualTo(Observation));
        Assert.That(first.Twist.ToCore(), Is.EqualTo(twist));
        Assert.That(RobotGraph.Next(grips).Data, Is.EqualTo(2.5));

        var target = Hand with { Position = Hand.Position + new Vec3(0.001, 0, 0) };
        applied = writer.Write(new HandCommand(PoseTarget: target), Observation, Hand);
        Assert.That(applied.PoseTarget, Is.Null, "Servo takes no poses: what went out is the twist");
        Assert.That(applied.TwistTarget!.Value.Linear.X, Is.EqualTo(0.01).Within(1e-12));
        Assert.That(RobotGraph.Next(twists).Twist.ToCore(), Is.EqualTo(applied.TwistTarget));

        writer.Write(new HandCommand(GripTarget: 1.0), Observation, Hand);
        Assert.That(RobotGraph.Next(twists).Twist.ToCore(), Is.EqualTo(Twist.Zero), "no motion target holds the hand, and the observation is still answered");
    }

    [Test]
    public void TopicsCarryPoseTargetsAsPoses()
    {
        var poses = new BlockingCollection<PoseStamped>();
        using var graph = new RobotGraph(robot => robot.CreateSubscription<PoseStamped>("/robot/ee_target", poses.Add));
        using var writer = new RobotCommandWriter(graph.Controller, RobotInterfaceOptions.Default);
        var target = new Pose3(new Vec3(0.5, 0.1, 0.2), Quat.FromRollPitchYaw(0, 0, 0.3));
        Assert.That(writer.Write(new HandCommand(PoseTarget: target), Observation, Hand), Is.EqualTo(new HandCommand(PoseTarget: target)));
        var pose = RobotGraph.Next(poses);
        Assert.That(pose.Pose.ToCore().Position, Is.EqualTo(target.Position));
        Assert.That(pose.Pose.ToCore().Orientation.AngleTo(target.Orientation), Is.LessThan(1e-12));
    }

    [Test]
    public void ForwardControllersGetSixVelocitiesAndOneForce()
    {
        var velocities = new BlockingCollection<Float64MultiArray>();
        var forces = new BlockingCollection<Float64MultiArray>();
        using var graph = new RobotGraph(robot =>
        {
            robot.CreateSubscription<Float64MultiArray>("/forward_velocity_controller/commands", velocities.Add);
            robot.CreateSubscription<Float64MultiArray>("/gripper_force_controller/commands", forces.Add);
        });
        using var writer = new RobotCommandWriter(graph.Controller, new RobotInterfaceOptions(Arm: ArmInterface.ForwardVelocity, Gripper: GripperInterface.Forward));
        writer.Write(new HandCommand(TwistTarget: new Twist(new Vec3(1, 2, 3), new Vec3(4, 5, 6)), GripTarget: 3.25), Observation, Hand);
        Assert.That(RobotGraph.Next(velocities).Data, Is.EqualTo(new[] { 1.0, 2, 3, 4, 5, 6 }));
        Assert.That(RobotGraph.Next(forces).Data, Is.EqualTo(new[] { 3.25 }));
    }

    [Test]
    public void APoseForwardControllerGetsThePoseATwistReachesWithinTheTrackingTimeConstant()
    {
        var poses = new BlockingCollection<Float64MultiArray>();
        using var graph = new RobotGraph(robot => robot.CreateSubscription<Float64MultiArray>("/forward_position_controller/commands", poses.Add));
        using var writer = new RobotCommandWriter(graph.Controller, new RobotInterfaceOptions(Arm: ArmInterface.ForwardPosition, PoseTracking: new PoseTrackingOptions(TimeConstant: 0.1)));
        var applied = writer.Write(new HandCommand(TwistTarget: new Twist(new Vec3(0.02, 0, -0.01), new Vec3(0, 0, 0.5))), Observation, Hand);
        var sent = RobotGraph.Next(poses).Data;
        Assert.That(sent[..3], Is.EqualTo(new[] { 0.402, 0.0, 0.299 }).Within(1e-12));
        var turned = new Quat(sent[3], sent[4], sent[5], sent[6]);
        Assert.That(turned.AngleTo(Quat.Identity), Is.EqualTo(0.05).Within(1e-12));
        Assert.That(applied.PoseTarget!.Value.Position, Is.EqualTo(new Vec3(sent[0], sent[1], sent[2])));

        var target = new Pose3(new Vec3(0.45, 0.01, 0.25), Quat.FromRollPitchYaw(0, 0, 0.2));
        writer.Write(new HandCommand(PoseTarget: target), Observation, Hand);
        sent = RobotGraph.Next(poses).Data;
        Assert.That(sent, Is.EqualTo(new[] { 0.45, 0.01, 0.25, target.Orientation.X, target.Orientation.Y, target.Orientation.Z, target.Orientation.W }).Within(1e-12));
    }

    [Test]
    public void ServoStreamingRepeatsTheTwistThenStopsOnceTheControllerGoesQuiet()
    {
        var twists = new BlockingCollection<TwistStamped>();
        using var graph = new RobotGraph(robot => robot.CreateSubscription<TwistStamped>("/servo_node/delta_twist_cmds", twists.Add));
        var time = new ManualTime();
        using var writer = new RobotCommandWriter(graph.Controller, new RobotInterfaceOptions(Arm: ArmInterface.Servo, ServoRateHz: 200, CommandTimeout: 0.1), time: time);
        var twist = new Twist(new Vec3(0.02, 0, 0), Vec3.Zero);
        writer.Write(new HandCommand(TwistTarget: twist), Observation, Hand);
        Assert.That(RobotGraph.Next(twists).Twist.ToCore(), Is.EqualTo(twist));
        // The timer runs on wall time; the timeout on the injected clock, which stands still: the twist is streamed.
        for (var i = 0; i < 3; i++)
        {
            Assert.That(RobotGraph.Next(twists).Twist.ToCore(), Is.EqualTo(twist));
        }
        Assert.That(writer.Streamed, Is.GreaterThanOrEqualTo(3));
        time.Advance(TimeSpan.FromSeconds(0.11));
        TwistStamped last;
        do
        {
            last = RobotGraph.Next(twists);
        }
        while (last.Twist.ToCore() != Twist.Zero);
        Assert.That(writer.StreamTimeouts, Is.EqualTo(1));
        Assert.That(twists.TryTake(out _, TimeSpan.FromMilliseconds(100)), Is.False, "after the zero twist the stream stays quiet until the controller speaks again");
        writer.Write(new HandCommand(TwistTarget: twist), Observation, Hand);
        Assert.That(RobotGraph.Next(twists).Twist.ToCore(), Is.EqualTo(twist));
        Assert.That(RobotGraph.Next(twists).Twist.ToCore(), Is.EqualTo(twist), "a new command restarts the stream");
    }

    [Test]
    public void TheGripperActionOpensAndClosesOnlyWhenTheGripTargetCrossesTheOpenForce()
    {
        var goals = new BlockingCollection<GripperCommand>();
        using var graph = new RobotGraph(robot => robot.CreateActionServer<GripperCommandGoal, GripperCommandResult, GripperCommandFeedback>("/gripper/gripper_cmd",
            goal => Task.FromResult(ActionOutcome<GripperCommandResult>.Succeeded(new GripperCommandResult(goal.Goal.Command.Position, 0, true, false))),
            acceptGoal: (_, goal) =>
            {
                goals.Add(goal.Command);
                return true;
            }));
        var options = new RobotInterfaceOptions(GripperAction: "/gripper/gripper_cmd", OpenForce: 0.1, GripperOpenPosition: 0.07, GripperClosedPosition: 0.001);
        using var writer = new RobotCommandWriter(graph.Controller, options);
        Assert.That(writer.Write(new HandCommand(GripTarget: 3), Observation, Hand).GripTarget, Is.EqualTo(3));
        Assert.That(RobotGraph.Next(goals), Is.EqualTo(new GripperCommand(0.001, 3)), "closing asks for the grip force as the effort");
        writer.Write(new HandCommand(GripTarget: 4), Observation, Hand);
        writer.Write(new HandCommand(GripTarget: 0), Observation, Hand);
        Assert.That(RobotGraph.Next(goals), Is.EqualTo(new GripperCommand(0.07, 0)), "a force change while closed sends no goal; opening does");
        writer.Write(new HandCommand(GripTarget: 0.05), Observation, Hand);
        Assert.That(goals.TryTake(out _, TimeSpan.FromMilliseconds(300)), Is.False);
        Assert.That(writer.GripperGoals, Is.EqualTo(2));
    }

    [Test]
    public void BadOptionsAreRefusedByParameterName()
    {
        Assert.That(Assert.Throws<ArgumentException>(() => new RobotInterfaceOptions(ServoRateHz: -1).Validate())!.Message, Does.Contain("servo_rate_hz -1"));
        Assert.That(Assert.Throws<ArgumentException>(() => RobotInterfaceOptions.ParseArm("moveit"))!.Message,
            Does.Contain("arm_interface 'moveit'").And.Contain("servo").And.Contain("forward_velocity"));
        Assert.That(Assert.Throws<ArgumentException>(() => RobotInterfaceOptions.ParseGripper("franka"))!.Message, Does.Contain("gripper_interface 'franka'"));
    }

    [Test]
    public void TheNodeDeclaresTheInterfaceAsParameters()
    {
        using var context = new RosContext(new InProcessTransport(), RosArguments.Parse(["--ros-args", "-p", "arm_interface:=servo", "-p", "servo_rate_hz:=250.0"]));
        using var node = new RosNode(context, "maze_controller");
        var options = RobotInterfaceOptions.Declare(node);
        Assert.That(options.Arm, Is.EqualTo(ArmInterface.Servo));
        Assert.That(options.ServoRateHz, Is.EqualTo(250));
        using var bad = new RosContext(new InProcessTransport(), RosArguments.Parse(["--ros-args", "-p", "command_timeout:=0.0"]));
        using var badNode = new RosNode(bad, "maze_controller");
        Assert.That(Assert.Throws<ArgumentException>(() => RobotInterfaceOptions.Declare(badNode))!.Message, Does.Contain("/maze_controller: command_timeout 0 s"));
    }

    [TestCase("pose_source:=odom", "/maze_controller: pose_source 'odom' is neither 'topic' nor 'tf'")]
    [TestCase("start_servo:=true", "/maze_controller: start_servo is set but arm_interface is topics; set arm_interface to servo")]
    [TestCase("stack_timeout:=0.0", "/maze_controller: stack_timeout 0 s must be positive")]
    public void BadRobotSideParametersAreRefusedByName(string parameter, string expected)
    {
        using var context = new RosContext(new InProcessTransport(), RosArguments.Parse(["--ros-args", "-p", parameter]));
        using var node = new RosNode(context, "maze_controller");
        Assert.That(Assert.Throws<ArgumentException>(() => RobotSideOptions.Declare(node, RobotInterfaceOptions.Default))!.Message, Does.StartWith(expected));
    }

    [Test]
    public void AnUnknownRosDistroIsRefusedWithTheValidOnes()
    {
        using var context = new RosContext(new InProcessTransport(), RosArguments.Parse(["--ros-args", "-p", "ros_distro:=rolling"]));
        using var node = new RosNode(context, "maze_controller");
        Assert.That(Assert.Throws<FormatException>(() => RobotSideOptions.Declare(node, RobotInterfaceOptions.Default))!.Message,
            Is.EqualTo("/maze_controller: ros_distro: 'rolling' is not a ROS 2 interface distro (expected humble or jazzy)"));
    }
}
