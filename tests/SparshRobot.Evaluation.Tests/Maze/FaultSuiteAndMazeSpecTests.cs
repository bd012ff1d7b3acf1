using SparshRobot.Evaluation.Maze;
using SparshRobot.Sim.Faults;
using SparshRobot.Sim.Mazes;
using SparshRobot.Testing;

namespace SparshRobot.Evaluation.Tests.Maze;

public class FaultSuiteAndMazeSpecTests
{
    private static string ShippedSuite(string name) => Path.Combine(TestPaths.RepoRoot, "src", "SparshRobot.Sim", "Faults", $"{name}_suite.yaml");

    [TestCase("standard")]
    [TestCase("stress")]
    public void AShippedSuiteCoversEveryFaultKindAndSamplesReproducibly(string name)
    {
        var suite = FaultSuite.Load(ShippedSuite(name));
        Assert.That(suite.Kinds.Select(k => k.Kind), Is.EquivalentTo(Enum.GetValues<FaultKind>()));
        var a = suite.Sample(12);
        var b = suite.Sample(12);
        Assert.That(a.Faults, Is.EqualTo(b.Faults));
        Assert.That(a.Faults, Has.Count.EqualTo(suite.FaultsPerEpisode));
        Assert.That(a.Faults.Select(f => f.Kind).Distinct().Count(), Is.EqualTo(a.Faults.Count), "distinct kinds per episode");
        var kinds = Enumerable.Range(0, 200).SelectMany(s => suite.Sample(s).Faults).ToList();
        Assert.That(kinds.Select(f => f.Kind).Distinct().Count(), Is.EqualTo(Enum.GetValues<FaultKind>().Length), "every kind gets drawn");
        foreach (var f in kinds)
        {
            var draw = suite.Kinds.Single(k => k.Kind == f.Kind);
            Assert.That(f.Intensity, Is.InRange(draw.Intensity.Lo, draw.Intensity.Hi));
            Assert.That(f.Start, Is.InRange(draw.Start.Lo, draw.Start.Hi));
        }
        Assert.That(FaultSuite.IsSuite(ShippedSuite(name)), Is.True);
        Assert.That(FaultCondition.Parse(ShippedSuite(name)).Name, Is.EqualTo(name));
    }

    [TestCase("fault_suite:\n  kinds: []\n", "kinds is missing or empty")]
    [TestCase("fault_suite:\n  kinds:\n    - kind: gremlins\n      intensity: [0, 1]\n      start: [0, 1]\n      duration: [1, 2]\n", "unknown kind 'gremlins'")]
    [TestCase("fault_suite:\n  kinds:\n    - kind: friction-drop\n      intensity: [0.9, 0.1]\n      start: [0, 1]\n      duration: [1, 2]\n", "kinds[0].intensity (friction-drop): expected [low, high]")]
    [TestCase("fault_suite:\n  faults_per_episode: 3\n  kinds:\n    - kind: friction-drop\n      intensity: [0.1, 0.2]\n      start: [0, 1]\n      duration: [1, 2]\n", "faults_per_episode 3 must be in [1, 1]")]
    [TestCase("fault_suite:\n  colour: red\n", "bad.yaml: line 2: `fault_suite.colour`: unknown key; expected one of name, faults_per_episode, kinds")]
    [TestCase("fault_suite:\n  faults_per_episod: 2\n", "`fault_suite.faults_per_episod`: unknown key; did you mean `faults_per_episode`?")]
    public void ABadSuiteNamesTheFileAndTheField(string yaml, string expected)
    {
        Assert.That(() => FaultSuite.Parse(yaml, "bad.yaml"), Throws.InstanceOf<FaultFileException>().With.Message.Contains("bad.yaml").And.Message.Contains(expected));
    }

    [Test]
    public void FamilySpecsFoldersAndSingleMazesResolve()
    {
        var easy = MazeCatalog.ResolveMany("heldout:easy:3@10");
        Assert.That(easy.Select(m => m.Name), Is.EqualTo(new[] { "heldout-easy-1000010", "heldout-easy-1000011", "heldout-easy-1000012" }));
        Assert.That(easy.All(m => m.Family == MazeFamily.HeldOut), Is.True);
        Assert.That(MazeCatalog.ResolveMany("training:hard:2").All(m => m.Family == MazeFamily.Training), Is.True);
        Assert.That(MazeCatalog.ResolveMany("hard:5").Single().Name, Does.Contain("hard-5"));
        Assert.That(() => MazeCatalog.ResolveMany("heldout:easy:zero"), Throws.ArgumentException.With.Message.Contains("count a positive integer"));
        Assert.That(() => MazeCatalog.ResolveMany("heldout:easy:2@x"), Throws.ArgumentException.With.Message.Contains("seed offset"));
        Assert.That(() => MazeCatalog.ResolveMany("heldout:medium:2"), Throws.ArgumentException.With.Message.Contains("unknown maze difficulty 'medium'"));
        var empty = TestPaths.NewTempDirectory("mazes").FullName;
        Assert.That(() => MazeCatalog.ResolveMany(empty), Throws.ArgumentException.With.Message.Contains("holds no *.yaml maze"));
    }
}
