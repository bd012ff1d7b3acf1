using SparshRobot.Core.Geometry;
using SparshRobot.Core.Robot;
using SparshRobot.Core.Sensing;
using SparshRobot.Sim.Hand;
using SparshRobot.Sim.Mazes;
using SparshRobot.Sim.Physics;
using SparshRobot.Sim.Simulation;
using SparshRobot.Sim.Tests.Support;

namespace SparshRobot.Sim.Tests.Physics;

public class BeadPhysicsTests
{
    private const double Dt = 0.001;
    private static readonly HandGeometry _hand = HandGeometry.Default;

    /// <summary>A bead pinched at s = 0.1 on a horizontal wire along +x, and the EE pose that pinches it.</summary>
    private static (BeadPhysics Bead, Pose3 Ee, Wire Wire) Pinched(BeadParameters? parameters = null, double s = 0.1, double heading = 0)
    {
        var wire = SimFixtures.StraightMaze(0.2, heading).Wire;
        var bead = new BeadPhysics(wire, _hand, parameters ?? BeadParameters.Default, s);
        var ee = _hand.EeForGrasp(wire.Point(s), Quat.Identity);
        bead.Grasp(ee);
        return (bead, ee, wire);
    }

    private static Pose3 Shift(Pose3 ee, double x, double y, double z) => ee with { Position = ee.Position + new Vec3(x, y, z) };

    private static void Hold(BeadPhysics bead, Pose3 ee, double grip, int steps, double padScale = 1, double wireScale = 1)
    {
        for (var i = 0; i < steps; i++)
        {
            bead.Step(Dt, ee, grip, grip, padScale, wireScale);
        }
    }

    [Test]
    public void PullAlongTheTangentMovesTheBead()
    {
        var (bead, ee, _) = Pinched();
        Hold(bead, Shift(ee, 0.005, 0, 0), 2.5, 500);
        Assert.That(bead.S - 0.1, Is.EqualTo(0.005).Within(0.0005));
        Assert.That(bead.State.Slipping, Is.False);
    }

    [TestCase(0, 0, 0.005)]
    [TestCase(0, 0.005, 0)]
    public void PullAcrossTheWireDoesNotMoveTheBeadAndRaisesFriction(double x, double y, double z)
    {
        var (bead, ee, _) = Pinched();
        Hold(bead, ee, 2.5, 50);
        var restingLimit = bead.State.FrictionLimit;
        Hold(bead, Shift(ee, x, y, z), 2.5, 500);
        Assert.That(bead.S, Is.EqualTo(0.1).Within(1e-9));
        Assert.That(bead.State.CrossForce, Is.GreaterThan(1.5));
        Assert.That(bead.State.FrictionLimit, Is.GreaterThan(10 * restingLimit));
    }

    [Test]
    public void OffAxisPullMovesUnderALightGripButJamsUnderAHardOne()
    {
        // Pull 4 mm at 50 degrees off the wire: the along-wire part beats friction only while the grip is light.
        var angle = 50 * Math.PI / 180;
        var (light, ee, _) = Pinched();
        Hold(light, Shift(ee, 0.004 * Math.Cos(angle), 0, 0.004 * Math.Sin(angle)), 2, 500);
        Assert.That(light.S - 0.1, Is.GreaterThan(0.0003));

        var (hard, ee2, _) = Pinched();
        Hold(hard, Shift(ee2, 0.004 * Math.Cos(angle), 0, 0.004 * Math.Sin(angle)), 12, 500);
        Assert.That(hard.S, Is.EqualTo(0.1).Within(1e-9));
        Assert.That(hard.State.Jammed, Is.True);

        // The same hard grip pulled straight along the wire does not jam: it is grip and off-axis pull together.
        var (aligned, ee3, _) = Pinched();
        Hold(aligned, Shift(ee3, 0.004, 0, 0), 12, 500);
        Assert.That(aligned.S - 0.1, Is.GreaterThan(0.003));
    }

    [TestCase(2.0, true)]
    [TestCase(6.0, false)]
    public void GripBelowTheSlipThresholdSlipsAndAboveDoesNot(double grip, bool slips)
    {
        // Bead against the end stop, hand 10 mm beyond it: 4 N of pad load against PadFriction x grip.
        var (bead, ee, wire) = Pinched(s: 0.2);
        Hold(bead, Shift(ee, 0.010, 0, 0), grip, 500);
        Assert.That(bead.S, Is.EqualTo(wire.Length));
        Assert.That(bead.SlipDistance > 0.001, Is.EqualTo(slips));
        Assert.That(bead.Grasped, Is.True);
        Assert.That(bead.State.PadShear, Is.LessThanOrEqualTo(BeadParameters.Default.PadFriction * grip + 1e-9));
    }

    [Test]
    public void SlipBeyondThePadRadiusDropsTheBead()
    {
        var (bead, ee, _) = Pinched(s: 0.2);
        var losses = new List<GraspLoss>();
        for (var i = 0; i < 500; i++)
        {
            losses.Add(bead.Step(Dt, Shift(ee, 0.020, 0, 0), 2, 2, 1, 1));
        }
        Assert.That(losses, Does.Contain(GraspLoss.SlippedOff));
        Assert.That(bead.Grasped, Is.False);
    }

