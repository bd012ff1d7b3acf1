using System.Diagnostics;
using SparshRobot.Cli.Tests.Services;
using SparshRobot.Mcap;
using SparshRobot.Ros.Bags;
using SparshRobot.Testing;

namespace SparshRobot.Cli.Tests.Bag;

/// <summary><c>bag echo</c> on real bags, and <c>bag play</c> into <c>bag record</c> over real DDS on loopback.</summary>
[Category("dds")]
[Category("slow")]
[Parallelizable(ParallelScope.All)]
public class BagTransportTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Test]
    public void EchoPrintsTalkerMessagesAsYaml()
    {
        var (code, output, error) = CliProcess.Run(Timeout, "bag", "echo", TestPaths.Shared("rosbag2", "mcap", "talker"), "--topic", "/topic", "--limit", "3");
        Assert.That(code, Is.Zero, error);
        Assert.That(output, Does.Contain("data: Hello, world! "));
        Assert.That(output.Split("---\n", StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(3));
    }

    [Test]
    public void EchoOfAMissingTopicNamesTheTopicsThereAre()
    {
        var (code, _, error) = CliProcess.Run(Timeout, "bag", "echo", TestPaths.Shared("rosbag2", "sqlite3", "talker"), "--topic", "/nope");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("'/nope' is not in the bag").And.Contain("/topic"));
    }

    [Test]
    public void RecordRefusesAnUnknownCompressionBeforeRecording()
    {
        var dir = TestPaths.NewTempDirectory("bag-record-bad");
        var output = Path.Combine(dir.FullName, "never");
        var (code, _, error) = CliProcess.Run(Timeout, "bag", "record", "-o", output, "/topic", "--compression", "brotli");
        Assert.That(code, Is.Not.Zero);
        Assert.That(error, Does.Contain("'brotli'").And.Contain("none, zstd or lz4"));
        Assert.That(Directory.Exists(output), Is.False, "nothing was created");
        dir.Delete(recursive: true);
    }

    [Test]
    public void PlayedMessagesAreRecordedIntoANewBag()
    {
        var dir = TestPaths.NewTempDirectory("bag-play-record");
        var ddsDomain = new DdsDomain();
        var domain = ddsDomain.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var output = Path.Combine(dir.FullName, "recorded");
        using var player = Start("bag", "play", TestPaths.Shared("rosbag2", "mcap", "talker"), "--loop", "--rate", "10", "--topics", "/topic",
            "--domain-id", domain, "--localhost");
        try
        {
            // The recorder learns the type from discovery within its first 2 s: on a busy machine the player may still
            // be starting then, so start the recorder once the player's writer is seen.
            using (var transport = ddsDomain.OpenTransport())
            {
                Assert.That(SpinWait.SpinUntil(() => player.HasExited || transport.DiscoverTopics(TimeSpan.FromMilliseconds(200)).Any(t => t.Topic == "/topic"),
                    Timeout) && !player.HasExited, "the player never published /topic");
            }
            // Uncompressed: the path that streams each message to the file as it arrives.
            using var recorder = Start("bag", "record", "-o", output, "/topic", "--duration", "5", "--compression", "none",
                "--domain-id", domain, "--localhost");
            Assert.That(recorder.WaitForExit(Timeout), Is.True, "the recorder did not stop after its duration");
            Assert.That(recorder.ExitCode, Is.Zero, recorder.StandardError.ReadToEnd());
        }
        finally
        {
            Process.Start("kill", ["-TERM", player.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
            player.WaitForExit(Timeout);
        }

        using var bag = RosBag.Open(output);
        var decoder = new BagMessageDecoder();
        var texts = bag.ReadMessages(["/topic"]).Select(m => (string)decoder.Decode(m)["data"]!).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(bag.Connections.Single().Type, Is.EqualTo("std_msgs/msg/String"));
            Assert.That(bag.Connections.Single().SchemaEncoding, Is.EqualTo("ros2msg"), "built-in types embed their schema");
            Assert.That(texts, Has.Count.GreaterThan(5), "at 10x the talker bag plays 10 messages a second");
            Assert.That(texts, Is.All.Match(@"^Hello, world! \d+$"));
        });
        using (var file = McapReader.Open(Directory.GetFiles(output, "*.mcap").Single()))
        {
            Assert.That(file.ChunkIndexes, Is.Not.Empty);
            Assert.That(file.ChunkIndexes.Select(c => c.Compression), Is.All.Empty, "--compression none");
        }
        dir.Delete(recursive: true);
    }

    private static Process Start(params string[] args)
    {
        var process = CliProcess.Start(args);
        // Drain stdout so a chatty child never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        return process;
    }
}
