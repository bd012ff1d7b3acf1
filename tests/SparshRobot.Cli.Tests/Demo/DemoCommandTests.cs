using System.Buffers.Binary;
using SparshRobot.Cli.Tests.Sim;
using SparshRobot.Evaluation.Models;
using SparshRobot.Testing;

namespace SparshRobot.Cli.Tests.Demo;

/// <summary>The demo on the models shipped in policies/models.</summary>
public class DemoCommandTests
{
    private static string ShippedRoot => Path.Combine(TestPaths.RepoRoot, "policies", "models");

    [OneTimeSetUp]
    public void OneThread() => TorchSharp.torch.set_num_threads(1);

    [Test]
    public void TheDemoOnOneShortMazeWritesAReportWithAPicturePerEpisode()
    {
        var output = Path.Combine(TestPaths.NewTempDirectory("demo").FullName, "out");
        var (code, text) = SimCommandTests.Invoke("demo", "--models", ShippedRoot, "--mazes", "heldout:easy:1", "--faults", "none",
            "--time-limit", "1.5", "--out", output);
        Assert.That(code, Is.EqualTo(0), text);
        Assert.That(text, Does.Contain("checksums verified"));
        var report = File.ReadAllText(Path.Combine(output, "report.md"));
        Assert.That(report, Does.Contain("| full | none | 1 |").And.Contain("| bc | none | 1 |"));
        var pictures = Directory.GetFiles(output, "*.png").Select(Path.GetFileName).ToList();
        Assert.That(pictures, Has.Count.EqualTo(3), string.Join(", ", pictures));
        foreach (var picture in pictures)
        {
            Assert.That(report, Does.Contain($"({picture})"), $"report.md embeds {picture}");
            var bytes = File.ReadAllBytes(Path.Combine(output, picture!));
            Assert.That(bytes[1..4], Is.EqualTo("PNG"u8.ToArray()), picture);
            Assert.That(BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), Is.GreaterThanOrEqualTo(600), $"{picture} width");
            Assert.That(bytes, Has.Length.GreaterThan(20_000), $"{picture} holds more than an empty canvas");
        }
    }

    [Test]
    public void TheGraphOfNodesOverDdsRunsTheSameEpisodesAsTheInProcessStack()
    {
        var root = TestPaths.NewTempDirectory("demo").FullName;
        string[][] Run(string name, params string[] extra)
        {
            var output = Path.Combine(root, name);
            var (code, text) = SimCommandTests.Invoke(["demo", "--models", ShippedRoot, "--mazes", "heldout:easy:1", "--faults", "none", "--time-limit", "2.5",
                "--out", output, .. extra]);
            Assert.That(code, Is.EqualTo(0), text);
            return [.. File.ReadAllLines(Path.Combine(output, "episodes.csv")).Skip(1).Select(l => l.Split(','))];
        }
        var inProcess = Run("in-process");
        var graph = Run("graph", "--graph");
        Assert.That(inProcess, Has.Length.EqualTo(2));
        Assert.That(graph, Has.Length.EqualTo(2));
        for (var i = 0; i < inProcess.Length; i++)
        {
            // Maze, spec, length, faults, kinds, stack, seed; success, time, slips, drops, jams, regrasps: the same. The
            // bead's travel agrees to within 1 % of the wire, not bit for bit (see the note of issue 15).
            int[] exact = [0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13];
            Assert.That(exact.Select(k => graph[i][k]), Is.EqualTo(exact.Select(k => inProcess[i][k])), $"episode {i}");
            Assert.That(double.Parse(graph[i][7], System.Globalization.CultureInfo.InvariantCulture),
                Is.EqualTo(double.Parse(inProcess[i][7], System.Globalization.CultureInfo.InvariantCulture)).Within(0.01), $"episode {i} completion");
        }
        Assert.That(File.ReadAllText(Path.Combine(root, "graph", "nodes.log")), Does.Contain("maze controller:").And.Contain("rollout ended"));
    }

    [TestCase(new[] { "--stack", "warp-drive" }, "--stack 'warp-drive' is not known; known: teleop")]
    [TestCase(new[] { "--graph", "--stack", "teleop" }, "--graph: the teleop stack sees the simulator's scene")]
    [TestCase(new[] { "--faults", "/nonexistent/plan.yaml" }, "/nonexistent/plan.yaml")]
    public void BadOptionsAreRefusedBeforeAnEpisodeRuns(string[] options, string expected)
    {
        var output = Path.Combine(TestPaths.NewTempDirectory("demo").FullName, "out");
        var (code, text) = SimCommandTests.Invoke(["demo", "--models", ShippedRoot, "--out", output, .. options]);
        Assert.That(code, Is.EqualTo(1), text);
        Assert.That(text.ReplaceLineEndings(" "), Does.Contain(expected));
        Assert.That(Directory.Exists(output), Is.False, "nothing written");
    }

    [Test]
    public void ACorruptedShippedModelStopsTheDemoByName()
    {
        var copy = TestPaths.NewTempDirectory("models").FullName;
        foreach (var file in Directory.GetFiles(ShippedRoot, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(copy, Path.GetRelativePath(ShippedRoot, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        var slip = Path.Combine(copy, ShippedModels.ProbesFolder, "slip", "probe.safetensors");
        var bytes = File.ReadAllBytes(slip);
        bytes[^3] ^= 0x40;
        File.WriteAllBytes(slip, bytes);
        var output = Path.Combine(copy, "out");
        var (code, text) = SimCommandTests.Invoke("demo", "--models", copy, "--out", output);
        Assert.That(code, Is.EqualTo(1), text);
        Assert.That(text.ReplaceLineEndings(""), Does.Contain(slip).And.Contain("sha256"));
        Assert.That(Directory.Exists(output), Is.False, "nothing runs on a corrupted model");
    }
}