    [Test]
    public void TooLittleGripDropsTheBeadWhileOpeningReleasesIt()
    {
        var (bead, ee, _) = Pinched();
        Assert.That(bead.Step(Dt, ee, 0.1, 2.5, 1, 1), Is.EqualTo(GraspLoss.GripTooLow));
        var (other, ee2, _) = Pinched();
        Assert.That(other.Step(Dt, ee2, 0.1, 0, 1, 1), Is.EqualTo(GraspLoss.Released));
    }

    [Test]
    public void EnergyDoesNotGrowWithoutInput()
    {
        // Grasped, frictionless wire, hand held still 3 mm off along the wire: the bead rings down.
        var (bead, ee, _) = Pinched(BeadParameters.Default with { WireFriction = 0 });
        var held = Shift(ee, 0.003, 0, 0.001);
        var energy = bead.MechanicalEnergy(held);
        var start = energy;
        for (var i = 0; i < 2000; i++)
        {
            bead.Step(Dt, held, 2.5, 2.5, 1, 1);
            var next = bead.MechanicalEnergy(held);
            Assert.That(next, Is.LessThanOrEqualTo(energy + 1e-12), $"step {i}");
            energy = next;
        }
        Assert.That(start - energy, Is.GreaterThan(0), "the damper must have removed energy");

        // Released on a 40 degree slope: it slides down, friction only takes energy away.
        var (sliding, ee2, _) = Pinched(heading: 40);
        sliding.Step(Dt, ee2, 0, 0, 1, 1);
        energy = sliding.MechanicalEnergy(ee2);
        for (var i = 0; i < 300; i++)
        {
            sliding.Step(Dt, ee2, 0, 0, 1, 1);
            var next = sliding.MechanicalEnergy(ee2);
            Assert.That(next, Is.LessThanOrEqualTo(energy + 1e-12), $"step {i}");
            energy = next;
        }
        Assert.That(sliding.S, Is.LessThan(0.1), "a released bead slides down a slope steeper than its friction angle");
    }

    [Test]
    public void BeadNeverLeavesTheWireUnderWildCommands()
    {
        var maze = MazeGenerator.Generate(5, MazeDifficulty.Hard);
        var sim = new BeadMazeSim(maze);
        var rng = new Random(3);
        for (var i = 0; i < 20_000; i++)
        {
            if (i % 50 == 0)
            {
                var target = maze.Wire.Point(rng.NextDouble() * maze.Wire.Length) + new Vec3(rng.NextDouble() - 0.5, rng.NextDouble() - 0.5, rng.NextDouble() - 0.5) * 0.05;
                sim.Command(new HandCommand(sim.Options.Hand.EeForGrasp(target, Quat.Identity), GripTarget: rng.NextDouble() * 15));
            }
            sim.Step();
            var bead = sim.Bead;
            Assert.That(bead.S, Is.InRange(0, maze.Wire.Length));
            Assert.That((bead.Position - maze.Wire.Point(bead.S)).Norm, Is.LessThan(1e-12));
            Assert.That(double.IsFinite(bead.SDot), Is.True);
        }
    }

    [Test]
    public void ContactStateCarriesGripShearSlipAndWireDirection()
    {
        var (bead, ee, _) = Pinched();
        Hold(bead, Shift(ee, 0.002, 0, 0.003), 3, 200);
        var thumb = PadContact.For(Finger.Thumb, bead.State, Shift(ee, 0.002, 0, 0.003), 3, _hand, BeadParameters.Default);
        var index = PadContact.For(Finger.Index, bead.State, Shift(ee, 0.002, 0, 0.003), 3, _hand, BeadParameters.Default);
        Assert.That(thumb.Shape, Is.EqualTo(IndenterShape.Cylinder));
        Assert.That(thumb.NormalForce, Is.EqualTo(3));
        // The wire runs along world x; the thumb pad's x axis is world -x, so the axis lies along the pad's x.
        Assert.That(Math.Abs(thumb.Axis.X), Is.EqualTo(1).Within(1e-6));
        // The hand is above the bead: the bead sits low on the pad (negative y) and drags the pads down (negative y shear).
        Assert.That(thumb.Center.Y, Is.LessThan(-2));
        Assert.That(thumb.Shear.Y, Is.LessThan(-0.3));
        // The pads face each other: the same world load reads mirrored in x and equal in y.
        Assert.That(index.Shear.Y, Is.EqualTo(thumb.Shear.Y).Within(1e-12));
        Assert.That(index.Center.X, Is.EqualTo(-thumb.Center.X).Within(1e-12));

        Hold(bead, ee, 0, 5);
        Assert.That(PadContact.For(Finger.Thumb, bead.State, ee, 0, _hand, BeadParameters.Default).InContact, Is.False);
    }
}
