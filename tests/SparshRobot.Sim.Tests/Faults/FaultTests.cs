using SparshRobot.Core.Geometry;
using SparshRobot.Core.Robot;
using SparshRobot.Sim.Faults;
using SparshRobot.Sim.Hand;
using SparshRobot.Sim.Simulation;
using SparshRobot.Sim.Tests.Support;

namespace SparshRobot.Sim.Tests.Faults;

public class FaultTests
{
    private static BeadMazeSim Sim(params FaultSpec[] faults) => new(SimFixtures.StraightMaze(), null, new FaultPlan(faults, 42));

    /// <summary>Commands the pinch point <paramref name="dx"/> along the wire from the bead's start.</summary>
    private static void Pull(BeadMazeSim sim, double dx, double? grip = null)
    {
        var target = sim.Maze.Wire.Point(sim.Options.StartS) + new Vec3(dx, 0, 0);
        sim.Command(new HandCommand(sim.Options.Hand.EeForGrasp(target, Quat.Identity), GripTarget: grip));
    }

    private static void Run(BeadMazeSim sim, double seconds, Action<SimTicks>? each = null)
    {
        var steps = (int)Math.Round(seconds * sim.Options.PhysicsRate);
        for (var i = 0; i < steps; i++)
        {
            var ticks = sim.Step();
            each?.Invoke(ticks);
        }
    }

    [Test]
    public void FrictionDropMakesAHeldBeadSlip()
    {
        // Bead at the start stop, hand pulling 4 mm back past it: 1.6 N on the pads, held by 2.5 N of grip.
        var sim = Sim(new FaultSpec(FaultKind.FrictionDrop, 0.7, 1.0, 0.5));
        Pull(sim, -0.024);
        var slipBefore = 0.0;
        Run(sim, 1.0);
        slipBefore = sim.Bead.SlipDistance;
        Run(sim, 0.5);
        Assert.That(slipBefore, Is.EqualTo(0));
        Assert.That(sim.Bead.SlipDistance, Is.GreaterThan(0.001));
    }

    [Test]
    public void StickyWireSectionHoldsTheBeadBackUntilItSlipsInTheGrasp()
    {
        var sticky = new FaultSpec(FaultKind.StickyWire, 1.0, 0, double.PositiveInfinity, SectionStart: 0.3, SectionEnd: 0.6);
        var sim = Sim(sticky);
        var clean = Sim();
        foreach (var s in new[] { sim, clean })
        {
            // Hold the pinch point 3 mm above the wire, as a hand rarely is exactly on it, then drag it 12 cm along.
            var above = s.Maze.Wire.Point(s.Options.StartS) + new Vec3(0, 0, 0.003);
            s.Command(new HandCommand(s.Options.Hand.EeForGrasp(above, Quat.Identity)));
            Run(s, 0.3);
            s.Command(new HandCommand(TwistTarget: new Twist(new Vec3(0.03, 0, 0), Vec3.Zero)));
            Run(s, 4.0);
        }
        // The sticky section holds the bead until it has slipped in the grasp far enough for the pull to line up
        // with the wire; the clean wire never makes it slip.
        Assert.That(clean.Bead.S, Is.GreaterThan(0.12));
        Assert.That(clean.Bead.SlipDistance, Is.Zero);
        Assert.That(sim.Bead.SlipDistance, Is.GreaterThan(0.003));
        Assert.That(clean.Bead.S - sim.Bead.S, Is.GreaterThan(0.003));
    }

    [Test]
    public void CalibrationDriftMovesTheRealHandAwayFromTheReportedOne()
    {
        var sim = Sim(new FaultSpec(FaultKind.CalibrationDrift, 0.8, 0.5, 1.0));
        Run(sim, 0.4);
        Assert.That((sim.Truth.TrueEePose.Position - sim.ReportedEePose.Position).Norm, Is.EqualTo(0).Within(1e-12));
        Run(sim, 1.5);
        Assert.That((sim.Truth.TrueEePose.Position - sim.ReportedEePose.Position).Norm, Is.EqualTo(0.8 * 0.015).Within(1e-9));
    }

    [Test]
    public void LatencySpikeDelaysCommands()
    {
        var spiked = Sim(new FaultSpec(FaultKind.LatencySpike, 1.0, 0, 1));
        var clean = Sim();
        foreach (var s in new[] { spiked, clean })
        {
            Pull(s, 0.01);
            Run(s, 0.2);
        }
        Assert.That(clean.ReportedEePose.Position.X, Is.GreaterThan(0.025));
        Assert.That(spiked.ReportedEePose.Position.X, Is.EqualTo(0.02).Within(1e-9), "nothing moves before the 300 ms delay");
        Run(spiked, 0.3);
        Assert.That(spiked.ReportedEePose.Position.X, Is.GreaterThan(0.025));
    }

