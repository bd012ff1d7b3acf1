using System.Collections.Concurrent;
using SparshRobot.Control.Laws;
using SparshRobot.Control.Ros.Robot;
using SparshRobot.Core.Geometry;
using SparshRobot.Core.Kinematics;
using SparshRobot.Core.Robot;
using SparshRobot.Core.Time;
using SparshRobot.Ros.Actions;
using SparshRobot.Ros.Messages.ControlMsgs;
using SparshRobot.Ros.Messages.SensorMsgs;
using SparshRobot.Ros.Messages.StdMsgs;
using SparshRobot.Ros.Node;
using SparshRobot.Testing;
using Header = SparshRobot.Ros.Messages.StdMsgs.Header;
using RosTime = SparshRobot.Ros.Messages.BuiltinInterfaces.Time;
using Twist = SparshRobot.Core.Geometry.Twist;

namespace SparshRobot.Control.Ros.Tests.Robot;

/// <summary>The joint-space arm interfaces: a twist through the Panda's differential IK to each interface's message.</summary>
public class JointSpaceArmTests
{
    private static readonly string Panda = Path.Combine(TestPaths.RepoRoot, "launch", "params", "kinematics", "franka_panda.yaml");
    private static readonly double[] Ready = [0, -Math.PI / 4, 0, -3 * Math.PI / 4, 0, Math.PI / 2, Math.PI / 4];
    private static readonly Timestamp Observation = Timestamp.FromSeconds(12.5, ClockKind.Simulated);

    /// <summary>The arm's base sits turned and shifted in the command frame (a simulator's world, a table): the controller must not care.</summary>
    private static readonly Pose3 Mount = new(new Vec3(-0.3, 0.1, 0.02), Quat.FromAxisAngle(Vec3.UnitZ, 0.6));

    private static readonly Twist Command = new(new Vec3(0.03, -0.02, 0.01), new Vec3(0, 0, 0.2));

    private static RobotInterfaceOptions Options(ArmInterface arm, IReadOnlyList<string>? names = null) =>
        new(Arm: arm, Kinematics: Panda, JointNames: names, PoseTracking: new PoseTrackingOptions(TimeConstant: 0.05));

    /// <summary>A joint_state_broadcaster's message: the arm's joints among others (the fingers), in its own order.</summary>
    private static JointState States(SerialChain chain, double[] q)
    {
        var names = new List<string> { "panda_finger_joint1" };
        var positions = new List<double> { 0.04 };
        for (var k = chain.Dof - 1; k >= 0; k--)
        {
            names.Add(chain.JointNames[k]);
            positions.Add(q[k]);
        }
        return new JointState(new Header(RosTime.From(Observation), "world"), names, [.. positions], [], []);
    }

    private static void PublishStates(RobotGraph graph, JointSpaceArm arm, double[] q)
    {
        graph.Robot.CreatePublisher<JointState>("/joint_states").Publish(States(arm.Chain, q));
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (arm.Positions is null && waited.Elapsed < TimeSpan.FromSeconds(5))
        {
            Thread.Sleep(5);
        }
        Assert.That(arm.Positions, Is.EqualTo(q).Within(1e-15), "the joint state reached the controller");
    }

    private static Pose3 Observed(SerialChain chain, double[] q) => Mount * chain.Forward(q);

    /// <summary>A chain-frame twist back in the command frame.</summary>
    private static Twist InCommandFrame(Twist t) => new(Mount.Orientation.Rotate(t.Linear), Mount.Orientation.Rotate(t.Angular));

    [Test]
    public void AVelocityForwardControllerGetsTheJointVelocitiesOfTheTwistInItsJointOrder()
    {
        var commands = new BlockingCollection<Float64MultiArray>();
        using var graph = new RobotGraph(robot => robot.CreateSubscription<Float64MultiArray>("/joint_velocity_controller/commands", commands.Add));
        using var writer = new RobotCommandWriter(graph.Controller, Options(ArmInterface.ForwardJointVelocity));
        var arm = writer.Joints!;
        PublishStates(graph, arm, Ready);
        var sent = writer.Write(new HandCommand(TwistTarget: Command), Observation, Observed(arm.Chain, Ready));
        var velocities = RobotGraph.Next(commands).Data;
        Assert.That(velocities, Has.Length.EqualTo(7));
        var moved = InCommandFrame(arm.Chain.TwistOf(Ready, velocities));
        Assert.That((moved.Linear - Command.Linear).Norm, Is.LessThan(1e-9));
        Assert.That((moved.Angular - Command.Angular).Norm, Is.LessThan(1e-9));
        Assert.That((sent.TwistTarget!.Value.Linear - Command.Linear).Norm, Is.LessThan(1e-9), "what went out is the twist");
    }

