using System.Diagnostics;
using System.Text.Json.Nodes;
using SparshRobot.Mcap;
using SparshRobot.Ros.Bags;
using SparshRobot.Ros.Cdr;
using SparshRobot.Testing;

namespace SparshRobot.Cli.Tests.Bag;

[Category("slow")]
public class BagCommandTests
{
    private DirectoryInfo _dir = null!;

    [SetUp]
    public void SetUp() => _dir = TestPaths.NewTempDirectory("bagcli");

    [TearDown]
    public void TearDown() => _dir.Delete(recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args) => CliProcess.Run(TimeSpan.FromMinutes(2), args);

    [Test]
    public void DumpRecordsPrintsTheConformanceShapeForARealRosbag2File()
    {
        string file = TestPaths.Shared("rosbag2", "mcap", "talker", "talker.mcap");
        var (code, stdout, err) = Run("bag", "dump-records", file);
        Assert.That(code, Is.Zero, err);
        var records = JsonNode.Parse(stdout)!["records"]!.AsArray();
        Assert.That(records.Count(r => (string)r!["type"]! == "Message"), Is.EqualTo(20));
        Assert.That(records[0]!["type"]!.GetValue<string>(), Is.EqualTo("Header"));
        Assert.That(records[^1]!["type"]!.GetValue<string>(), Is.EqualTo("Footer"));
        var header = records[0]!["fields"]!.AsArray();
        Assert.That(header.Select(f => f![0]!.GetValue<string>()), Is.EqualTo(new[] { "library", "profile" }));
        Assert.That(header[1]![1]!.GetValue<string>(), Is.EqualTo("ros2"));
        var message = records.First(r => (string)r!["type"]! == "Message")!["fields"]!.AsArray();
        Assert.That(message.Select(f => f![0]!.GetValue<string>()),
            Is.EqualTo(new[] { "channel_id", "data", "log_time", "publish_time", "sequence" }));
    }

    [Test]
    public void BadInputExitsWithOneLineNamingTheFileAndOffset()
    {
        string file = Path.Combine(_dir.FullName, "not.mcap");
        File.WriteAllText(file, "definitely not an mcap file");
        var (code, stdout, err) = Run("bag", "dump-records", file);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stdout, Is.Empty, "no half-written JSON");
        Assert.That(err, Does.Contain(file).And.Contain("byte offset 0").And.Contain("bad magic"));
    }

    [Test]
    public void InfoMatchesTheRos2BagInfoLayout()
    {
        var (code, stdout, err) = Run("bag", "info", TestPaths.Shared("rosbag2", "mcap", "cdr_test"));
        Assert.That(code, Is.Zero, err);
        Assert.That(stdout, Does.Contain("Files:             cdr_test_0.mcap\n"));
        Assert.That(stdout, Does.Contain("Messages:          7\n"));
        Assert.That(stdout, Does.Contain("Duration:          0.151137181s\n"));
        Assert.That(stdout, Does.Contain("Topic: /test_topic | Type: test_msgs/msg/BasicTypes | Count: 3 | Serialization Format: cdr"));
    }

    [TestCase("zstd")]
    [TestCase("none")] // chunks streamed to the file: the kill leaves a torn chunk or none
    public void KilledRecorderProcessIsRecoveredWithEveryDurableMessage(string compression)
    {
        string bag = Path.Combine(_dir.FullName, "crash");
        using var child = CliProcess.Start("bag", "write-synthetic", "-o", bag, "--count", "10000000", "--rate", "5000",
            "--chunk-age-ms", "50", "--chunk-size", "8192", "--compression", compression);
        ulong durable = 0;
        var deadline = Stopwatch.StartNew();
        try
        {
            while (durable < 2000 && deadline.Elapsed < TimeSpan.FromSeconds(15))
            {
                string? line = child.StandardOutput.ReadLine();
                if (line is null)
                {
                    Assert.Fail($"recorder exited early: {child.StandardError.ReadToEnd()}");
                }

                if (line!.StartsWith("durable ", StringComparison.Ordinal))
                {
                    durable = ulong.Parse(line[8..]);
                }
            }
        }
        finally
        {
            child.Kill(entireProcessTree: true); // SIGKILL: no finally blocks, no summary, no final metadata
            child.WaitForExit();
        }

        Assert.That(durable, Is.GreaterThanOrEqualTo(2000UL), "the child reported durable chunks in time");
        // metadata.yaml is always whole (atomic rename), even though the process died at an arbitrary point.
        var before = BagMetadata.Load(Path.Combine(bag, "metadata.yaml"));
        Assert.That(before.MessageCount, Is.GreaterThanOrEqualTo(durable));
        using (var raw = McapReader.Open(Path.Combine(bag, "crash_0.mcap")))
        {
            Assert.That(raw.HasSummary, Is.False);
            Assert.That(raw.Warning, Does.Contain("truncated").Or.Contain("no summary"));
        }

        int code = SparshCli.Build().Parse(["bag", "recover", bag]).Invoke();
        Assert.That(code, Is.Zero);
        using var recovered = RosBag.Open(bag);
        Assert.That(recovered.Warnings, Is.Empty);
        Assert.That(recovered.MessageCount, Is.GreaterThanOrEqualTo(durable));
        Assert.That(recovered.Metadata!.MessageCount, Is.EqualTo(recovered.MessageCount));
        int i = 0;
        foreach (var m in recovered.ReadMessages())
        {
            Assert.That(new CdrReader(m.Data.Span).ReadString(), Is.EqualTo($"synthetic {i++}"));
        }

        Assert.That(i, Is.EqualTo((int)recovered.MessageCount));
    }
}
