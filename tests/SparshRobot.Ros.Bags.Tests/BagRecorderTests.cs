using SparshRobot.Core.IO;
using SparshRobot.Mcap;
using SparshRobot.Ros.Cdr;
using SparshRobot.Testing;

namespace SparshRobot.Ros.Bags.Tests;

public class BagRecorderTests
{
    private DirectoryInfo _dir = null!;

    [SetUp]
    public void SetUp() => _dir = TestPaths.NewTempDirectory("rec");

    [TearDown]
    public void TearDown() => _dir.Delete(recursive: true);

    private static BagConnection StringTopic(string name) =>
        new(BagTopic.Cdr(name, "std_msgs/msg/String"), "ros2msg", "string data\n");

    [Test]
    public void RealTalkerMessagesSurviveAWriteReadRoundTripWithRosbag2Conventions()
    {
        string outDir = Path.Combine(_dir.FullName, "copy");
        using (var src = RosBag.Open(TestPaths.Shared("rosbag2", "sqlite3", "talker")))
        using (var rec = BagRecorder.Create(outDir, new BagRecorderOptions { Compression = McapCompressionKind.Lz4 }))
        {
            foreach (var c in src.Topics)
            {
                rec.AddTopic(new BagConnection(c.Topic));
            }

            foreach (var m in src.ReadMessages())
            {
                rec.Write(m.Connection.Name, m.LogTimeNs, m.PublishTimeNs, m.Data.Span);
            }
        }

        using var original = RosBag.Open(TestPaths.Shared("rosbag2", "sqlite3", "talker"));
        using var copy = RosBag.Open(outDir);
        Assert.That(copy.Metadata!.Version, Is.EqualTo(9));
        Assert.That(copy.Metadata.MessageCount, Is.EqualTo(20UL));
        Assert.That(copy.Metadata.StartingTimeNs, Is.EqualTo(original.StartNs));
        Assert.That(copy.Metadata.DurationNs, Is.EqualTo(original.DurationNs));
        Assert.That(copy.Topics.Select(t => (t.Topic.Name, t.Topic.Type, t.MessageCount)),
            Is.EqualTo(original.Topics.Select(t => (t.Topic.Name, t.Topic.Type, t.MessageCount))));
        Assert.That(copy.Topics.Select(t => t.Topic.OfferedQos), Is.EqualTo(original.Topics.Select(t => t.Topic.OfferedQos)));
        var a = original.ReadMessages().ToList();
        var b = copy.ReadMessages().ToList();
        Assert.That(b.Select(m => (m.Connection.Name, m.LogTimeNs)), Is.EqualTo(a.Select(m => (m.Connection.Name, m.LogTimeNs))));
        Assert.That(b.Zip(a).All(p => p.First.Data.Span.SequenceEqual(p.Second.Data.Span)), Is.True);

        var mcap = ((McapStorageReader)copy.Files.Single()).Mcap;
        Assert.That(mcap.Header.Profile, Is.EqualTo("ros2"));
        Assert.That(mcap.Channels.Values.All(c => c.MessageEncoding == "cdr" && c.Metadata.ContainsKey("offered_qos_profiles")), Is.True);
        Assert.That(mcap.Schemas.Values.Select(s => s.Name), Does.Contain("rcl_interfaces/msg/Log"));
        Assert.That(mcap.Schemas.Values.All(s => s.Encoding == "ros2msg"), Is.True);
        var rosbag2 = mcap.ReadMetadata().Single(m => m.Name == "rosbag2");
        Assert.That(BagMetadata.Parse(rosbag2.Metadata["serialized_metadata"]).MessageCount, Is.EqualTo(20UL));
    }

