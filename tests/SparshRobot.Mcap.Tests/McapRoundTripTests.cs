using System.Text;
using SparshRobot.Testing;

namespace SparshRobot.Mcap.Tests;

public class McapRoundTripTests
{
    private DirectoryInfo _dir = null!;

    [SetUp]
    public void SetUp() => _dir = TestPaths.NewTempDirectory("mcap");

    [TearDown]
    public void TearDown() => _dir.Delete(recursive: true);

    private static byte[] Payload(int channel, int i, int size = 100) =>
        Enumerable.Range(0, size).Select(k => (byte)(channel * 31 + i * 7 + k)).ToArray();

    private string WriteSample(McapCompressionKind compression, int chunkSize = 2000, int perChannel = 50,
        bool writeBehind = true)
    {
        string path = Path.Combine(_dir.FullName, $"sample-{compression}-{(writeBehind ? "behind" : "sync")}.mcap");
        using var w = McapWriter.Create(path, new McapWriterOptions
        {
            Profile = "ros2",
            Compression = compression,
            ChunkSize = chunkSize,
            WriteBehind = writeBehind,
        });
        ushort schema = w.AddSchema("std_msgs/msg/String", "ros2msg", Encoding.UTF8.GetBytes("string data"));
        ushort a = w.AddChannel("/a", "cdr", schema, new Dictionary<string, string> { ["k"] = "v" });
        ushort b = w.AddChannel("/b", "cdr", schema);
        for (int i = 0; i < perChannel; i++)
        {
            w.WriteMessage(a, (ulong)(1000 + 2 * i), (ulong)(999 + 2 * i), Payload(a, i));
            w.WriteMessage(b, (ulong)(1001 + 2 * i), (ulong)(1000 + 2 * i), Payload(b, i), sequence: (uint)i);
        }

        w.WriteMetadata("rosbag2", new Dictionary<string, string> { ["serialized_metadata"] = "x: 1" });
        w.WriteAttachment("calib.yaml", "text/yaml", 5, 6, Encoding.UTF8.GetBytes("fx: 1"));
        return path;
    }

    [TestCase(McapCompressionKind.None)]
    [TestCase(McapCompressionKind.Zstd)]
    [TestCase(McapCompressionKind.Lz4)]
    public void WrittenFileReadsBackIndexedAndStreamed(McapCompressionKind compression)
    {
        string path = WriteSample(compression);
        using var r = McapReader.Open(path);
        Assert.That(r.HasSummary, Is.True);
        Assert.That(r.Warning, Is.Null);
        Assert.That(r.Header.Profile, Is.EqualTo("ros2"));
        Assert.That(r.Statistics!.MessageCount, Is.EqualTo(100UL));
        Assert.That(r.Statistics.ChunkCount, Is.GreaterThan(3u), "a 2000-byte chunk bound splits 100 messages");
        Assert.That(r.ChunkIndexes.All(c => c.Compression == McapCompression.Name(compression)), Is.True);
        var msgs = r.ReadMessages().ToList();
        Assert.That(msgs.Select(m => m.Message.LogTime), Is.EqualTo(Enumerable.Range(1000, 100).Select(t => (ulong)t)));
        Assert.That(msgs[3].Channel.Topic, Is.EqualTo("/b"));
        Assert.That(msgs[3].Message.Sequence, Is.EqualTo(1u));
        Assert.That(msgs[3].Message.Data.ToArray(), Is.EqualTo(Payload(2, 1)));
        Assert.That(msgs[0].Schema!.Name, Is.EqualTo("std_msgs/msg/String"));
        Assert.That(r.Channels[1].Metadata["k"], Is.EqualTo("v"));
        Assert.That(r.ReadMetadata().Single().Metadata["serialized_metadata"], Is.EqualTo("x: 1"));
        var att = r.ReadAttachment(r.AttachmentIndexes.Single());
        Assert.That(Encoding.UTF8.GetString(att.Data.Span), Is.EqualTo("fx: 1"));
        Assert.That(att.Crc, Is.Not.Zero);

        // The streamed reader checks the data-section, chunk and summary CRCs on the way through.
        using var fs = File.OpenRead(path);
        var s = new McapStreamReader(fs, path, new McapReadOptions { AllowTruncated = false });
        var records = s.ReadRecords().ToList();
        Assert.That(s.ReachedEnd, Is.True);
        Assert.That(records.OfType<McapMessage>().Count(), Is.EqualTo(100));
        Assert.That(records.OfType<McapMessageIndex>().Count(), Is.EqualTo(2 * r.ChunkIndexes.Count));
        Assert.That(records.OfType<McapDataEnd>().Single().DataSectionCrc, Is.Not.Zero);
    }

