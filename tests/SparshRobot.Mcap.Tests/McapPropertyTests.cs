using CsCheck;
using SparshRobot.Mcap;
using SparshRobot.Testing;

namespace SparshRobot.Mcap.Tests;

/// <summary>MCAP files, mutated and truncated: every record read, or <see cref="McapFormatException"/>; never an allocation a length field asked for.</summary>
public class McapPropertyTests
{
    private static byte[] ValidBag(McapCompressionKind compression)
    {
        var stream = new MemoryStream();
        using (var writer = new McapWriter(stream, "valid.mcap", new McapWriterOptions { Compression = compression, ChunkSize = 256, WriteBehind = false }, ownsStream: false))
        {
            var schema = writer.AddSchema("std_msgs/msg/String", "ros2msg", "string data"u8.ToArray());
            var channel = writer.AddChannel("/chatter", "cdr", schema);
            for (var i = 0; i < 6; i++)
            {
                writer.WriteMessage(channel, (ulong)i * 1000, (ulong)i * 1000, [0, 1, 0, 0, 3, 0, 0, 0, (byte)'h', (byte)i, 0, 0], (uint)i);
            }
            writer.WriteMetadata("run", new Dictionary<string, string> { ["seed"] = "3" });
        }
        return stream.ToArray();
    }

    /// <summary>Reads every record, the decompressed contents of chunks included.</summary>
    private static int ReadAll(byte[] bytes, McapReadOptions options) =>
        new McapStreamReader(new MemoryStream(bytes), "mutated.mcap", options).ReadRecords().Count();

    [TestCase(McapCompressionKind.None)]
    [TestCase(McapCompressionKind.Zstd)]
    [TestCase(McapCompressionKind.Lz4)]
    public void MutatedBagsAreReadOrRefusedWithTheMcapError(McapCompressionKind compression)
    {
        var valid = ValidBag(compression);
        var strict = McapReadOptions.Default with { AllowTruncated = false };
        Assert.That(ReadAll(valid, strict), Is.GreaterThan(6), "the unmutated bag reads: header, schema, channel, six messages and more");
        // Without CRC checks a mutation reaches the record parsers instead of stopping at the checksum.
        var noCrcs = strict with { ValidateCrcs = false };
        ParserProperties.OnlyFormatErrors<McapFormatException>(ParserProperties.Mutations(valid), bytes => _ = ReadAll(bytes, noCrcs));
        ParserProperties.OnlyFormatErrors<McapFormatException>(ParserProperties.Mutations(valid), bytes => _ = ReadAll(bytes, McapReadOptions.Default), iterations: 500);
    }

    [TestCase(McapCompressionKind.Zstd)]
    [TestCase(McapCompressionKind.Lz4)]
    public void AnInflatedUncompressedSizeIsRefusedBeforeItIsAllocated(McapCompressionKind compression)
    {
        var bytes = ValidBag(compression);
        // Records after the 8-byte magic: opcode, u64 length, body; a chunk (0x06) body starts with its two times, then uncompressed_size.
        var at = 8;
        while (bytes[at] != 0x06)
        {
            at += 9 + (int)BitConverter.ToUInt64(bytes, at + 1);
        }
        BitConverter.TryWriteBytes(bytes.AsSpan(at + 9 + 16, 8), 1UL << 30);

        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.That(() => ReadAll(bytes, McapReadOptions.Default), Throws.TypeOf<McapFormatException>()
            .With.Message.Contains($"chunk declares uncompressed_size {1UL << 30}, but its ").And.Message.Contains(" compressed bytes hold at most "));
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(1 << 20), "the declared gigabyte was never allocated");
    }
}