    [TestCase("mcap")]
    [TestCase("sqlite3")]
    public void CdrTestBagRoundTripsBytesTypesAndSchemas(string format)
    {
        string outDir = Path.Combine(_dir.FullName, "cdr_" + format);
        using var src = RosBag.Open(TestPaths.Shared("rosbag2", format, "cdr_test"));
        using (var rec = BagRecorder.Create(outDir, new BagRecorderOptions { Compression = McapCompressionKind.Zstd }))
        {
            foreach (var c in src.Connections)
            {
                rec.AddTopic(c);
            }

            foreach (var m in src.ReadMessages())
            {
                rec.Write(m.Connection.Name, m.LogTimeNs, m.PublishTimeNs, m.Data.Span);
            }
        }

        using var copy = RosBag.Open(outDir);
        var a = src.ReadMessages().ToList();
        var b = copy.ReadMessages().ToList();
        Assert.That(b.Select(m => (m.Connection.Name, m.Connection.Type, m.LogTimeNs)),
            Is.EqualTo(a.Select(m => (m.Connection.Name, m.Connection.Type, m.LogTimeNs))));
        Assert.That(b.Zip(a).All(p => p.First.Data.Span.SequenceEqual(p.Second.Data.Span)), Is.True);
        Assert.That(copy.Connections.Select(c => c.SchemaText).OrderBy(t => t),
            Is.EqualTo(src.Connections.Select(c => c.SchemaText).OrderBy(t => t)), "embedded .msg text is kept");
    }

    [Test]
    public void SplitFilesReadAsOneTimeline()
    {
        string outDir = Path.Combine(_dir.FullName, "split");
        var payload = Str(new string('x', 3000));
        using (var rec = BagRecorder.Create(outDir, new BagRecorderOptions { ChunkSize = 10_000, MaxFileBytes = 30_000, Compression = McapCompressionKind.None }))
        {
            rec.AddTopic(StringTopic("/a"));
            rec.AddTopic(StringTopic("/b"));
            for (int i = 0; i < 60; i++)
            {
                rec.Write(i % 2 == 0 ? "/a" : "/b", 1_000 + i, 1_000 + i, payload);
            }
        }

        using var bag = RosBag.Open(outDir);
        Assert.That(bag.Files.Count, Is.GreaterThan(2));
        Assert.That(bag.Metadata!.RelativeFilePaths, Has.Count.EqualTo(bag.Files.Count));
        Assert.That(bag.ReadMessages().Select(m => m.LogTimeNs), Is.EqualTo(Enumerable.Range(1_000, 60).Select(i => (long)i)));
        Assert.That(bag.ReadMessages(["/b"]).Count(), Is.EqualTo(30));
        Assert.That(bag.Metadata.Files.Sum(f => (long)f.MessageCount), Is.EqualTo(60));
    }

    [Test]
    public void TimerFlushesAnIdleChunkAndRewritesMetadata()
    {
        string outDir = Path.Combine(_dir.FullName, "idle");
        using var rec = BagRecorder.Create(outDir, new BagRecorderOptions { ChunkMaxAge = TimeSpan.FromMilliseconds(100) });
        rec.AddTopic(StringTopic("/a"));
        using var flushed = new ManualResetEventSlim();
        rec.Flushed += _ => flushed.Set();
        rec.Write("/a", 5, 5, Str("one"));
        Assert.That(rec.DurableMessages, Is.Zero);
        Assert.That(flushed.Wait(TimeSpan.FromSeconds(5)), Is.True, "no message arrived, yet the chunk was written");
        Assert.That(rec.DurableMessages, Is.EqualTo(1UL));
        Assert.That(BagMetadata.Load(Path.Combine(outDir, "metadata.yaml")).MessageCount, Is.EqualTo(1UL));
        Assert.That(File.Exists(AtomicFile.TemporaryPath(Path.Combine(outDir, "metadata.yaml"))), Is.False);
        // The unfinished file already reads (as truncated) with the flushed message.
        using var mid = RosBag.Open(Path.Combine(outDir, "idle_0.mcap"));
        Assert.That(mid.ReadMessages().Count(), Is.EqualTo(1));
    }