    [TestCase(McapCompressionKind.None)]
    [TestCase(McapCompressionKind.Zstd)]
    public void ChunksWrittenInTheBackgroundGiveTheSameFileAsWritingOnTheCaller(McapCompressionKind compression)
    {
        // Metadata and attachments after the chunks must wait for the chunk in flight to keep the file order.
        var behind = File.ReadAllBytes(WriteSample(compression, writeBehind: true));
        var sync = File.ReadAllBytes(WriteSample(compression, writeBehind: false));

        Assert.That(behind, Is.EqualTo(sync));
    }

    [Test]
    public void TopicFilterLoadsOnlyChunksHoldingTheTopic()
    {
        string path = Path.Combine(_dir.FullName, "split.mcap");
        using (var w = McapWriter.Create(path, new McapWriterOptions { ChunkSize = 1000 }))
        {
            ushort a = w.AddChannel("/a", "cdr", 0);
            ushort b = w.AddChannel("/b", "cdr", 0);
            for (int i = 0; i < 40; i++)
            {
                w.WriteMessage(a, (ulong)i, (ulong)i, Payload(a, i));
            }

            w.FlushChunk();
            for (int i = 40; i < 50; i++)
            {
                w.WriteMessage(b, (ulong)i, (ulong)i, Payload(b, i));
            }
        }

        using var r = McapReader.Open(path);
        int total = r.ChunkIndexes.Count;
        int withB = r.ChunkIndexes.Count(c => c.MessageIndexOffsets.Any(kv => kv.Key == 2));
        var onlyB = r.ReadMessages(["/b"]).ToList();
        Assert.That(onlyB, Has.Count.EqualTo(10));
        Assert.That(onlyB.All(m => m.Channel.Topic == "/b"), Is.True);
        Assert.That(withB, Is.LessThan(total));
        Assert.That(r.ChunksLoaded, Is.EqualTo(withB), $"{total} chunks in the file, {withB} hold /b");
        var window = r.ReadMessages(null, 10, 20).ToList();
        Assert.That(window.Select(m => m.Message.LogTime), Is.EqualTo(Enumerable.Range(10, 10).Select(t => (ulong)t)));
    }

    [Test]
    public void MessagesFromOverlappingChunksComeOutInLogTimeOrder()
    {
        string path = Path.Combine(_dir.FullName, "overlap.mcap");
        using (var w = McapWriter.Create(path, new McapWriterOptions { ChunkSize = 1 << 20 }))
        {
            ushort a = w.AddChannel("/a", "cdr", 0);
            foreach (ulong t in new ulong[] { 10, 30, 50 })
            {
                w.WriteMessage(a, t, t, Payload(1, (int)t));
            }

            w.FlushChunk();
            foreach (ulong t in new ulong[] { 40, 20, 60 })
            {
                w.WriteMessage(a, t, t, Payload(1, (int)t));
            }
        }

        using var r = McapReader.Open(path);
        Assert.That(r.ReadMessages().Select(m => m.Message.LogTime), Is.EqualTo(new ulong[] { 10, 20, 30, 40, 50, 60 }));
    }

    [Test]
    public void CorruptChunkCrcIsRejectedWithTheChunkOffset()
    {
        string path = WriteSample(McapCompressionKind.None);
        long chunkOffset;
        using (var r = McapReader.Open(path))
        {
            chunkOffset = (long)r.ChunkIndexes[1].ChunkStartOffset;
        }

        var bytes = File.ReadAllBytes(path);
        bytes[chunkOffset + 200] ^= 0xFF; // inside the second chunk's message data
        File.WriteAllBytes(path, bytes);
        using var reader = McapReader.Open(path);
        var e = Assert.Throws<McapFormatException>(() => reader.ReadMessages().ToList());
        Assert.That(e!.Offset, Is.EqualTo(chunkOffset));
        Assert.That(e.Message, Does.Contain("chunk CRC mismatch").And.Contain(path).And.Contain($"byte offset {chunkOffset}"));
        var streamed = Assert.Throws<McapFormatException>(() => McapStreamReader.Open(path).ReadRecords().ToList());
        Assert.That(streamed!.Message, Does.Contain("CRC mismatch"));
    }

