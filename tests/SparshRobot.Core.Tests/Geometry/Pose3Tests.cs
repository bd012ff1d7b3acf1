using SparshRobot.Core.Geometry;

namespace SparshRobot.Core.Tests.Geometry;

public class Pose3Tests
{
    private static readonly Pose3 A = new(new Vec3(0.3, -0.2, 0.5), Quat.FromRollPitchYaw(0.1, -0.4, 1.2));
    private static readonly Pose3 B = new(new Vec3(-0.05, 0.1, 0.02), Quat.FromAxisAngle(new Vec3(1, 1, 0), 0.7));

    [Test]
    public void ComposingWithTheInverseGivesIdentity()
    {
        var id = A * A.Inverse();
        Assert.Multiple(() =>
        {
            Assert.That(id.Position.Norm, Is.LessThan(1e-12));
            Assert.That(id.Orientation.AngleTo(Quat.Identity), Is.LessThan(1e-7));
        });
    }

    [Test]
    public void CompositionMapsPointsAsTheTwoTransformsInTurn()
    {
        var p = new Vec3(0.2, -0.7, 1.1);
        var composed = (A * B).TransformPoint(p);
        Assert.That((composed - A.TransformPoint(B.TransformPoint(p))).Norm, Is.LessThan(1e-12));
    }

    [Test]
    public void YawRotatesXTowardsY()
    {
        var p = Quat.FromRollPitchYaw(0, 0, Math.PI / 2).Rotate(Vec3.UnitX);
        Assert.That((p - Vec3.UnitY).Norm, Is.LessThan(1e-12));
    }

    [Test]
    public void RejectsDegenerateInputs()
    {
        Assert.Throws<ArgumentException>(() => _ = new Quat(0, 0, 0, 0));
        Assert.Throws<ArgumentException>(() => _ = new Quat(double.NaN, 0, 0, 1));
        Assert.Throws<InvalidOperationException>(() => Vec3.Zero.Normalized());
    }
}
