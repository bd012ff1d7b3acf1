using SparshRobot.Cli.Commands;
using SparshRobot.Control.Safety;
using SparshRobot.Ros.Launch;
using SparshRobot.Ros.Node;
using SparshRobot.Testing;

namespace SparshRobot.Cli.Tests.Launch;

/// <summary>The launch files the repository ships parse and name only nodes the CLI can run.</summary>
public class ShippedLaunchFilesTests
{
    private static IEnumerable<string> LaunchFiles() =>
        Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot, "launch"), "*.launch.xml").Select(Path.GetFileName)!;

    private static IEnumerable<string> ParamsFiles() =>
        Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot, "launch", "params"), "*.yaml").Select(Path.GetFileName)!;

    [TestCaseSource(nameof(ParamsFiles))]
    public void ParamsFilesLoadAsParametersAndSafetyLimits(string file)
    {
        var path = Path.Combine(TestPaths.RepoRoot, "launch", "params", file);
        Assert.That(() => RosArguments.Parse(["--ros-args", "--params-file", path]), Throws.Nothing);
        var safety = SafetyOptions.Load(path, "/maze_controller");
        Assert.That(safety.Limits.WorkspaceMin, Is.Not.Null, $"{file}: a robot's controller runs inside a workspace box");
    }

    [Test]
    public void TheRobotLaunchFileStartsTheSimulatorInsteadOfTheSensorsWhenSimulating()
    {
        var path = Path.Combine(TestPaths.RepoRoot, "launch", "bead_maze_robot.launch.xml");
        string[] Executables(string simulate) => [.. LaunchParser.ParseFile(path, new Dictionary<string, string> { ["simulate"] = simulate })
            .Actions.OfType<LaunchNode>().Select(n => n.Executable).Order()];
        Assert.That(Executables("false"), Is.EqualTo(new[] { "digit_driver", "digit_driver", "maze_controller", "tactile_policy" }));
        Assert.That(Executables("true"), Is.EqualTo(new[] { "bead_maze_sim", "maze_controller", "tactile_policy" }));
    }

    [TestCaseSource(nameof(LaunchFiles))]
    public void ParsesAndNamesRegisteredNodes(string file)
    {
        var description = LaunchParser.ParseFile(Path.Combine(TestPaths.RepoRoot, "launch", file));
        var nodes = description.Actions.OfType<LaunchNode>().ToList();
        Assert.That(nodes, Is.Not.Empty);
        foreach (var node in nodes.Where(n => n.Package == NodeRegistry.Package))
        {
            Assert.That(RunCommand.Nodes.TryGet(node.Executable, out _), Is.True, $"{file}: {node.Executable} is not a registered node");
        }
    }
}