    [Test]
    public void CorruptSummaryCrcIsRejected()
    {
        string path = WriteSample(McapCompressionKind.Zstd);
        var bytes = File.ReadAllBytes(path);
        bytes[^40] ^= 0x01; // inside the summary offsets
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<McapFormatException>(() => McapReader.Open(path));
        Assert.That(e!.Message, Does.Contain("summary CRC mismatch"));
        Assert.That(e.Offset, Is.EqualTo(bytes.Length - 37));
    }

    [Test]
    public void CorruptUnchunkedMessageFailsTheDataSectionCrcAndCorruptAttachmentItsOwn()
    {
        string path = Path.Combine(_dir.FullName, "loose.mcap");
        using (var w = McapWriter.Create(path, new McapWriterOptions { UseChunks = false }))
        {
            ushort a = w.AddChannel("/a", "cdr", 0);
            w.WriteMessage(a, 1, 1, Payload(1, 1));
            w.WriteAttachment("blob", "application/octet-stream", 2, 2, Payload(9, 9, 64));
        }

        var good = File.ReadAllBytes(path);
        int message = good.AsSpan().IndexOf(Payload(1, 1));
        var bad = (byte[])good.Clone();
        bad[message + 10] ^= 0x10;
        File.WriteAllBytes(path, bad);
        var e = Assert.Throws<McapFormatException>(() => McapStreamReader.Open(path).ReadRecords().ToList());
        Assert.That(e!.Message, Does.Contain("data section CRC mismatch"));
        // An unchunked file has no chunk index, so the indexed reader scans it, checking the same CRC.
        Assert.That(Assert.Throws<McapFormatException>(() => McapReader.Open(path))!.Message, Does.Contain("data section CRC"));

        bad = (byte[])good.Clone();
        int attachment = good.AsSpan().IndexOf(Payload(9, 9, 64));
        bad[attachment + 3] ^= 0x01;
        File.WriteAllBytes(path, bad);
        e = Assert.Throws<McapFormatException>(() => McapStreamReader.Open(path).ReadRecords().ToList());
        Assert.That(e!.Message, Does.Contain("attachment 'blob' CRC mismatch"));
    }

    [Test]
    public void BadMagicIsRejectedAtOffsetZero()
    {
        string path = Path.Combine(_dir.FullName, "bad.mcap");
        File.WriteAllBytes(path, Encoding.ASCII.GetBytes("SQLite format 3\0 and more bytes here"));
        var e = Assert.Throws<McapFormatException>(() => McapReader.Open(path));
        Assert.That(e!.Offset, Is.Zero);
        Assert.That(e.Message, Does.Contain("bad magic").And.Contain(path));
        Assert.Throws<McapFormatException>(() => McapStreamReader.Open(path).ReadRecords().ToList());
    }

    [Test]
    public void LengthPastTheEndOfACompleteFileIsRejectedWithItsOffset()
    {
        string path = WriteSample(McapCompressionKind.None);
        var bytes = File.ReadAllBytes(path);
        // The Header record sits at 8; its length field at 9.
        BitConverter.TryWriteBytes(bytes.AsSpan(9), (ulong)bytes.Length * 4);
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<McapFormatException>(() => McapStreamReader.Open(path).ReadRecords().ToList());
        Assert.That(e!.Offset, Is.EqualTo(8));
        Assert.That(e.Message, Does.Contain("past the end"));
        var indexed = Assert.Throws<McapFormatException>(() => McapReader.Open(path));
        Assert.That(indexed!.Offset, Is.EqualTo(8));
    }

    [Test]
    public void TruncatedFileReadsUpToTheLastCompleteRecordWithAWarning()
    {
        string path = WriteSample(McapCompressionKind.Zstd);
        List<McapChunkIndex> chunks;
        using (var r = McapReader.Open(path))
        {
            chunks = r.ChunkIndexes.ToList();
        }

        // Cut inside the fourth chunk: the first three chunks (and their messages) are complete.
        long cut = (long)chunks[3].ChunkStartOffset + 20;
        var bytes = File.ReadAllBytes(path)[..(int)cut];
        string truncated = Path.Combine(_dir.FullName, "truncated.mcap");
        File.WriteAllBytes(truncated, bytes);
        int expected;
        using (var r = McapReader.Open(path))
        {
            expected = r.ReadMessages().Count(m => m.Message.LogTime <= chunks[2].MessageEndTime);
        }

        using var t = McapReader.Open(truncated);
        Assert.That(t.HasSummary, Is.False);
        Assert.That(t.Warning, Does.Contain("truncated").And.Contain(truncated));
        Assert.That(t.ReadMessages().Count(), Is.EqualTo(expected));
        Assert.That(t.Channels, Has.Count.EqualTo(2));
        var strict = Assert.Throws<McapFormatException>(() =>
            McapStreamReader.Open(truncated, new McapReadOptions { AllowTruncated = false }).ReadRecords().ToList());
        Assert.That(strict!.Offset, Is.EqualTo(chunks[3].ChunkStartOffset));
    }

