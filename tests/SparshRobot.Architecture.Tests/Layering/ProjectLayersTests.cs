using SparshRobot.Testing;

namespace SparshRobot.Architecture.Tests.Layering;

public class ProjectLayersTests
{
    private static IReadOnlyDictionary<string, IReadOnlyList<string>> Repository() => ProjectGraph.Read(Path.Combine(TestPaths.RepoRoot, "src"));

    /// <summary>The repository's graph plus one reference, as if someone had just added it to a project file.</summary>
    private static Dictionary<string, IReadOnlyList<string>> With(IReadOnlyDictionary<string, IReadOnlyList<string>> graph, string from, string to)
    {
        var copy = graph.ToDictionary(p => p.Key, p => p.Value);
        copy[from] = [.. copy.GetValueOrDefault(from, []), to];
        return copy;
    }

    [Test]
    public void EveryProjectReferenceUnderSrcIsAllowed() =>
        Assert.That(ProjectLayers.Violations(Repository()), Is.Empty);

    [Test]
    public void EveryAllowedReferenceGoesDownTheLayers()
    {
        Assert.That(ProjectLayers.Allowed.Keys, Is.EquivalentTo(ProjectLayers.Layers.Keys), "each project has both a layer and its allowed references");
        var upOrSideways = ProjectLayers.Allowed
            .SelectMany(p => p.Value.Where(to => ProjectLayers.Layers[to] >= ProjectLayers.Layers[p.Key]).Select(to => $"{p.Key} -> {to}"));
        Assert.That(upOrSideways, Is.Empty);
    }

    [TestCase("SparshRobot.Sim", "SparshRobot.Ros", Description = "the transport edge the adapter project replaced")]
    [TestCase("SparshRobot.Sim", "SparshRobot.Control", Description = "sideways: the robot stand-in does not know its controller")]
    [TestCase("SparshRobot.Policy", "SparshRobot.Control", Description = "backwards along the data path")]
    [TestCase("SparshRobot.Core", "SparshRobot.Tactile", Description = "the bottom references nothing")]
    [TestCase("SparshRobot.Tactile", "SparshRobot.Tactile.Ros", Description = "pure code does not reference its adapter")]
    [TestCase("SparshRobot.Policy", "SparshRobot.Tactile.Ros", Description = "pure code does not reference another adapter")]
    [TestCase("SparshRobot.Tactile.Ros", "SparshRobot.Policy.Ros", Description = "an adapter does not reference the adapters above it")]
    [TestCase("SparshRobot.Mcap", "SparshRobot.Core", Description = "the MCAP library stands alone")]
    [TestCase("SparshRobot.Encoder", "SparshRobot.Tactile", Description = "the encoder needs tensors, not capture or preprocessing")]
    public void AReferenceAgainstTheLayeringFailsNamingIt(string from, string to)
    {
        var violations = ProjectLayers.Violations(With(Repository(), from, to));
        Assert.That(violations, Has.Count.EqualTo(1));
        Assert.That(violations[0], Does.StartWith($"{from} -> {to} is not allowed"));
    }

    [Test]
    public void AProjectOutsideTheLayeringFailsNamingIt()
    {
        var violations = ProjectLayers.Violations(With(Repository(), "SparshRobot.Gizmo", "SparshRobot.Core"));
        Assert.That(violations, Is.EqualTo(new[] { $"SparshRobot.Gizmo has no place in the layering: give it a layer and its allowed references in {nameof(ProjectLayers)} and docs/architecture.md" }));
    }

    [Test]
    public void TheRosSplitsProjectsFitTheLayering()
    {
        // SparshRobot.Ros is being split into the MCAP library and rosbag2 on ROS; bag users then reference Ros.Bags.
        var graph = new Dictionary<string, IReadOnlyList<string>>(Repository())
        {
            ["SparshRobot.Mcap"] = [],
            ["SparshRobot.Ros.Bags"] = ["SparshRobot.Ros", "SparshRobot.Mcap"],
        };
        foreach (var user in new[] { "SparshRobot.Policy", "SparshRobot.Sim.Ros", "SparshRobot.Control.Ros", "SparshRobot.Cli" })
        {
            graph = With(graph, user, "SparshRobot.Ros.Bags");
        }
        Assert.That(ProjectLayers.Violations(graph), Is.Empty);
    }

    [Test]
    public void TheRepositoryGraphHoldsTheAdaptersBesideTheirPureProjects()
    {
        var graph = Repository();
        Assert.Multiple(() =>
        {
            Assert.That(graph.Keys, Is.SupersetOf(ProjectLayers.Layers.Keys.Except(["SparshRobot.Mcap", "SparshRobot.Ros.Bags"])), "every project of the layering but the split's is here");
            Assert.That(graph["SparshRobot.Sim.Ros"], Does.Contain("SparshRobot.Sim").And.Contain("SparshRobot.Ros"));
            Assert.That(graph["SparshRobot.Policy.Ros"], Does.Contain("SparshRobot.Policy").And.Contain("SparshRobot.Ros"));
            Assert.That(graph["SparshRobot.Sim"], Has.None.StartsWith("SparshRobot.Ros"), "the simulator has no transport");
            Assert.That(graph["SparshRobot.Core"], Is.Empty);
        });
    }
}
