using SparshRobot.Core.Geometry;
using SparshRobot.Core.Kinematics;

namespace SparshRobot.Core.Tests.Kinematics;

public class DifferentialIkTests
{
    private static readonly double[] Working = [0.3, -0.5, 0.2, -2.0, 0.4, 1.8, -0.6];

    [TestCase(0.05, 0.0, 0.0, 0.0, 0.0, 0.0)]
    [TestCase(0.0, -0.03, 0.02, 0.0, 0.0, 0.0)]
    [TestCase(0.01, 0.02, -0.04, 0.1, -0.2, 0.3)]
    public void AStepReproducesTheTwistToFirstOrder(double vx, double vy, double vz, double wx, double wy, double wz)
    {
        var chain = SerialChainTests.Panda();
        var twist = new Twist(new Vec3(vx, vy, vz), new Vec3(wx, wy, wz));
        const double dt = 1e-3;
        var step = DifferentialIk.Step(chain, Working, twist, dt);
        Assert.That(step.Status, Is.EqualTo(IkStatus.Ok), step.Describe());
        // The joint velocities map back to the twist exactly (a redundant arm, far from singular: no damping) ...
        var achieved = chain.TwistOf(Working, step.Velocities);
        Assert.That((achieved.Linear - twist.Linear).Norm, Is.LessThan(1e-9));
        Assert.That((achieved.Angular - twist.Angular).Norm, Is.LessThan(1e-9));
        // ... and the next positions move the tool by the twist times the step, to first order.
        var before = chain.Forward(Working);
        var after = chain.Forward(step.Positions);
        var moved = (after.Position - before.Position) / dt;
        var turned = (after.Orientation * before.Orientation.Conjugate()).ToRotationVector() / dt;
        Assert.That((moved - twist.Linear).Norm, Is.LessThan(1e-3 * Math.Max(1, twist.Linear.Norm)));
        Assert.That((turned - twist.Angular).Norm, Is.LessThan(1e-3 * Math.Max(1, twist.Angular.Norm)));
    }

    [Test]
    public void ATooFastTwistIsSlowedAsAWholeToTheJointSpeedLimit()
    {
        var chain = SerialChainTests.Panda();
        var twist = new Twist(new Vec3(5, 0, 0), Vec3.Zero);
        var step = DifferentialIk.Step(chain, Working, twist, 1e-3);
        Assert.That(step.Status, Is.EqualTo(IkStatus.Limited));
        Assert.That(step.Scale, Is.GreaterThan(0).And.LessThan(1));
        var limiting = chain.IndexOf(step.LimitingJoint!);
        Assert.That(Math.Abs(step.Velocities[limiting]), Is.EqualTo(chain.Joints[limiting].MaxVelocity).Within(1e-9));
        for (var k = 0; k < 7; k++)
        {
            Assert.That(Math.Abs(step.Velocities[k]), Is.LessThanOrEqualTo(chain.Joints[k].MaxVelocity + 1e-12), chain.JointNames[k]);
        }
        // Same direction: the tool still moves along x only.
        var achieved = chain.TwistOf(Working, step.Velocities);
        Assert.That((achieved.Linear - twist.Linear * step.Scale).Norm, Is.LessThan(1e-9));
        Assert.That(step.Describe(), Does.Contain(step.LimitingJoint));
    }

    [Test]
    public void AJointAtItsLimitStopsAMotionThatWouldPassIt()
    {
        var chain = SerialChainTests.Panda();
        var q = (double[])Working.Clone();
        var elbow = chain.IndexOf("panda_joint4");
        q[elbow] = chain.Joints[elbow].Upper;
        // Find which way the elbow turns for a motion, then ask for the one that opens it further.
        var probe = DifferentialIk.Step(chain, Working, new Twist(new Vec3(0.05, 0, 0), Vec3.Zero), 1e-3);
        var outward = probe.Velocities[elbow] > 0 ? 0.05 : -0.05;
        var step = DifferentialIk.Step(chain, q, new Twist(new Vec3(outward, 0, 0), Vec3.Zero), 0.01);
        Assert.That(step.Status, Is.EqualTo(IkStatus.Limited));
        Assert.That(step.LimitingJoint, Is.EqualTo("panda_joint4"));
        Assert.That(step.Positions[elbow], Is.LessThanOrEqualTo(chain.Joints[elbow].Upper + 1e-12));
        // The opposite motion is free.
        var back = DifferentialIk.Step(chain, q, new Twist(new Vec3(-outward, 0, 0), Vec3.Zero), 0.01);
        Assert.That(back.Status, Is.EqualTo(IkStatus.Ok));
    }

    [Test]
    public void TheStretchedArmIsRefusedAndNearItTheStepIsDampedAndBounded()
    {
        var chain = SerialChainTests.Panda();
        // All zero: joints 1, 3, 5 and 7 line up with the column (the arm's worst singularity).
        var singular = DifferentialIk.Step(chain, new double[7], new Twist(new Vec3(0, 0, 0.05), Vec3.Zero), 0.01);
        Assert.That(singular.Status, Is.EqualTo(IkStatus.Singular));
        Assert.That(singular.Velocities, Is.All.EqualTo(0));
        Assert.That(singular.Positions, Is.All.EqualTo(0));
        Assert.That(singular.Describe(), Does.Contain("singularity"));
        // Bending every joint a little out of it: the first configuration not refused is damped, its joint speeds bounded.
        var twist = new Twist(new Vec3(0, 0.05, 0), Vec3.Zero);
        IkStep damped = singular;
        for (var bend = 0.0; damped.Status == IkStatus.Singular; bend += 1e-4)
        {
            damped = DifferentialIk.Step(chain, [0.1 * bend, 0.3 * bend, 0.2 * bend, -bend, 0.2 * bend, bend, 0.1 * bend], twist, 0.01);
        }
        Assert.That(damped.Status, Is.AnyOf(IkStatus.Damped, IkStatus.Limited), damped.Describe());
        Assert.That(damped.SmallestSingularValue, Is.GreaterThan(DifferentialIkOptions.Default.RefuseBelow).And.LessThan(DifferentialIkOptions.Default.DampingBand));
        Assert.That(damped.Velocities.All(double.IsFinite));
    }

    [Test]
    public void TowardBringsTheJointsToANearbyPose()
    {
        var chain = SerialChainTests.Panda();
        var start = chain.Forward(Working);
        var target = new Pose3(start.Position + new Vec3(0.004, -0.003, 0.002), Quat.FromAxisAngle(Vec3.UnitZ, 0.01) * start.Orientation);
        var q = DifferentialIk.Toward(chain, Working, target);
        var reached = chain.Forward(q);
        Assert.That((reached.Position - target.Position).Norm, Is.LessThan(1e-7));
        Assert.That(reached.Orientation.AngleTo(target.Orientation), Is.LessThan(1e-6));
    }
}
