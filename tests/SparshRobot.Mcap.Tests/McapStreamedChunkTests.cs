using System.Buffers.Binary;
using SparshRobot.Testing;

namespace SparshRobot.Mcap.Tests;

/// <summary>Uncompressed chunks written to a seekable stream go to the file message by message, their header
/// patched when the chunk closes: the file must equal the one built in memory, and a writer abandoned mid-chunk
/// must leave every complete message readable.</summary>
public class McapStreamedChunkTests
{
    // opcode, record length, start, end, uncompressed size, crc, empty compression string, records length
    private const int ChunkHeaderLength = 1 + 8 + 8 + 8 + 8 + 4 + 4 + 8;

    private DirectoryInfo _dir = null!;

    [SetUp]
    public void SetUp() => _dir = TestPaths.NewTempDirectory("mcap-stream");

    [TearDown]
    public void TearDown() => _dir.Delete(recursive: true);

    private sealed record Sent(ushort Channel, ulong LogTime, byte[] Data);

    /// <summary>Two channels; small messages between large ones, so records straddle the writer's write blocks
    /// (a few MiB) and chunks (2 MiB) close after small and large messages alike.</summary>
    private static IEnumerable<(int Channel, int Size)> Mix(int count) =>
        Enumerable.Range(0, count).Select(i => (i % 2 + 1, (i % 7) switch { 3 => 300_000, 6 => 700_000, _ => 50 + i }));

    private static byte[] Data(int i, int size) => Enumerable.Range(0, size).Select(k => (byte)(k * 13 + i)).ToArray();

    private static McapWriterOptions Options(bool writeBehind = true, int chunkSize = 2 << 20) => new()
    {
        Profile = "ros2",
        Compression = McapCompressionKind.None,
        ChunkSize = chunkSize,
        WriteBehind = writeBehind,
    };

    /// <summary>Writes <paramref name="count"/> messages of <see cref="Mix"/>; <paramref name="afterEach"/> sees the
    /// writer after each one.</summary>
    private static List<Sent> WriteMix(McapWriter w, int count, Action<McapWriter, int>? afterEach = null)
    {
        ushort schema = w.AddSchema("std_msgs/msg/String", "ros2msg", "string data"u8.ToArray());
        w.AddChannel("/small", "cdr", schema);
        w.AddChannel("/large", "cdr", schema);
        var sent = new List<Sent>();
        foreach (var (i, (channel, size)) in Mix(count).Index())
        {
            var data = Data(i, size);
            w.WriteMessage((ushort)channel, (ulong)(1000 + i), (ulong)(999 + i), data, sequence: (uint)i);
            sent.Add(new Sent((ushort)channel, (ulong)(1000 + i), data));
            afterEach?.Invoke(w, i);
        }

        return sent;
    }

    private static List<Sent> Received(IEnumerable<McapRecord> records) =>
        records.OfType<McapMessage>().Select(m => new Sent(m.ChannelId, m.LogTime, m.Data.ToArray())).ToList();

    private static void AssertSame(List<Sent> got, IEnumerable<Sent> expected)
    {
        var want = expected.ToList();
        Assert.That(got.Select(m => (m.Channel, m.LogTime)), Is.EqualTo(want.Select(m => (m.Channel, m.LogTime))));
        Assert.That(got.Zip(want).All(p => p.First.Data.AsSpan().SequenceEqual(p.Second.Data)), Is.True, "message data");
    }

