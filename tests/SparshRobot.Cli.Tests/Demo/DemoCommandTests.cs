using System.Buffers.Binary;
using SparshRobot.Cli.Tests.Sim;
using SparshRobot.Evaluation.Models;
using SparshRobot.Testing;

namespace SparshRobot.Cli.Tests.Demo;

/// <summary>The demo on the models shipped in policies/models.</summary>
[Category("torch")]
public class DemoCommandTests
{
    private static string ShippedRoot => Path.Combine(TestPaths.RepoRoot, "policies", "models");

    [OneTimeSetUp]
    public void OneThread() => TorchThreads.UseOne();

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
        // Grip loss early, so that bc+recovery loses the bead and its supervisor acts within the short episode; then
        // frames lost in runs longer than the pair stride, after which the probes restart their pairs and the policy
        // bridges the gap, in either process layout.
        var faults = Path.Combine(root, "early_faults.yaml");
        File.WriteAllText(faults, """
            seed: 0
            faults:
              - kind: friction-drop
                intensity: 0.9
                start: 0.6
                duration: 1.5
              - kind: sensor-dropout
                intensity: 0.7
                start: 0.3
                duration: 2.2
            """);
        Dictionary<string, string>[] Run(string name, params string[] extra)
        {
            var output = Path.Combine(root, name);
            var (code, text) = SimCommandTests.Invoke(["demo", "--models", ShippedRoot, "--mazes", "heldout:easy:1", "--faults", faults, "--time-limit", "2.5",
                "--stack", "full", "--stack", "bc+recovery", "--out", output, .. extra]);
            Assert.That(code, Is.EqualTo(0), text);
            var lines = File.ReadAllLines(Path.Combine(output, "episodes.csv"));
            var header = lines[0].Split(',');
            return [.. lines.Skip(1).Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second))];
        }
        var inProcess = Run("in-process");
        var graph = Run("graph", "--graph");
        Assert.That(inProcess, Has.Length.EqualTo(2));
        Assert.That(graph, Has.Length.EqualTo(2));
        for (var i = 0; i < inProcess.Length; i++)
        {
            // Every metric bit for bit, the supervisor's transitions and recoveries and the policy's plans included;
            // only the time it took differs (and the policy's step time, which stays in the policy node's process).
            string[] timing = ["inference_ms", "wall_seconds"];
            var stack = inProcess[i]["stack"];
            Assert.That(graph[i].Where(c => !timing.Contains(c.Key)), Is.EqualTo(inProcess[i].Where(c => !timing.Contains(c.Key))), $"stack {stack}");
            Assert.That(int.Parse(inProcess[i]["policy_steps"], System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(5), $"stack {stack} planned");
        }
        Assert.That(int.Parse(inProcess.Single(e => e["stack"] == "bc+recovery")["transitions"], System.Globalization.CultureInfo.InvariantCulture),
            Is.GreaterThan(0), "the supervisor acted in a compared episode");
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
