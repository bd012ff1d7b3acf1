using SparshRobot.Core.Geometry;
using SparshRobot.Core.IO;
using SparshRobot.Core.Kinematics;

namespace SparshRobot.Core.Tests.Kinematics;

/// <summary>The shipped Panda chain: forward kinematics against hand-computed poses, the Jacobian against finite differences.</summary>
public class SerialChainTests
{
    internal static SerialChain Panda() =>
        ChainFile.Load(AncestorPaths.Find("launch", "params", "kinematics", "franka_panda.yaml") ?? throw new FileNotFoundException("launch/params/kinematics/franka_panda.yaml above the test folder"));

    internal static readonly double[] Ready = [0, -Math.PI / 4, 0, -3 * Math.PI / 4, 0, Math.PI / 2, Math.PI / 4];

    [Test]
    public void TheZeroConfigurationStretchesTheArmUpWithTheHandPointingDown()
    {
        var chain = Panda();
        var pose = chain.Forward(new double[7]);
        // Upright: the column's lengths add up (0.333 + 0.316 + 0.384), the flange (0.107) and the TCP (0.1034) hang
        // back down, and the a offsets of joints 4 and 5 cancel, leaving joint 7's 0.088 forward.
        Assert.That(pose.Position.X, Is.EqualTo(0.088).Within(1e-9));
        Assert.That(pose.Position.Y, Is.EqualTo(0).Within(1e-9));
        Assert.That(pose.Position.Z, Is.EqualTo(0.333 + 0.316 + 0.384 - 0.107 - 0.1034).Within(1e-9));
        // Flange: half a turn about x (z down); the hand then turns -45 degrees about its z.
        var expected = Quat.FromAxisAngle(Vec3.UnitX, Math.PI) * Quat.FromAxisAngle(Vec3.UnitZ, -Math.PI / 4);
        Assert.That(pose.Orientation.AngleTo(expected), Is.LessThan(1e-9));
    }

    [Test]
    public void TheReadyPoseIsWhereFrankaPublishesIt()
    {
        var chain = Panda();
        Assert.That(chain.Home, Is.EqualTo(Ready).Within(1e-12));
        var pose = chain.Forward(Ready);
        // libfranka's ready pose: the TCP 0.307 m in front of the base at 0.487 m, pointing straight down, x forward.
        Assert.That(pose.Position.X, Is.EqualTo(0.3069).Within(1e-4));
        Assert.That(pose.Position.Y, Is.EqualTo(0).Within(1e-9));
        Assert.That(pose.Position.Z, Is.EqualTo(0.4869).Within(1e-4));
        Assert.That(pose.Orientation.AngleTo(Quat.FromAxisAngle(Vec3.UnitX, Math.PI)), Is.LessThan(1e-9));
    }

    [Test]
    public void TurningTheFirstJointTurnsTheWholeArmAboutTheBaseZ()
    {
        var chain = Panda();
        var q = (double[])Ready.Clone();
        q[0] = 0.7;
        var turned = chain.Forward(q);
        var expected = new Pose3(Vec3.Zero, Quat.FromAxisAngle(Vec3.UnitZ, 0.7)) * chain.Forward(Ready);
        Assert.That((turned.Position - expected.Position).Norm, Is.LessThan(1e-12));
        Assert.That(turned.Orientation.AngleTo(expected.Orientation), Is.LessThan(1e-9));
    }

    [Test]
    public void TheJacobianIsTheDerivativeOfTheForwardKinematics()
    {
        var chain = Panda();
        double[] q = [0.3, -0.5, 0.2, -2.0, 0.4, 1.8, -0.6];
        var jacobian = chain.Jacobian(q);
        var pose = chain.Forward(q);
        const double h = 1e-6;
        for (var k = 0; k < 7; k++)
        {
            var moved = (double[])q.Clone();
            moved[k] += h;
            var next = chain.Forward(moved);
            var linear = (next.Position - pose.Position) / h;
            var angular = (next.Orientation * pose.Orientation.Conjugate()).ToRotationVector() / h;
            double[] numeric = [linear.X, linear.Y, linear.Z, angular.X, angular.Y, angular.Z];
            for (var r = 0; r < 6; r++)
            {
                Assert.That(jacobian[r, k], Is.EqualTo(numeric[r]).Within(1e-5), $"row {r}, joint {chain.JointNames[k]}");
            }
        }
    }

    [Test]
    public void AJointIsFoundByNameAndAnUnknownOneIsNamed()
    {
        var chain = Panda();
        Assert.That(chain.IndexOf("panda_joint4"), Is.EqualTo(3));
        Assert.That(() => chain.IndexOf("fr3_joint4"), Throws.ArgumentException.With.Message.Contains("fr3_joint4").And.Message.Contains("panda_joint1"));
        Assert.That(() => chain.Forward(new double[6]), Throws.ArgumentException.With.Message.Contains("6 joint values").And.Message.Contains("7 joints"));
    }
}