    [Category("slow")]
    [TestCase(true)]
    [TestCase(false)]
    public void StreamedChunksGiveTheSameFileAsChunksBuiltInMemory(bool writeBehind)
    {
        string streamedPath = Path.Combine(_dir.FullName, "streamed.mcap");
        List<Sent> sent;
        using (var w = McapWriter.Create(streamedPath, Options()))
        {
            sent = WriteMix(w, 60);
        }

        string memoryPath = Path.Combine(_dir.FullName, "memory.mcap");
        using (var w = new McapWriter(DiskFullAfter.NotSeekable(new FileStream(memoryPath, FileMode.CreateNew)), memoryPath,
                   Options(writeBehind)))
        {
            WriteMix(w, 60);
        }

        Assert.That(File.ReadAllBytes(streamedPath), Is.EqualTo(File.ReadAllBytes(memoryPath)));
        using var r = McapReader.Open(streamedPath);
        Assert.That(r.HasSummary, Is.True);
        Assert.That(r.Warning, Is.Null);
        Assert.That(r.ChunkIndexes, Has.Count.GreaterThan(3));
        Assert.That(r.Statistics!.MessageCount, Is.EqualTo(60UL));
        AssertSame(r.ReadMessages().Select(m => new Sent(m.Channel.Id, m.Message.LogTime, m.Message.Data.ToArray())).ToList(), sent);
        Assert.That(r.ReadMessages(["/large"]).Count(), Is.EqualTo(30));
        // Strict streamed read: data-section, chunk and summary CRCs all checked.
        var s = McapStreamReader.Open(streamedPath, new McapReadOptions { AllowTruncated = false });
        var records = s.ReadRecords().ToList();
        Assert.That(s.ReachedEnd, Is.True);
        AssertSame(Received(records), sent);
        Assert.That(records.OfType<McapMessageIndex>().Count(), Is.EqualTo(2 * r.ChunkIndexes.Count));
    }

    [Test]
    public void MessagesReachTheFileAsTheyArriveAndOtherRecordsCloseTheChunk()
    {
        string path = Path.Combine(_dir.FullName, "live.mcap");
        using var w = McapWriter.Create(path, Options(chunkSize: 8 << 20));
        ushort a = w.AddChannel("/a", "cdr", 0);
        w.WriteMessage(a, 1, 1, Data(1, 100));
        Assert.That(new FileInfo(path).Length, Is.Zero, "small records are gathered");
        w.WriteMessage(a, 2, 2, Data(2, 5_000_000));
        Assert.That(new FileInfo(path).Length, Is.GreaterThanOrEqualTo(4_000_000), "whole blocks of the point cloud are in the file");
        Assert.That(w.DurableMessageCount, Is.Zero, "the chunk is still open");

        // A channel added mid-chunk must not land among the chunk's records: the chunk closes first.
        ushort b = w.AddChannel("/b", "cdr", 0);
        Assert.That(w.DurableMessageCount, Is.EqualTo(2UL));
        w.WriteMessage(b, 3, 3, Data(3, 100));
        w.Finish();
        using var r = McapReader.Open(path);
        Assert.That(r.ChunkIndexes, Has.Count.EqualTo(2));
        Assert.That(r.ReadMessages().Select(m => (m.Channel.Topic, m.Message.LogTime)),
            Is.EqualTo(new[] { ("/a", 1UL), ("/a", 2UL), ("/b", 3UL) }));
    }

    /// <summary>A copy of the file taken while the writer is in the middle of a streamed chunk, as a killed
    /// recording leaves it: the first time a chunk after the first one has more than a block in the file. With the
    /// writer's counts at that moment and the finished file.</summary>
    private (byte[] Torn, long ChunkStart, int Durable, List<Sent> Sent, byte[] Finished) Abandon()
    {
        string path = Path.Combine(_dir.FullName, "abandoned.mcap");
        byte[] torn = [];
        long chunkStart = 0;
        int durable = 0;
        List<Sent> sent;
        using (var w = McapWriter.Create(path, Options()))
        {
            sent = WriteMix(w, 40, (writer, i) =>
            {
                using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                if (torn.Length == 0 && writer.DurableMessageCount > 0 && f.Length - writer.DurablePosition > 1 << 20)
                {
                    torn = new byte[f.Length];
                    f.ReadExactly(torn);
                    chunkStart = writer.DurablePosition; // the torn chunk follows the last durable record
                    durable = (int)writer.DurableMessageCount;
                }
            });
        }

        Assert.That(torn, Is.Not.Empty, "a snapshot was taken mid-chunk");
        return (torn, chunkStart, durable, sent, File.ReadAllBytes(path));
    }

