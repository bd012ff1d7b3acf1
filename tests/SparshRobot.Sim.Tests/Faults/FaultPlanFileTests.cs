using SparshRobot.Sim.Faults;
using SparshRobot.Sim.Hand;
using SparshRobot.Testing;

namespace SparshRobot.Sim.Tests.Faults;

public class FaultPlanFileTests
{
    public static string Example => Path.Combine(TestPaths.RepoRoot, "src", "SparshRobot.Sim", "Faults", "example_faults.yaml");

    [Test]
    public void TheExampleFileBecomesThePlanItDescribes()
    {
        var file = FaultPlanFile.Load(Example);
        Assert.That(file.Seed, Is.EqualTo(7));
        Assert.That(file.Faults, Is.EqualTo(new[]
        {
            new FaultSpec(FaultKind.FrictionDrop, 0.8, 3, 2),
            new FaultSpec(FaultKind.SensorDropout, 0.5, 0, double.PositiveInfinity, Finger.Thumb),
            new FaultSpec(FaultKind.LatencySpike, 0.5, 6, 1),
        }));

        var plan = file.ToPlan(seed: 99, [FaultSpec.Parse("calibration-drift:1@0+1")]);
        Assert.Multiple(() =>
        {
            Assert.That(plan.Seed, Is.EqualTo(7), "the file's seed wins over the run's");
            Assert.That(plan.Faults, Has.Count.EqualTo(4));
            Assert.That(plan.PadFrictionScale(2.9), Is.EqualTo(1));
            Assert.That(plan.PadFrictionScale(4), Is.EqualTo(0.2).Within(1e-12));
            Assert.That(plan.CommandLatency(6.5), Is.EqualTo(0.15).Within(1e-12));
            Assert.That(plan.CalibrationOffset(2).Norm, Is.EqualTo(0.015).Within(1e-12));
            var thumbDrops = Enumerable.Range(0, 2000).Count(i => plan.TactileFlags(Finger.Thumb, i * 0.01).Dropped);
            Assert.That(thumbDrops, Is.InRange(850, 1150), "half the thumb's frames");
            Assert.That(Enumerable.Range(0, 200).Any(i => plan.TactileFlags(Finger.Index, i * 0.01).Dropped), Is.False, "the index keeps all its frames");
        });
    }

    [Test]
    public void WithoutASeedTheRunsSeedSeedsThePlanAndOptionalFieldsTakeTheirDefaults()
    {
        var file = FaultPlanFile.Parse("faults:\n  - kind: sticky_wire\n    intensity: 0.5\n", "inline.yaml");
        var plan = file.ToPlan(seed: 3);
        Assert.That(plan.Seed, Is.EqualTo(3));
        Assert.That(plan.Faults.Single(), Is.EqualTo(new FaultSpec(FaultKind.StickyWire, 0.5, 0, double.PositiveInfinity, null, 0.4, 0.6)));
    }

    [TestCase("faults:\n  - kind: gremlins\n    intensity: 1\n", "faults[0].kind: unknown kind 'gremlins'; one of friction-drop, sensor-dropout, frozen-frames, image-noise, lighting-drift, calibration-drift, latency-spike, sticky-wire")]
    [TestCase("faults:\n  - kind: friction-drop\n    intensity: 0.5\n  - kind: friction-drop\n    intensity: 0.5\n    duration: -2\n", "faults[1].duration (friction-drop): must be > 0 s, not -2")]
    [TestCase("faults:\n  - kind: friction-drop\n    intensity: 0.5\n    start: -1\n", "faults[0].start (friction-drop): must be >= 0 s, not -1")]
    [TestCase("faults:\n  - kind: image-noise\n    intensity: 1.5\n", "faults[0].intensity (image-noise): must be in [0, 1], not 1.5")]
    [TestCase("faults:\n  - kind: image-noise\n", "faults[0]: 'intensity' is missing")]
    [TestCase("faults:\n  - intensity: 0.5\n", "faults[0]: 'kind' is missing")]
    [TestCase("faults:\n  - kind: sensor-dropout\n    intensity: 0.5\n    finger: pinky\n", "faults[0].finger: 'pinky' is not 'thumb' or 'index'")]
    [TestCase("faults:\n  - kind: friction-drop\n    intensity: 0.5\n    finger: thumb\n", "faults[0].finger (friction-drop): applies to sensor faults only")]
    [TestCase("faults:\n  - kind: sticky-wire\n    intensity: 0.5\n    section_start: 0.7\n    section_end: 0.2\n", "faults[0].section_start (sticky-wire): section [0.7, 0.2] must lie within [0, 1] and increase")]
    [TestCase("faults:\n  - kind: friction-drop\n    intensity: lots\n", "plan.yaml: line 3: `faults.intensity`: 'lots' is not a number")]
    [TestCase("faults:\n  - kind: friction-drop\n    intensity: 0.5\n    strength: 2\n", "plan.yaml: line 4: `faults.strength`: unknown key; expected one of kind, intensity, start, duration, finger, section_start, section_end")]
    [TestCase("seed: 3\n", "'faults' is missing")]
    [TestCase("", "'faults' is missing")]
    public void BadFilesSayWhichEntryAndFieldIsWrong(string yaml, string expected)
    {
        Assert.That(() => FaultPlanFile.Parse(yaml, "plan.yaml"),
            Throws.TypeOf<FaultFileException>().With.Message.StartsWith("plan.yaml").And.Message.Contains(expected));
    }

    [Test]
    public void AMissingFileIsNamed()
    {
        Assert.That(() => FaultPlanFile.Load("no/such/faults.yaml"),
            Throws.TypeOf<FaultFileException>().With.Message.EqualTo("fault file 'no/such/faults.yaml' does not exist"));
    }

    [Test]
    public void KindNamesRoundTripAndNumbersAreNotKinds()
    {
        foreach (var kind in Enum.GetValues<FaultKind>())
        {
            Assert.That(FaultSpec.TryParseKind(FaultSpec.KindName(kind), out var parsed) && parsed == kind, Is.True, kind.ToString());
        }
        Assert.That(FaultSpec.TryParseKind("3", out _), Is.False);
    }
}
