using SparshRobot.Core.Geometry;
using SparshRobot.Core.Robot;
using SparshRobot.Core.Time;
using SparshRobot.Ros.Messages.GeometryMsgs;
using SparshRobot.Ros.Messages.StdMsgs;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Transport;
using SparshRobot.Sim.Ros.Nodes;
using SparshRobot.Sim.Simulation;
using Header = SparshRobot.Ros.Messages.StdMsgs.Header;
using RosTime = SparshRobot.Ros.Messages.BuiltinInterfaces.Time;
using Twist = SparshRobot.Core.Geometry.Twist;

namespace SparshRobot.Sim.Ros.Tests.Nodes;

/// <summary>The simulated robot's command inputs: every interface a lab's arm and gripper may offer, on the in-process transport.</summary>
[Category("dds")]
public class RosCommandControllerTests
{
    private static Timestamp At(double seconds) => Timestamp.FromSeconds(seconds, ClockKind.Simulated);

    private static ControllerInput Input(double seconds) => new(new EeObservation(At(seconds), Pose3.Identity, 0, 0));

    [Test]
    public void ForwardControllersMoveAndGripTheHand()
    {
        using var robot = new SimRobot();
        var velocity = robot.Driver.CreatePublisher<Float64MultiArray>(SimCommandTopics.Default.ForwardVelocity);
        var grip = robot.Driver.CreatePublisher<Float64MultiArray>(SimCommandTopics.Default.GripperForward);
        grip.Publish(Float64MultiArray.Vector("force", [2.5]));
        velocity.Publish(Float64MultiArray.Vector("twist", [0.01, 0.02, 0.03, 0, 0, 0.1]));
        robot.AwaitReceived(2);
        Assert.That(robot.Controller.Act(Input(1)),
            Is.EqualTo(new HandCommand(TwistTarget: new Twist(new Vec3(0.01, 0.02, 0.03), new Vec3(0, 0, 0.1)), GripTarget: 2.5)));
    }

    [Test]
    public void APoseForwardControllerSetsThePoseTarget()
    {
        using var robot = new SimRobot();
        robot.Driver.CreatePublisher<Float64MultiArray>(SimCommandTopics.Default.ForwardPosition).Publish(Float64MultiArray.Vector("pose", [0.4, 0.1, 0.2, 0, 0, 0, 2]));
        robot.AwaitReceived(1);
        Assert.That(robot.Controller.Act(Input(1))?.PoseTarget, Is.EqualTo(new Pose3(new Vec3(0.4, 0.1, 0.2), Quat.Identity)));
    }

    [Test]
    public void MalformedForwardCommandsAreCountedAndDropped()
    {
        using var robot = new SimRobot();
        robot.Driver.CreatePublisher<Float64MultiArray>(SimCommandTopics.Default.ForwardVelocity).Publish(Float64MultiArray.Vector("twist", [0.01, 0.02]));
        robot.Driver.CreatePublisher<Float64MultiArray>(SimCommandTopics.Default.GripperForward).Publish(Float64MultiArray.Vector("force", [double.NaN]));
        robot.Driver.CreatePublisher<Float64MultiArray>(SimCommandTopics.Default.ForwardPosition).Publish(Float64MultiArray.Vector("pose", [0.4, 0.1, 0.2, 0, 0, 0, 0]));
        robot.AwaitReceived(3);
        Assert.That(robot.Controller.MalformedCommands, Is.EqualTo(3));
        Assert.That(robot.Controller.Act(Input(1)), Is.Null);
    }

    [Test]
    public void AServoTwistNotRenewedWithinItsTimeoutStopsTheHandOnce()
    {
        using var robot = new SimRobot();
        var servo = robot.Driver.CreatePublisher<TwistStamped>(SimCommandTopics.Default.ServoTwist);
        var twist = new Twist(new Vec3(0.02, 0, 0), Vec3.Zero);
        servo.Publish(new TwistStamped(new Header(RosTime.From(At(1.0)), "world"), SparshRobot.Ros.Messages.GeometryMsgs.Twist.From(twist)));
        robot.AwaitReceived(1);
        Assert.That(robot.Controller.Act(Input(1.0))?.TwistTarget, Is.EqualTo(twist));
        Assert.That(robot.Controller.Act(Input(1.09)), Is.Null, "within Servo's timeout the hand keeps the twist");
        Assert.That(robot.Controller.Act(Input(1.11))?.TwistTarget, Is.EqualTo(Twist.Zero), "past it the hand stops");
        Assert.That(robot.Controller.Act(Input(1.2)), Is.Null, "once");
        Assert.That(robot.Controller.ServoTimeouts, Is.EqualTo(1));
    }

    [Test]
    public void AServoTimeoutDoesNotTouchTheOtherInterfaces()
    {
        using var robot = new SimRobot();
        var twistTopic = robot.Driver.CreatePublisher<TwistStamped>(SimCommandTopics.Default.Twist);
        twistTopic.Publish(new TwistStamped(new Header(RosTime.From(At(1.0)), "world"), new SparshRobot.Ros.Messages.GeometryMsgs.Twist(new Vector3(0.01, 0, 0), new Vector3(0, 0, 0))));
        robot.AwaitReceived(1);
        Assert.That(robot.Controller.Act(Input(1.0)), Is.Not.Null);
        Assert.That(robot.Controller.Act(Input(2.0)), Is.Null, "the robot's own twist topic has no command timeout");
        Assert.That(robot.Controller.ServoTimeouts, Is.Zero);
    }

    [Test]
    [CancelAfter(10_000)]
    public void InLockStepAnUnstampedForwardCommandAnswersThePublishedObservation(CancellationToken cancellation)
    {
        using var robot = new SimRobot(lockStep: TimeSpan.FromSeconds(5));
        var velocity = robot.Driver.CreatePublisher<Float64MultiArray>(SimCommandTopics.Default.ForwardVelocity);
        robot.Controller.ObservationPublished(At(2.0));
        var act = Task.Run(() => robot.Controller.Act(Input(2.0)), cancellation);
        Assert.That(act.Wait(200, cancellation), Is.False, "lock-step waits for the answer");
        velocity.Publish(Float64MultiArray.Vector("twist", [0.01, 0, 0, 0, 0, 0]));
        Assert.That(act.Wait(5000, cancellation), Is.True);
        Assert.That(act.Result?.TwistTarget?.Linear.X, Is.EqualTo(0.01));
    }
}