    [Test]
    public void RecoverRebuildsAKilledRecordingLosingNothingDurable()
    {
        string outDir = Path.Combine(_dir.FullName, "killed");
        var rec = BagRecorder.Create(outDir, new BagRecorderOptions { ChunkSize = 2_000 });
        rec.AddTopic(StringTopic("/a"));
        for (int i = 0; i < 100; i++)
        {
            rec.Write("/a", i, i, Str($"msg {i} {new string('y', 50)}"));
        }

        ulong durable = rec.DurableMessages;
        string file = Path.Combine(outDir, "killed_0.mcap");
        // Simulate the kill: copy the file as it is on disk now (no summary, maybe half a chunk is missing).
        string snapshot = Path.Combine(_dir.FullName, "snapshot");
        Directory.CreateDirectory(snapshot);
        File.Copy(file, Path.Combine(snapshot, "killed_0.mcap"));
        File.Copy(Path.Combine(outDir, "metadata.yaml"), Path.Combine(snapshot, "metadata.yaml"));
        rec.Dispose();

        var reports = BagRecovery.Recover(snapshot);
        Assert.That(reports.Single().Warning, Does.Contain("truncated"));
        Assert.That(reports.Single().Messages, Is.EqualTo(durable));
        using var bag = RosBag.Open(snapshot);
        Assert.That(bag.Warnings, Is.Empty);
        Assert.That(((McapStorageReader)bag.Files.Single()).Mcap.HasSummary, Is.True);
        Assert.That(bag.MessageCount, Is.EqualTo(durable));
        Assert.That(bag.Metadata!.MessageCount, Is.EqualTo(durable));
        Assert.That(bag.ReadMessages().Select(m => new CdrReader(m.Data.Span).ReadString()),
            Is.EqualTo(Enumerable.Range(0, (int)durable).Select(i => $"msg {i} {new string('y', 50)}")));
        Assert.That(File.Exists(Path.Combine(snapshot, "killed_0.mcap.orig")), Is.True, "the original is kept");
    }

    [Test]
    public void PlayerKeepsRecordedSpacingScaledByRateAndLoops()
    {
        using var src = RosBag.Open(TestPaths.Shared("rosbag2", "mcap", "talker"));
        var times = src.ReadMessages(["/topic"]).Select(m => m.LogTimeNs).ToList();
        var clock = new VirtualClock();
        var player = new BagPlayer(src, new PlaybackOptions { Rate = 2, Loop = true, Topics = ["/topic"] }, clock);
        var published = new List<TimeSpan>();
        using var cts = new CancellationTokenSource();
        Assert.ThrowsAsync<OperationCanceledException>(() => player.PlayAsync((m, _) =>
        {
            published.Add(clock.Elapsed);
            if (published.Count == 25)
            {
                cts.Cancel();
            }

            return ValueTask.CompletedTask;
        }, cts.Token));
        var expected = times.Select(t => TimeSpan.FromTicks((t - times[0]) / 100 / 2)).ToList();
        Assert.That(published.Take(10), Is.EqualTo(expected));
        var second = published.Skip(10).Take(10).Select(t => t - published[10]);
        Assert.That(second, Is.EqualTo(expected), "the loop replays with the same spacing");
        Assert.That(published[10], Is.GreaterThanOrEqualTo(published[9]));
    }

    /// <summary>Deterministic playback time: waiting jumps straight to the target.</summary>
    private sealed class VirtualClock : IPlaybackClock
    {
        public TimeSpan Elapsed { get; private set; }

        public Task WaitUntilAsync(TimeSpan target, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Elapsed = target > Elapsed ? target : Elapsed;
            return Task.CompletedTask;
        }
    }

    internal static byte[] Str(string s)
    {
        var w = new CdrWriter();
        w.WriteString(s);
        return w.ToArray();
    }
}
