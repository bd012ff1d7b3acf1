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
    public void CompositionMatchesHomogeneousMatrices()
    {
        var viaMatrices = Pose3.FromMatrix(A.ToMatrix() * B.ToMatrix());
        var direct = A * B;
        Assert.Multiple(() =>
        {
            Assert.That((viaMatrices.Position - direct.Position).Norm, Is.LessThan(1e-12));
            Assert.That(viaMatrices.Orientation.AngleTo(direct.Orientation), Is.LessThan(1e-7));
        });
    }

    [Test]
    public void RotationMatrixRoundTripsForLargeAngles()
    {
        foreach (var angle in new[] { 0.0, 0.5, Math.PI / 2, 3.0, Math.PI })
        {
            foreach (var axis in new[] { Vec3.UnitX, Vec3.UnitY, Vec3.UnitZ, new Vec3(1, -2, 0.5) })
            {
                var q = Quat.FromAxisAngle(axis, angle);
                var back = Quat.FromRotationMatrix(q.ToRotationMatrix());
                Assert.That(back.AngleTo(q), Is.LessThan(1e-7), $"axis {axis}, angle {angle}");
            }
        }
    }

    [Test]
    public void YawRotatesXTowardsY()
    {
        var p = Quat.FromRollPitchYaw(0, 0, Math.PI / 2).Rotate(Vec3.UnitX);
        Assert.That((p - Vec3.UnitY).Norm, Is.LessThan(1e-12));
    }

    [Test]
    public void PowerIsTheSameInEveryFrame()
    {
        var twist = new Twist(new Vec3(0.1, -0.3, 0.2), new Vec3(0.5, 0.1, -0.2));
        var wrench = new Wrench(new Vec3(1.5, 0.2, -3), new Vec3(0.01, -0.2, 0.05));
        var power = wrench.Power(twist);
        var moved = wrench.ExpressedIn(A).Power(twist.ExpressedIn(A));
        Assert.That(moved, Is.EqualTo(power).Within(1e-12));
    }

    [Test]
    public void TwistOfAPureRotationGainsLeverArmVelocity()
    {
        // A frame offset by 1 m along x, spinning about its own z at 1 rad/s, moves at 1 m/s along y seen from the origin.
        var offset = new Pose3(Vec3.UnitX, Quat.Identity);
        var seen = new Twist(Vec3.Zero, Vec3.UnitZ).ExpressedIn(offset);
        Assert.Multiple(() =>
        {
            Assert.That((seen.Linear - new Vec3(0, -1, 0)).Norm, Is.LessThan(1e-12), "v = p x w with p = x, w = z gives -y");
            Assert.That((seen.Angular - Vec3.UnitZ).Norm, Is.LessThan(1e-12));
        });
    }

    [Test]
    public void RejectsDegenerateInputs()
    {
        Assert.Throws<ArgumentException>(() => _ = new Quat(0, 0, 0, 0));
        Assert.Throws<ArgumentException>(() => _ = new Quat(double.NaN, 0, 0, 1));
        Assert.Throws<InvalidOperationException>(() => Vec3.Zero.Normalized());
        var e = Assert.Throws<ArgumentException>(() => Pose3.FromMatrix(MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseIdentity(3)));
        Assert.That(e!.Message, Does.Contain("4x4").And.Contain("3x3"));
    }
}