    [Test]
    public void DropoutLosesFramesOnlyInItsWindowAndOnlyOnItsSensor()
    {
        var sim = Sim(new FaultSpec(FaultKind.SensorDropout, 0.5, 1, 1, Finger.Index));
        var renderer = new EncodingRenderer();
        var thumb = new TactileStream(Finger.Thumb, renderer);
        var index = new TactileStream(Finger.Index, renderer);
        int inWindow = 0, droppedInWindow = 0, droppedOutside = 0, thumbDropped = 0;
        Run(sim, 3, ticks =>
        {
            if (!ticks.HasFlag(SimTicks.Tactile))
            {
                return;
            }
            var tick = sim.Tactile();
            var inside = sim.Time >= 1 && sim.Time < 2;
            var frame = index.Next(tick);
            inWindow += inside ? 1 : 0;
            droppedInWindow += inside && frame is null ? 1 : 0;
            droppedOutside += !inside && frame is null ? 1 : 0;
            thumbDropped += thumb.Next(tick) is null ? 1 : 0;
        });
        Assert.That(inWindow, Is.EqualTo(60));
        Assert.That(droppedInWindow, Is.InRange(18, 42));
        Assert.That(droppedOutside, Is.Zero);
        Assert.That(thumbDropped, Is.Zero);
    }

    [Test]
    public void FrozenSensorRepeatsItsLastImage()
    {
        var sim = Sim(new FaultSpec(FaultKind.FrozenFrames, 1, 0.5, 1, Finger.Thumb));
        var stream = new TactileStream(Finger.Thumb, new EncodingRenderer());
        // Squeeze harder and harder so every fresh image differs from the last.
        var frames = new List<(double Time, byte Level, long Sequence)>();
        Run(sim, 2, ticks =>
        {
            sim.Command(new HandCommand(GripTarget: 1 + 4 * sim.Time));
            if (ticks.HasFlag(SimTicks.Tactile) && stream.Next(sim.Tactile()) is { } frame)
            {
                frames.Add((sim.Time, frame.Pixels.Span[0], frame.Sequence));
            }
        });
        var frozen = frames.Where(f => f.Time > 0.55 && f.Time < 1.5).Select(f => f.Level).Distinct().ToList();
        var live = frames.Where(f => f.Time > 1.55).Select(f => f.Level).Distinct().ToList();
        Assert.That(frozen, Has.Count.EqualTo(1));
        Assert.That(live, Has.Count.GreaterThan(3));
        Assert.That(frames.Select(f => f.Sequence), Is.Ordered.Ascending.And.Unique, "frozen frames still carry new sequence numbers");
    }

    [Test]
    public void NoiseAndLightingReachTheRendererOnlyWhenInjected()
    {
        var plan = new FaultPlan([new FaultSpec(FaultKind.ImageNoise, 0.4, 1, 1), new FaultSpec(FaultKind.LightingDrift, 0.5, 1, 2)], 1);
        Assert.That(plan.ImageConditions(Finger.Thumb, 0.5), Is.EqualTo(TactileImageConditions.Nominal));
        var during = plan.ImageConditions(Finger.Index, 1.5);
        Assert.That(during.NoiseStd, Is.EqualTo(10).Within(1e-9));
        Assert.That(during.LightingGain, Is.EqualTo(1 + 0.4 * 0.5 * 0.25).Within(1e-9));
        var after = plan.ImageConditions(Finger.Index, 3.5);
        Assert.That(after.NoiseStd, Is.Zero);
        Assert.That(after.LightingGain, Is.EqualTo(1.2).Within(1e-9), "lighting drift stays once it has happened");
        Assert.That(after.LightingOffset, Is.EqualTo(10).Within(1e-9));
    }

    [TestCase("friction-drop:0.8@3+2", FaultKind.FrictionDrop, 0.8, 3, 2)]
    [TestCase("sticky-wire:0.5", FaultKind.StickyWire, 0.5, 0, double.PositiveInfinity)]
    [TestCase("sensor-dropout:1@2/thumb", FaultKind.SensorDropout, 1, 2, double.PositiveInfinity)]
    public void FaultSpecsParse(string text, FaultKind kind, double intensity, double start, double duration)
    {
        var spec = FaultSpec.Parse(text);
        Assert.That((spec.Kind, spec.Intensity, spec.Start, spec.Duration), Is.EqualTo((kind, intensity, start, duration)));
    }

    [TestCase("gremlins:0.5", "unknown kind 'gremlins'")]
    [TestCase("friction-drop:1.5", "intensity must be in [0, 1]")]
    [TestCase("friction-drop", "expected kind:intensity")]
    [TestCase("friction-drop:x", "'x' is not a number")]
    [TestCase("sensor-dropout:1/middle", "'middle' is not 'thumb' or 'index'")]
    public void BadFaultSpecsSayWhatIsWrong(string text, string expected)
    {
        Assert.That(() => FaultSpec.Parse(text), Throws.TypeOf<FormatException>().With.Message.Contains(expected).And.Message.Contains(text));
    }

    [Test]
    public void SameSeedSameFaults()
    {
        var a = FaultPlan.Random(9, 20, 0.5, FaultKind.CalibrationDrift, FaultKind.SensorDropout);
        var b = FaultPlan.Random(9, 20, 0.5, FaultKind.CalibrationDrift, FaultKind.SensorDropout);
        Assert.That(b.Faults, Is.EqualTo(a.Faults));
        Assert.That(b.CalibrationOffset(20), Is.EqualTo(a.CalibrationOffset(20)));
        Assert.That(FaultPlan.Random(10, 20, 0.5, FaultKind.CalibrationDrift).Faults, Is.Not.EqualTo(a.Faults.Take(1)));
    }
}
