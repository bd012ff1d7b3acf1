namespace SparshRobot.Mcap;

/// <summary>MCAP record opcodes (MCAP spec, "Records").</summary>
public enum McapOpcode : byte
{
    Header = 0x01,
    Footer = 0x02,
    Schema = 0x03,
    Channel = 0x04,
    Message = 0x05,
    Chunk = 0x06,
    MessageIndex = 0x07,
    ChunkIndex = 0x08,
    Attachment = 0x09,
    AttachmentIndex = 0x0A,
    Statistics = 0x0B,
    Metadata = 0x0C,
    MetadataIndex = 0x0D,
    SummaryOffset = 0x0E,
    DataEnd = 0x0F,
}

/// <summary>One parsed MCAP record. <see cref="Offset"/> is where its opcode byte sits (in the file, or in the
/// decompressed chunk for records read from a chunk); <see cref="InChunk"/> tells which.</summary>
public abstract record McapRecord
{
    public abstract McapOpcode Opcode { get; }

    public long Offset { get; init; }

    public bool InChunk { get; init; }
}

public sealed record McapHeader(string Profile, string Library) : McapRecord
{
    public override McapOpcode Opcode => McapOpcode.Header;
}

public sealed record McapFooter(ulong SummaryStart, ulong SummaryOffsetStart, uint SummaryCrc) : McapRecord
{
    public override McapOpcode Opcode => McapOpcode.Footer;
}

public sealed record McapSchema(ushort Id, string Name, string Encoding, ReadOnlyMemory<byte> Data) : McapRecord
{
    public override McapOpcode Opcode => McapOpcode.Schema;
}

public sealed record McapChannel(
    ushort Id, ushort SchemaId, string Topic, string MessageEncoding, IReadOnlyDictionary<string, string> Metadata)
    : McapRecord
{
    public override McapOpcode Opcode => McapOpcode.Channel;
}

/// <summary>A message. <see cref="Data"/> aliases the buffer it was read from, which is never reused, so it
/// stays valid after the reader moves on.</summary>
public sealed record McapMessage(ushort ChannelId, uint Sequence, ulong LogTime, ulong PublishTime, ReadOnlyMemory<byte> Data)
    : McapRecord
{
    public override McapOpcode Opcode => McapOpcode.Message;
}

public sealed record McapChunk(
    ulong MessageStartTime, ulong MessageEndTime, ulong UncompressedSize, uint UncompressedCrc, string Compression,
    ReadOnlyMemory<byte> Records) : McapRecord
{
    /// <summary>The record length (and records length) a streaming writer gives a chunk until it closes it: no
    /// file can hold that many bytes, so a chunk cut short by a crash reads as torn, never as complete.</summary>
    public const ulong UnfinishedLength = ulong.MaxValue;

    public override McapOpcode Opcode => McapOpcode.Chunk;
}

public sealed record McapMessageIndex(ushort ChannelId, IReadOnlyList<(ulong LogTime, ulong Offset)> Records) : McapRecord
{
    public override McapOpcode Opcode => McapOpcode.MessageIndex;
}

public sealed record McapChunkIndex(
    ulong MessageStartTime, ulong MessageEndTime, ulong ChunkStartOffset, ulong ChunkLength,
    IReadOnlyList<KeyValuePair<ushort, ulong>> MessageIndexOffsets, ulong MessageIndexLength, string Compression,
    ulong CompressedSize, ulong UncompressedSize) : McapRecord
{
    public override McapOpcode Opcode => McapOpcode.ChunkIndex;
}

public sealed record McapAttachment(
    ulong LogTime, ulong CreateTime, string Name, string MediaType, ReadOnlyMemory<byte> Data, uint Crc) : McapRecord
{
    public override McapOpcode Opcode => McapOpcode.Attachment;
}

public sealed record McapAttachmentIndex(
    ulong AttachmentOffset, ulong Length, ulong LogTime, ulong CreateTime, ulong DataSize, string Name, string MediaType)
    : McapRecord
{
    public override McapOpcode Opcode => McapOpcode.AttachmentIndex;
}

public sealed record McapStatistics(
    ulong MessageCount, ushort SchemaCount, uint ChannelCount, uint AttachmentCount, uint MetadataCount,
    uint ChunkCount, ulong MessageStartTime, ulong MessageEndTime,
    IReadOnlyList<KeyValuePair<ushort, ulong>> ChannelMessageCounts) : McapRecord
{
    public override McapOpcode Opcode => McapOpcode.Statistics;
}

public sealed record McapMetadata(string Name, IReadOnlyDictionary<string, string> Metadata) : McapRecord
{
    public override McapOpcode Opcode => McapOpcode.Metadata;
}

public sealed record McapMetadataIndex(ulong MetadataOffset, ulong Length, string Name) : McapRecord
{
    public override McapOpcode Opcode => McapOpcode.MetadataIndex;
}

public sealed record McapSummaryOffset(McapOpcode GroupOpcode, ulong GroupStart, ulong GroupLength) : McapRecord
{
    public override McapOpcode Opcode => McapOpcode.SummaryOffset;
}

public sealed record McapDataEnd(uint DataSectionCrc) : McapRecord
{
    public override McapOpcode Opcode => McapOpcode.DataEnd;
}

/// <summary>A record with an opcode this reader does not know (the spec reserves them; readers must skip them).</summary>
public sealed record McapUnknownRecord(byte RawOpcode, ReadOnlyMemory<byte> Body) : McapRecord
{
    public override McapOpcode Opcode => (McapOpcode)RawOpcode;
}
