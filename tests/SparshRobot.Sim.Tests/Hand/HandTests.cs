using SparshRobot.Core.Geometry;
using SparshRobot.Sim.Hand;

namespace SparshRobot.Sim.Tests.Hand;

public class HandTests
{
    private const double Dt = 0.001;

    [Test]
    public void PoseTrackingRespectsSpeedAndAccelerationLimitsAndConverges()
    {
        var limits = new TrackerLimits(TimeConstant: 0.05, MaxSpeed: 0.2, MaxAcceleration: 2);
        var tracker = new CartesianTracker(Pose3.Identity, limits);
        tracker.SetPoseTarget(new Pose3(new Vec3(0.1, 0, 0), Quat.FromAxisAngle(Vec3.UnitZ, 0.3)));
        var previous = Vec3.Zero;
        var maxSpeed = 0.0;
        var maxAcceleration = 0.0;
        for (var i = 0; i < 2000; i++)
        {
            tracker.Step(Dt);
            maxSpeed = Math.Max(maxSpeed, tracker.Velocity.Norm);
            maxAcceleration = Math.Max(maxAcceleration, (tracker.Velocity - previous).Norm / Dt);
            previous = tracker.Velocity;
        }
        Assert.That(maxSpeed, Is.LessThanOrEqualTo(0.2 + 1e-9));
        Assert.That(maxAcceleration, Is.LessThanOrEqualTo(2 + 1e-6));
        Assert.That(maxSpeed, Is.GreaterThan(0.19), "a 10 cm move should reach the speed limit");
        Assert.That((tracker.Pose.Position - new Vec3(0.1, 0, 0)).Norm, Is.LessThan(1e-4));
        Assert.That(tracker.Pose.Orientation.AngleTo(Quat.FromAxisAngle(Vec3.UnitZ, 0.3)), Is.LessThan(1e-3));
    }

    [Test]
    public void FirstOrderLagCloseToTheTarget()
    {
        var tracker = new CartesianTracker(Pose3.Identity, new TrackerLimits(TimeConstant: 0.05, MaxSpeed: 10, MaxAcceleration: 1000));
        tracker.SetPoseTarget(new Pose3(new Vec3(0.001, 0, 0), Quat.Identity));
        for (var i = 0; i < 50; i++)
        {
            tracker.Step(Dt);
        }
        // After one time constant a first-order system covers 1 - 1/e of the way.
        Assert.That(tracker.Pose.Position.X / 0.001, Is.EqualTo(1 - Math.Exp(-1)).Within(0.03));
    }

    [Test]
    public void TwistTargetMovesAtTheCommandedVelocity()
    {
        var tracker = new CartesianTracker(Pose3.Identity, TrackerLimits.Franka);
        tracker.SetTwistTarget(new Twist(new Vec3(0, 0, 0.05), Vec3.Zero));
        for (var i = 0; i < 1000; i++)
        {
            tracker.Step(Dt);
        }
        Assert.That(tracker.Velocity.Z, Is.EqualTo(0.05).Within(1e-9));
        Assert.That(tracker.Pose.Position.Z, Is.EqualTo(0.05).Within(0.002));
    }

    [Test]
    public void GripIsClampedAndLags()
    {
        var grip = new GripActuator(maxForce: 10, timeConstant: 0.05);
        grip.Command(25);
        Assert.That(grip.Target, Is.EqualTo(10));
        for (var i = 0; i < 50; i++)
        {
            grip.Step(Dt);
        }
        Assert.That(grip.Force, Is.EqualTo(10 * (1 - Math.Exp(-1))).Within(0.05));
        grip.Command(-3);
        Assert.That(grip.Target, Is.EqualTo(0));
        Assert.That(() => grip.Command(double.NaN), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void PadsFaceEachOtherAcrossThePinchAxis()
    {
        var hand = HandGeometry.Default;
        var thumb = hand.PadFrame(Pose3.Identity, Finger.Thumb);
        var index = hand.PadFrame(Pose3.Identity, Finger.Index);
        Assert.That(Vec3.Dot(thumb.Z, index.Z), Is.EqualTo(-1).Within(1e-12));
        Assert.That(Vec3.Dot(Vec3.Cross(thumb.X, thumb.Y), thumb.Z), Is.EqualTo(1).Within(1e-12));
        Assert.That((hand.GraspPoint(hand.EeForGrasp(new Vec3(1, 2, 3), Quat.FromAxisAngle(Vec3.UnitX, 0.4))) - new Vec3(1, 2, 3)).Norm, Is.LessThan(1e-12));
    }
}
