using System.Collections.Concurrent;
using SparshRobot.Core.Geometry;
using SparshRobot.Core.Kinematics;
using SparshRobot.Core.Robot;
using SparshRobot.Core.Time;
using SparshRobot.Ros.Messages.ControlMsgs;
using SparshRobot.Ros.Messages.SensorMsgs;
using SparshRobot.Ros.Messages.StdMsgs;
using SparshRobot.Ros.Messages.TrajectoryMsgs;
using SparshRobot.Sim.Ros.Nodes;
using SparshRobot.Sim.Simulation;
using SparshRobot.Testing;
using Duration = SparshRobot.Ros.Messages.BuiltinInterfaces.Duration;
using Header = SparshRobot.Ros.Messages.StdMsgs.Header;
using RosTime = SparshRobot.Ros.Messages.BuiltinInterfaces.Time;

namespace SparshRobot.Sim.Ros.Tests.Nodes;

/// <summary>The simulated hand as a Panda's tool: joint-space commands in, joint states out.</summary>
[Category("dds")]
public class SimJointArmTests
{
    private static readonly SerialChain Panda = ChainFile.Load(Path.Combine(TestPaths.RepoRoot, "launch", "params", "kinematics", "franka_panda.yaml"));

    /// <summary>Where the simulator's hand starts: not where the Panda's home puts its tool, so the arm is mounted to reach it.</summary>
    private static readonly Pose3 Start = new(new Vec3(0.02, -0.01, 0.05), Quat.FromAxisAngle(Vec3.UnitY, Math.PI));

    private static Timestamp At(double seconds) => Timestamp.FromSeconds(seconds, ClockKind.Simulated);

    private static ControllerInput Input(double seconds) => new(new EeObservation(At(seconds), Start, 0, 0));

    private static (SimRobot Robot, SimJointArm Arm, BlockingCollection<JointState> States) Arm()
    {
        var robot = new SimRobot();
        var arm = new SimJointArm(robot.Node, robot.Controller, Panda);
        var states = new BlockingCollection<JointState>();
        robot.Driver.CreateSubscription<JointState>(SimCommandTopics.Default.JointStates, states.Add);
        return (robot, arm, states);
    }

    private static JointState Next(BlockingCollection<JointState> states) =>
        states.TryTake(out var state, TimeSpan.FromSeconds(5)) ? state : throw new TimeoutException("no joint state within 5 s");

    [Test]
    public void TheJointsStartAtHomeUnderTheHandAndFollowItsMotion()
    {
        var (robot, arm, states) = Arm();
        using var _ = robot;
        using var __ = arm;
        arm.Observe(At(1), Start);
        var first = Next(states);
        Assert.That(first.Name, Is.EqualTo(Panda.JointNames));
        Assert.That(first.Position, Is.EqualTo(Panda.Home).Within(1e-12));
        Assert.That(first.Header.Stamp, Is.EqualTo(RosTime.From(At(1))));
        // The hand moves 3 mm and turns a little: the joints follow, and their tool is where the hand is (relative to the start).
        var moved = new Pose3(Start.Position + new Vec3(0.003, -0.002, 0.001), Quat.FromAxisAngle(Vec3.UnitZ, 0.01) * Start.Orientation);
        arm.Observe(At(1.02), moved);
        var q = Next(states).Position;
        var mount = Start * Panda.Forward([.. Panda.Home]).Inverse();
        var tool = mount * Panda.Forward(q);
        Assert.That((tool.Position - moved.Position).Norm, Is.LessThan(1e-9));
        Assert.That(tool.Orientation.AngleTo(moved.Orientation), Is.LessThan(1e-8));
    }

    [Test]
    public void JointForwardCommandsBecomeThePoseAndTwistOfTheirJoints()
    {
        var (robot, arm, _) = Arm();
        using var r = robot;
        using var a = arm;
        arm.Observe(At(1), Start);
        var mount = Start * Panda.Forward([.. Panda.Home]).Inverse();
        double[] q = [.. Panda.Home.Select((x, i) => x + 0.01 * (i + 1))];
        robot.Driver.CreatePublisher<Float64MultiArray>(SimCommandTopics.Default.ForwardJointPosition).Publish(Float64MultiArray.Vector("joints", q));
        robot.AwaitReceived(1);
        var target = robot.Controller.Act(Input(1))!.Value.PoseTarget!.Value;
        var expected = mount * Panda.Forward(q);
        Assert.That((target.Position - expected.Position).Norm, Is.LessThan(1e-12));

        double[] velocity = [0.1, -0.05, 0, 0.02, 0, 0.03, 0];
        robot.Driver.CreatePublisher<Float64MultiArray>(SimCommandTopics.Default.ForwardJointVelocity).Publish(Float64MultiArray.Vector("joints", velocity));
        robot.AwaitReceived(2);
        var twist = robot.Controller.Act(Input(1.02))!.Value.TwistTarget!.Value;
        var inChain = Panda.TwistOf([.. Panda.Home], velocity);
        Assert.That((twist.Linear - mount.Orientation.Rotate(inChain.Linear)).Norm, Is.LessThan(1e-12));

        // Six values for seven joints: dropped, and said why.
        robot.Driver.CreatePublisher<Float64MultiArray>(SimCommandTopics.Default.ForwardJointVelocity).Publish(Float64MultiArray.Vector("joints", new double[6]));
        robot.AwaitReceived(3);
        Assert.That(robot.Controller.MalformedCommands, Is.EqualTo(1));
    }

    [Test]
    public async Task ATrajectoryGoalMovesTheHandToItsLastPointAndAGoalForOtherJointsIsRefused()
    {
        var (robot, arm, _) = Arm();
        using var r = robot;
        using var a = arm;
        arm.Observe(At(1), Start);
        using var client = robot.Driver.CreateActionClient<FollowJointTrajectoryGoal, FollowJointTrajectoryResult, FollowJointTrajectoryFeedback>(SimCommandTopics.Default.JointTrajectoryAction);
        double[] q = [.. Panda.Home.Select((x, i) => x - 0.01 * (i + 1))];
        FollowJointTrajectoryGoal Goal(IReadOnlyList<string> names) => new(
            new JointTrajectory(new Header(RosTime.From(At(1)), "world"), names, [new JointTrajectoryPoint(q, [], [], [], Duration.From(TimeSpan.FromSeconds(0.05)))]),
            new MultiDOFJointTrajectory(new Header(RosTime.From(At(1)), "world"), [], []), [], [], [], [], Duration.Zero);
        var accepted = await client.SendGoalAsync(Goal(Panda.JointNames), timeout: TimeSpan.FromSeconds(5));
        Assert.That(accepted.Accepted, Is.True);
        robot.AwaitReceived(1);
        var target = robot.Controller.Act(Input(1))!.Value.PoseTarget!.Value;
        var expected = Start * Panda.Forward([.. Panda.Home]).Inverse() * Panda.Forward(q);
        Assert.That((target.Position - expected.Position).Norm, Is.LessThan(1e-12));

        var refused = await client.SendGoalAsync(Goal([.. Panda.JointNames.Select(n => n.Replace("panda", "fr3", StringComparison.Ordinal))]), timeout: TimeSpan.FromSeconds(5));
        Assert.That(refused.Accepted, Is.False);
        Assert.That(robot.Controller.MalformedCommands, Is.EqualTo(1));
    }
}