    [Test]
    public void APositionForwardControllerGetsTheJointsThePoseTheTwistReachesNeedsInTheConfiguredOrder()
    {
        var commands = new BlockingCollection<Float64MultiArray>();
        using var graph = new RobotGraph(robot => robot.CreateSubscription<Float64MultiArray>("/joint_position_controller/commands", commands.Add));
        var chain = ChainFile.Load(Panda);
        var reversed = chain.JointNames.Reverse().ToList();
        using var writer = new RobotCommandWriter(graph.Controller, Options(ArmInterface.ForwardJointPosition, reversed));
        PublishStates(graph, writer.Joints!, Ready);
        var observed = Observed(chain, Ready);
        writer.Write(new HandCommand(TwistTarget: Command), Observation, observed);
        var sent = RobotGraph.Next(commands).Data;
        var q = sent.Reverse().ToArray();
        // The pose the twist reaches in the tracking time constant, as the Cartesian forward_position interface sends it.
        var reached = Mount * chain.Forward(q);
        var expected = RobotCommandWriter.Reached(observed, Command, 0.05);
        Assert.That((reached.Position - expected.Position).Norm, Is.LessThan(1e-8));
        Assert.That(reached.Orientation.AngleTo(expected.Orientation), Is.LessThan(1e-7));
    }

    [Test]
    public async Task ATrajectoryControllerGetsAOnePointGoalStampedWithTheObservation()
    {
        var goals = new BlockingCollection<FollowJointTrajectoryGoal>();
        using var graph = new RobotGraph(robot => robot.CreateActionServer<FollowJointTrajectoryGoal, FollowJointTrajectoryResult, FollowJointTrajectoryFeedback>(
            "/joint_trajectory_controller/follow_joint_trajectory",
            g => Task.FromResult(ActionOutcome<FollowJointTrajectoryResult>.Succeeded(new FollowJointTrajectoryResult(FollowJointTrajectoryResult.Successful, ""))),
            acceptGoal: (_, goal) =>
            {
                goals.Add(goal);
                return true;
            }));
        using var writer = new RobotCommandWriter(graph.Controller, Options(ArmInterface.JointTrajectory));
        var arm = writer.Joints!;
        PublishStates(graph, arm, Ready);
        writer.Write(new HandCommand(TwistTarget: Command), Observation, Observed(arm.Chain, Ready));
        var goal = RobotGraph.Next(goals).Trajectory;
        Assert.That(goal.Header.Stamp, Is.EqualTo(RosTime.From(Observation)));
        Assert.That(goal.JointNames, Is.EqualTo(arm.Chain.JointNames));
        Assert.That(goal.Points, Has.Count.EqualTo(1));
        Assert.That(goal.Points[0].TimeFromStart.Nanosec, Is.EqualTo(50_000_000u));
        Assert.That(goal.Points[0].Velocities, Is.Empty, "Jazzy's controller refuses a trajectory that ends moving");
        var reached = Mount * arm.Chain.Forward(goal.Points[0].Positions);
        Assert.That((reached.Position - RobotCommandWriter.Reached(Observed(arm.Chain, Ready), Command, 0.05).Position).Norm, Is.LessThan(1e-8));
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (writer.TrajectoryGoals < 1 && waited.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(5);
        }
        Assert.That((writer.TrajectoryGoals, writer.RefusedTrajectoryGoals), Is.EqualTo((1L, 0L)));
    }

    [Test]
    public void AJointStateWithoutTheArmsJointsIsDroppedAndTheVelocityInterfaceHolds()
    {
        var commands = new BlockingCollection<Float64MultiArray>();
        using var graph = new RobotGraph(robot => robot.CreateSubscription<Float64MultiArray>("/joint_velocity_controller/commands", commands.Add));
        using var writer = new RobotCommandWriter(graph.Controller, Options(ArmInterface.ForwardJointVelocity));
        var arm = writer.Joints!;
        var partial = States(arm.Chain, Ready);
        arm.OnJointState(partial with { Name = [.. partial.Name.Select(n => n == "panda_joint6" ? "fr3_joint6" : n)] });
        Assert.That(arm.IncompleteJointStates, Is.EqualTo(1));
        Assert.That(arm.Positions, Is.Null);
        var sent = writer.Write(new HandCommand(TwistTarget: Command), Observation, Observed(arm.Chain, Ready));
        Assert.That(RobotGraph.Next(commands).Data, Is.EqualTo(new double[7]));
        Assert.That(sent.TwistTarget, Is.EqualTo(Twist.Zero));
    }

    [Test]
    public void AnUnknownJointAMissingChainFileAndNoChainAreRefusedByName()
    {
        using var graph = new RobotGraph(_ => { });
        var names = ChainFile.Load(Panda).JointNames.Select(n => n == "panda_joint3" ? "panda_joint33" : n).ToList();
        Assert.That(() => new RobotCommandWriter(graph.Controller, Options(ArmInterface.ForwardJointPosition, names)),
            Throws.ArgumentException.With.Message.Contains("panda_joint33").And.Message.Contains("joint_names"));
        Assert.That(() => new RobotCommandWriter(graph.Controller, Options(ArmInterface.ForwardJointPosition, names[..6])),
            Throws.ArgumentException.With.Message.Contains("panda_joint7"));
        Assert.That(() => new RobotCommandWriter(graph.Controller, Options(ArmInterface.JointTrajectory) with { Kinematics = "/nowhere/arm.yaml" }),
            Throws.InstanceOf<FileNotFoundException>().With.Message.Contains("/nowhere/arm.yaml"));
        Assert.That(() => new RobotCommandWriter(graph.Controller, Options(ArmInterface.ForwardJointVelocity) with { Kinematics = "" }),
            Throws.ArgumentException.With.Message.Contains("forward_joint_velocity").And.Message.Contains("kinematics"));
    }
}
