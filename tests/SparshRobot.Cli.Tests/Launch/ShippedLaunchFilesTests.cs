using SparshRobot.Cli.Commands;
using SparshRobot.Ros.Launch;
using SparshRobot.Testing;

namespace SparshRobot.Cli.Tests.Launch;

/// <summary>The launch files the repository ships parse and name only nodes the CLI can run.</summary>
public class ShippedLaunchFilesTests
{
    private static IEnumerable<string> LaunchFiles() =>
        Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot, "launch"), "*.launch.xml").Select(Path.GetFileName)!;

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