    /// <summary>Where each message record of the chunk at <paramref name="chunkStart"/> ends in the file.</summary>
    private static List<long> RecordEnds(byte[] finished, long chunkStart)
    {
        var records = new McapStreamReader(new MemoryStream(finished), "finished.mcap",
            new McapReadOptions { IncludeChunkRecords = true }).ReadRecords().ToList();
        int at = records.FindIndex(r => r is McapChunk c && c.Offset == chunkStart);
        return records.Skip(at + 1).TakeWhile(r => r.InChunk).OfType<McapMessage>()
            .Select(m => chunkStart + ChunkHeaderLength + m.Offset + McapRecordEncoder.MessageHeaderLength + m.Data.Length)
            .ToList();
    }

    [Category("slow")]
    [Test]
    public void AbandonedWriterLeavesEveryCompleteMessageOfTheTornChunkReadable()
    {
        var (torn, chunkStart, durable, sent, finished) = Abandon();
        Assert.That(BinaryPrimitives.ReadUInt64LittleEndian(torn.AsSpan((int)chunkStart + 1)), Is.EqualTo(McapChunk.UnfinishedLength));
        Assert.That(torn.Length % (1 << 20), Is.Zero, "the writer wrote whole aligned blocks only");
        var ends = RecordEnds(finished, chunkStart);
        Assert.That(ends.Count(e => e <= torn.Length), Is.GreaterThan(1), "complete messages of the open chunk are in the file");
        Assert.That(ends, Does.Not.Contain((long)torn.Length), "the file ends inside a record");

        // Cut the torn file at, just before and just after every record end, in the middle of every record and
        // inside the chunk header: each read keeps exactly the messages complete before the cut.
        var cuts = ends.Where(e => e <= torn.Length)
            .SelectMany(e => new[] { e - 1, e, e + 1 })
            .Concat(ends.Zip(ends.Skip(1), (x, y) => (x + y) / 2))
            .Concat([chunkStart + 1, chunkStart + 30, chunkStart + ChunkHeaderLength, torn.Length])
            .Where(c => c > chunkStart && c <= torn.Length)
            .Distinct().Order().ToList();
        foreach (long cut in cuts)
        {
            int salvaged = ends.Count(e => e <= cut);
            var bytes = torn[..(int)cut];
            foreach (var stream in new Stream[] { new MemoryStream(bytes), new NonSeekableReader(bytes) })
            {
                var reader = new McapStreamReader(stream, "torn.mcap");
                AssertSame(Received(reader.ReadRecords()), sent.Take(durable + salvaged));
                Assert.That(reader.Warning, Does.Contain("truncated"), $"cut at {cut}");
                if (cut >= chunkStart + 9)
                {
                    Assert.That(reader.Warning, Does.Contain("never finished"), $"cut at {cut}");
                }

                if (salvaged > 0)
                {
                    Assert.That(reader.Warning, Does.Contain($"salvaged {salvaged} messages"), $"cut at {cut}");
                }
            }

            var strict = Assert.Throws<McapFormatException>(() =>
                new McapStreamReader(new MemoryStream(bytes), "torn.mcap", new McapReadOptions { AllowTruncated = false })
                    .ReadRecords().ToList());
            Assert.That(strict!.Offset, Is.EqualTo(chunkStart));
        }

        // Without recovery the indexed reader yields the same messages; recovery writes them into a whole file.
        string tornPath = Path.Combine(_dir.FullName, "torn.mcap");
        File.WriteAllBytes(tornPath, torn);
        int inFile = durable + ends.Count(e => e <= torn.Length);
        using (var r = McapReader.Open(tornPath))
        {
            Assert.That(r.HasSummary, Is.False);
            Assert.That(r.Warning, Does.Contain("truncated").And.Contain($"salvaged {inFile - durable} messages"));
            Assert.That(r.Statistics!.MessageCount, Is.EqualTo((ulong)inFile));
            AssertSame(r.ReadMessages().Select(m => new Sent(m.Channel.Id, m.Message.LogTime, m.Message.Data.ToArray())).ToList(),
                sent.Take(inFile));
        }

        string recoveredPath = Path.Combine(_dir.FullName, "recovered.mcap");
        var report = McapRecovery.Recover(tornPath, recoveredPath);
        Assert.That(report.Messages, Is.EqualTo((ulong)inFile));
        Assert.That(report.BytesRead, Is.EqualTo(ends.Last(e => e <= torn.Length)), "nothing complete dropped");
        Assert.That(report.Warning, Does.Contain($"salvaged {inFile - durable} messages"));
        using var recovered = McapReader.Open(recoveredPath);
        Assert.That(recovered.HasSummary, Is.True);
        Assert.That(recovered.Warning, Is.Null);
        AssertSame(recovered.ReadMessages().Select(m => new Sent(m.Channel.Id, m.Message.LogTime, m.Message.Data.ToArray())).ToList(),
            sent.Take(inFile));
    }

