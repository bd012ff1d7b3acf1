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
