using SparshRobot.Core.Geometry;
using SparshRobot.Core.Robot;
using SparshRobot.Core.Time;
using SparshRobot.Sim.Simulation;
using SparshRobot.Sim.Tests.Support;

namespace SparshRobot.Sim.Tests.Simulation;

public class BeadMazeSimTests
{
    [Test]
    public void OneSimulatedSecondHasItsTicksAndMovesTheSimulatedClock()
    {
        var sim = new BeadMazeSim(SimFixtures.StraightMaze());
        int tactile = 0, observations = 0;
        for (var i = 0; i < 1000; i++)
        {
            var ticks = sim.Step();
            tactile += ticks.HasFlag(SimTicks.Tactile) ? 1 : 0;
            observations += ticks.HasFlag(SimTicks.Observation) ? 1 : 0;
        }
        Assert.That((tactile, observations), Is.EqualTo((60, 30)));
        Assert.That(sim.Clock.Now(), Is.EqualTo(new Timestamp(1, 0, ClockKind.Simulated)));
        Assert.That(sim.Observe().Stamp.Clock, Is.EqualTo(ClockKind.Simulated));
        Assert.That(sim.Tactile().Sequence, Is.EqualTo(59));
    }

    [Test]
    public void TwistCommandsDragTheBeadAlong()
    {
        var sim = new BeadMazeSim(SimFixtures.StraightMaze());
        sim.Command(new HandCommand(TwistTarget: new Twist(new Vec3(0.02, 0, 0), Vec3.Zero)));
        for (var i = 0; i < 2000; i++)
        {
            sim.Step();
        }
        Assert.That(sim.Bead.S - sim.Options.StartS, Is.EqualTo(0.04).Within(0.003));
        Assert.That(sim.Bead.Grasped, Is.True);
    }

    [Test]
    public void TheFingersReportABeadHeldOffThePinchPointAndRestCentredWhenOpen()
    {
        var sim = new BeadMazeSim(SimFixtures.StraightMaze());
        var hand = sim.Options.Hand;
        Assert.That(sim.Observe().FingerOffset, Is.EqualTo(0).Within(1e-12));
        // The hand moves 0.5 mm along the pinch axis (+y) while the wire keeps the bead where it was.
        var start = sim.ReportedEePose;
        sim.Command(new HandCommand(new Pose3(start.Position + new Vec3(0, 0.0005, 0), start.Orientation)));
        for (var i = 0; i < 500; i++)
        {
            sim.Step();
        }
        var offset = sim.Observe().FingerOffset;
        var truth = Vec3.Dot(sim.Truth.Bead.Position - sim.Truth.GraspPoint, Vec3.UnitY);
        Assert.That(truth, Is.EqualTo(-0.0005).Within(2e-5), "the bead stayed on the wire");
        Assert.That(offset, Is.EqualTo(truth * hand.FingerComplianceShare).Within(hand.FingerResolution / 2));
        Assert.That(offset / hand.FingerResolution, Is.EqualTo(Math.Round(offset / hand.FingerResolution)).Within(1e-9), "encoder counts");
        sim.Command(new HandCommand(GripTarget: 0));
        for (var i = 0; i < 300; i++)
        {
            sim.Step();
        }
        Assert.That(sim.Bead.Grasped, Is.False);
        Assert.That(sim.Observe().FingerOffset, Is.EqualTo(0), "open fingers rest centred");
    }

    [Test]
    public void BadCommandsAndOptionsAreRejected()
    {
        var sim = new BeadMazeSim(SimFixtures.StraightMaze());
        Assert.That(() => sim.Command(new HandCommand(Pose3.Identity, Twist.Zero)), Throws.ArgumentException.With.Message.Contains("not both"));
        Assert.That(() => new BeadMazeSim(SimFixtures.StraightMaze(), new SimOptions(PhysicsRate: 100, TactileRate: 200)),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("tactile (200 Hz)"));
        Assert.That(() => new BeadMazeSim(SimFixtures.StraightMaze(), new SimOptions(InitialGrip: 50)),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("initial grip"));
    }
}