    [Test]
    public void AnUnfinishedChunkHeaderIsNeverReadAsACompleteChunk()
    {
        // The finished file with one chunk's header put back to the placeholder: everything else (its records, its
        // indexes, a valid summary and footer) is whole, so only the header can tell.
        var (torn, chunkStart, _, _, finished) = Abandon();
        var bytes = (byte[])finished.Clone();
        torn.AsSpan((int)chunkStart, ChunkHeaderLength).CopyTo(bytes.AsSpan((int)chunkStart));
        string path = Path.Combine(_dir.FullName, "placeholder.mcap");
        File.WriteAllBytes(path, bytes);

        var strict = Assert.Throws<McapFormatException>(() =>
            McapStreamReader.Open(path, new McapReadOptions { AllowTruncated = false }).ReadRecords().ToList());
        Assert.That(strict!.Offset, Is.EqualTo(chunkStart));
        Assert.That(strict.Message, Does.Contain("never finished").And.Contain(path));
        using var indexed = McapReader.Open(path);
        var e = Assert.Throws<McapFormatException>(() => indexed.ReadMessages().ToList());
        Assert.That(e!.Offset, Is.EqualTo(chunkStart));
        var lenient = McapStreamReader.Open(path);
        lenient.ReadRecords().ToList();
        Assert.That(lenient.ReachedEnd, Is.False);
        Assert.That(lenient.Warning, Does.Contain("never finished"));
    }

    [Test]
    public void DiskFullMidStreamedChunkKeepsTheDurablePrefixAndSalvagesTheRest()
    {
        string path = Path.Combine(_dir.FullName, "full.mcap");
        var limited = new DiskFullAfter(new FileStream(path, FileMode.CreateNew), 3_900_000, seekable: true);
        var w = new McapWriter(limited, path, Options());
        var e = Assert.Throws<BagWriteException>(() => WriteMix(w, 100));
        Assert.That(e!.DiskFull, Is.True);
        Assert.That(e.Message, Does.Contain("disk full").And.Contain(path));
        ulong durable = w.DurableMessageCount;
        Assert.That(e.DurableBytes, Is.EqualTo(w.DurablePosition));
        Assert.Throws<BagWriteException>(() => w.WriteMessage(1, 5000, 5000, Data(1, 10)));
        w.Dispose();
        w.Dispose(); // idempotent after a fault too

        Assert.That(new FileInfo(path).Length, Is.EqualTo(3_900_000));
        using var r = McapReader.Open(path);
        var got = r.ReadMessages().Select(m => m.Message.LogTime).ToList();
        Assert.That(got, Is.EqualTo(Enumerable.Range(0, got.Count).Select(i => (ulong)(1000 + i))), "a prefix, nothing reordered");
        Assert.That((ulong)got.Count, Is.GreaterThan(durable), "complete messages of the torn chunk are salvaged");
        Assert.That((ulong)got.Count, Is.LessThan(w.MessageCount));
        Assert.That(r.Warning, Does.Contain("never finished").And.Contain($"salvaged {(ulong)got.Count - durable} messages"));
    }

    /// <summary>Bytes as a pipe hands them out: no length, no seeking.</summary>
    private sealed class NonSeekableReader(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 1000));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