    [TestCase(true, McapCompressionKind.Zstd)]
    [TestCase(false, McapCompressionKind.Zstd)]
    [TestCase(true, McapCompressionKind.None)]
    [TestCase(false, McapCompressionKind.None)]
    public void DiskFullIsReportedAndEverythingFlushedStaysReadable(bool writeBehind, McapCompressionKind compression)
    {
        string path = Path.Combine(_dir.FullName, "full.mcap");
        var limited = new DiskFullAfter(new FileStream(path, FileMode.CreateNew), 6000); // not seekable: chunks in memory
        var w = new McapWriter(limited, path, new McapWriterOptions
        {
            ChunkSize = 1000,
            Compression = compression,
            WriteBehind = writeBehind, // in the background the failure is reported by the next call
        });
        ushort a = w.AddChannel("/a", "cdr", 0);
        var e = Assert.Throws<BagWriteException>(() =>
        {
            for (int i = 0; i < 1000; i++)
            {
                w.WriteMessage(a, (ulong)i, (ulong)i, Payload(1, i));
            }
        });
        Assert.That(e!.DiskFull, Is.True);
        Assert.That(e.Message, Does.Contain("disk full").And.Contain(path));
        ulong written = w.MessageCount - 1; // the message that hit the limit was in an unwritten chunk
        Assert.Throws<BagWriteException>(() => w.WriteMessage(a, 5000, 5000, Payload(1, 1)));
        ulong durable = w.DurableMessageCount;
        w.Dispose();
        using var r = McapReader.Open(path);
        Assert.That(r.Warning, Does.Contain("truncated"));
        var got = r.ReadMessages().Select(m => m.Message.LogTime).ToList();
        Assert.That(got, Is.Not.Empty);
        Assert.That(got, Is.EqualTo(Enumerable.Range(0, got.Count).Select(i => (ulong)i)), "a prefix, nothing reordered");
        Assert.That(new FileInfo(path).Length, Is.GreaterThanOrEqualTo(e.DurableBytes));
        Assert.That((ulong)got.Count, Is.LessThanOrEqualTo(written));
        if (compression == McapCompressionKind.None)
        {
            // The chunk cut short by the full disk is uncompressed: its complete records are salvaged too.
            Assert.That((ulong)got.Count, Is.GreaterThan(durable), "6000 bytes end inside a chunk");
            Assert.That(r.Warning, Does.Contain($"salvaged {(ulong)got.Count - durable} messages"));
        }
        else
        {
            Assert.That((ulong)got.Count, Is.EqualTo(durable), "exactly the messages of the chunks written before the failure");
            Assert.That(r.Warning, Does.Contain("dropped whole"));
        }
    }
}

public class McapSharedFileTests
{
    [Test]
    public void TalkerFromTheGoWriterHasZstdChunksAndIndexedEqualsStreamed()
    {
        string path = TestPaths.Shared("rosbag2", "mcap", "talker", "talker.mcap");
        using var r = McapReader.Open(path);
        Assert.That(r.Header.Library, Does.StartWith("mcap go"));
        Assert.That(r.ChunkIndexes, Is.Not.Empty);
        Assert.That(r.ChunkIndexes.All(c => c.Compression == "zstd"), Is.True);
        var indexed = r.ReadMessages().Select(m => (m.Message.LogTime, m.Message.Data.ToArray())).ToList();
        var streamed = McapStreamReader.Open(path, new McapReadOptions { AllowTruncated = false }).ReadRecords()
            .OfType<McapMessage>().OrderBy(m => m.LogTime).Select(m => (m.LogTime, m.Data.ToArray())).ToList();
        Assert.That(indexed, Has.Count.EqualTo(20));
        Assert.That(indexed, Is.EqualTo(streamed));
    }
}
