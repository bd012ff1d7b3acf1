using System.Reflection;
using SparshRobot.Core.Robot;
using SparshRobot.Core.Sensing;
using SparshRobot.Sim.Mazes;
using SparshRobot.Sim.Physics;
using SparshRobot.Sim.Rollouts;
using SparshRobot.Sim.Simulation;
using SparshRobot.Sim.Tests.Support;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Tactile.Profiles;
using SparshRobot.Testing;

namespace SparshRobot.Sim.Tests.Simulation;

/// <summary>A controller sees what a robot would give it, never the simulator's truth; and it is called when it asks.</summary>
[Category("sim")]
public class ControllerBoundaryTests
{
    private static readonly Type[] Truth =
        [typeof(ContactState), typeof(SceneView), typeof(GroundTruth), typeof(BeadState), typeof(TactileTick), typeof(FingerTouch), typeof(Maze), typeof(Wire), typeof(BeadMazeSim)];

    [Test]
    public void NothingAControllerIsGivenCarriesSimulatorTruth()
    {
        var seen = new HashSet<Type>();
        Walk(typeof(ControllerInput), seen);
        Assert.That(seen, Does.Contain(typeof(EeObservation)).And.Contain(typeof(TactileFrame)), "the walk reaches the real inputs");
        Assert.That(seen.Intersect(Truth), Is.Empty);
    }

    private static void Walk(Type type, HashSet<Type> seen)
    {
        if (!seen.Add(type) || type.IsPrimitive || type == typeof(string))
        {
            return;
        }
        foreach (var argument in type.IsGenericType ? type.GetGenericArguments() : [])
        {
            Walk(argument, seen);
        }
        if (type.IsArray)
        {
            Walk(type.GetElementType()!, seen);
        }
        if (type.Namespace?.StartsWith("SparshRobot", StringComparison.Ordinal) != true && !type.IsGenericType)
        {
            return;
        }
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            Walk(property.PropertyType, seen);
        }
    }

    [Test]
    public void ATactileRateControllerIsCalledSixtyTimesASecondWithEveryFrameOnce()
    {
        var background = BackgroundStore.FromImageFile(TestPaths.DigitBackground, SensorProfile.Digit);
        var controller = new Recording(SimTicks.Tactile);
        var result = RolloutRunner.Run(new BeadMazeSim(SimFixtures.StraightMaze()), controller,
            new RolloutOptions(TimeLimit: 1.0, Renderer: new DigitFrameRenderer(background, 0), TraceInterval: 0));
        Assert.That(controller.Calls, Is.EqualTo(60));
        Assert.That(controller.Frames, Has.Count.EqualTo(result.TactileFrames));
        Assert.That(controller.Frames.Distinct().Count(), Is.EqualTo(controller.Frames.Count), "no frame twice");
        Assert.That(controller.Frames.Select(f => f.SensorId).Distinct().Order(), Is.EqualTo(new[] { "digit_index", "digit_thumb" }));
        var observationRate = new Recording(SimTicks.Observation);
        RolloutRunner.Run(new BeadMazeSim(SimFixtures.StraightMaze()), observationRate, new RolloutOptions(TimeLimit: 1.0, TraceInterval: 0));
        Assert.That(observationRate.Calls, Is.EqualTo(30));
    }

    [Test]
    public void ARolloutEndsOnceTheBeadWasOutOfTheHandForTheLostTimeout()
    {
        // Opening the hand at once drops the bead; nothing picks it up again.
        var open = new Recording(SimTicks.Observation, new HandCommand(GripTarget: 0));
        var result = RolloutRunner.Run(new BeadMazeSim(SimFixtures.StraightMaze()), open, new RolloutOptions(TimeLimit: 30, TraceInterval: 0, LostTimeout: 2));
        var released = result.Events.Single(e => e.Kind == Metrics.RolloutEventKind.Release).Time;
        Assert.That(released, Is.LessThan(0.5));
        Assert.That(result.Metrics.Time, Is.EqualTo(released + 2.0).Within(0.002));
        Assert.That(result.StopReason, Does.Contain("out of the hand"));
    }

    [Test]
    public void ARolloutEndsWhenItsControllerStopsForGood()
    {
        var giveUp = new Recording(SimTicks.Observation, stopAfter: 15);
        var result = RolloutRunner.Run(new BeadMazeSim(SimFixtures.StraightMaze()), giveUp, new RolloutOptions(TimeLimit: 30, TraceInterval: 0));
        Assert.That(giveUp.Calls, Is.EqualTo(15), "not asked again once it stopped");
        Assert.That(result.Metrics.Time, Is.EqualTo(0.5).Within(0.04), "15 observations at 30 Hz, not the 30 s limit");
        Assert.That(result.StopReason, Is.EqualTo("gave up after 15 calls"));
    }

    [Test]
    public void TheSimulatedHandAppliesCommandsWithinItsLimits()
    {
        var sim = new BeadMazeSim(SimFixtures.StraightMaze());
        var hand = new SimHand(sim);
        var applied = hand.Write(new HandCommand(GripTarget: 100));
        Assert.That(applied.GripTarget, Is.EqualTo(sim.Options.MaxGrip));
        for (var i = 0; i < 200; i++)
        {
            sim.Step();
        }
        Assert.That(hand.Read().GripTarget, Is.EqualTo(sim.Options.MaxGrip));
        Assert.That(hand.Read().Stamp, Is.EqualTo(sim.Clock.Now()));
    }

    private sealed class Recording(SimTicks ticks, HandCommand? command = null, int stopAfter = int.MaxValue) : IMazeController
    {
        public string Name => "recording";

        public SimTicks Ticks => ticks;

        public int Calls { get; private set; }

        public List<TactileFrame> Frames { get; } = [];

        public string? Stopped => Calls >= stopAfter ? $"gave up after {Calls} calls" : null;

        public HandCommand? Act(ControllerInput input)
        {
            Calls++;
            Frames.AddRange(input.Frames ?? []);
            return command;
        }
    }
}
