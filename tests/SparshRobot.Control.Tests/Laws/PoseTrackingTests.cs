using SparshRobot.Control.Laws;
using SparshRobot.Core.Geometry;

namespace SparshRobot.Control.Tests.Laws;

public class PoseTrackingTests
{
    private static readonly Pose3 Start = new(new Vec3(0.1, 0.2, 0.3), Quat.FromRollPitchYaw(0.1, -0.2, 0.3));

    [Test]
    public void ASmallErrorGivesTheErrorOverTheTimeConstant()
    {
        var options = new PoseTrackingOptions(TimeConstant: 0.1);
        var target = Start with { Position = Start.Position + new Vec3(0.002, -0.001, 0.0005) };
        var twist = PoseTracking.Toward(Start, target, options);
        Assert.That(twist.Linear.X, Is.EqualTo(0.02).Within(1e-12));
        Assert.That(twist.Linear.Y, Is.EqualTo(-0.01).Within(1e-12));
        Assert.That(twist.Linear.Z, Is.EqualTo(0.005).Within(1e-12));
        Assert.That(twist.Angular.Norm, Is.LessThan(1e-12));
    }

    [Test]
    public void ALargeErrorIsSpeedLimitedAlongTheSameDirection()
    {
        var options = new PoseTrackingOptions(TimeConstant: 0.05, MaxSpeed: 0.1, MaxAngularSpeed: 0.5);
        var error = new Vec3(0.3, 0.4, 0);
        var target = new Pose3(Start.Position + error, Quat.FromAxisAngle(Vec3.UnitZ, 1.0) * Start.Orientation);
        var twist = PoseTracking.Toward(Start, target, options);
        Assert.That(twist.Linear.Norm, Is.EqualTo(0.1).Within(1e-12));
        Assert.That(Vec3.Dot(twist.Linear.Normalized(), error.Normalized()), Is.EqualTo(1).Within(1e-12));
        Assert.That(twist.Angular.Norm, Is.EqualTo(0.5).Within(1e-12));
        Assert.That(twist.Angular.Normalized().Z, Is.EqualTo(1).Within(1e-9), "the world-frame rotation that takes the hand to the target is about +z");
    }

    [Test]
    public void FollowingTheTwistClosesARotationError()
    {
        var options = new PoseTrackingOptions(TimeConstant: 0.1, MaxAngularSpeed: 10);
        var target = new Pose3(Start.Position, Quat.FromAxisAngle(new Vec3(1, 1, 0), 0.4) * Start.Orientation);
        var pose = Start;
        for (var i = 0; i < 200; i++)
        {
            var w = PoseTracking.Toward(pose, target, options).Angular;
            pose = pose with { Orientation = Quat.FromAxisAngle(w, w.Norm * 0.005) * pose.Orientation };
        }
        Assert.That(pose.Orientation.AngleTo(target.Orientation), Is.LessThan(1e-3));
    }

    [Test]
    public void NonPositiveOptionsAreRefusedByName()
    {
        var e = Assert.Throws<ArgumentException>(() => new PoseTrackingOptions(TimeConstant: 0).Validate())!;
        Assert.That(e.Message, Does.Contain("time constant 0 s"));
    }
}
