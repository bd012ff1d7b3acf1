using System.Buffers.Binary;

namespace SparshRobot.Mcap;

/// <summary>Serialises records (opcode, u64 length, body) into a <see cref="McapBuffer"/>: the inverse of
/// <see cref="McapRecordParser"/>.</summary>
public static class McapRecordEncoder
{
    /// <summary>Bytes of a Message record before its data: opcode, length, channel id, sequence, two times.</summary>
    public const int MessageHeaderLength = 1 + 8 + 2 + 4 + 8 + 8;

    /// <summary>Appends <paramref name="record"/>; returns the number of bytes written (opcode and length included).</summary>
    public static int Write(McapBuffer b, McapRecord record)
    {
        int start = b.Length;
        switch (record)
        {
            case McapMessage m:
                return WriteMessage(b, m.ChannelId, m.Sequence, m.LogTime, m.PublishTime, m.Data.Span);
            case McapChunk c:
                WriteChunkHeader(b, c.MessageStartTime, c.MessageEndTime, c.UncompressedSize, c.UncompressedCrc,
                    c.Compression, (ulong)c.Records.Length);
                b.Bytes(c.Records.Span);
                return b.Length - start;
        }

        b.U8((byte)record.Opcode);
        int lengthAt = b.Length;
        b.U64(0);
        switch (record)
        {
            case McapHeader h:
                b.String(h.Profile);
                b.String(h.Library);
                break;
            case McapFooter f:
                b.U64(f.SummaryStart);
                b.U64(f.SummaryOffsetStart);
                b.U32(f.SummaryCrc);
                break;
            case McapSchema s:
                b.U16(s.Id);
                b.String(s.Name);
                b.String(s.Encoding);
                b.U32((uint)s.Data.Length);
                b.Bytes(s.Data.Span);
                break;
            case McapChannel c:
                b.U16(c.Id);
                b.U16(c.SchemaId);
                b.String(c.Topic);
                b.String(c.MessageEncoding);
                StringMap(b, c.Metadata);
                break;
            case McapMessageIndex mi:
                b.U16(mi.ChannelId);
                b.U32((uint)(mi.Records.Count * 16));
                foreach (var (t, o) in mi.Records)
                {
                    b.U64(t);
                    b.U64(o);
                }

                break;
            case McapChunkIndex ci:
                b.U64(ci.MessageStartTime);
                b.U64(ci.MessageEndTime);
                b.U64(ci.ChunkStartOffset);
                b.U64(ci.ChunkLength);
                U16U64Map(b, ci.MessageIndexOffsets);
                b.U64(ci.MessageIndexLength);
                b.String(ci.Compression);
                b.U64(ci.CompressedSize);
                b.U64(ci.UncompressedSize);
                break;
            case McapAttachment a:
                int crcStart = b.Length;
                b.U64(a.LogTime);
                b.U64(a.CreateTime);
                b.String(a.Name);
                b.String(a.MediaType);
                b.U64((ulong)a.Data.Length);
                b.Bytes(a.Data.Span);
                b.U32(McapCrc32.Compute(b.WrittenSpan[crcStart..]));
                break;
            case McapAttachmentIndex ai:
                b.U64(ai.AttachmentOffset);
                b.U64(ai.Length);
                b.U64(ai.LogTime);
                b.U64(ai.CreateTime);
                b.U64(ai.DataSize);
                b.String(ai.Name);
                b.String(ai.MediaType);
                break;
            case McapStatistics st:
                b.U64(st.MessageCount);
                b.U16(st.SchemaCount);
                b.U32(st.ChannelCount);
                b.U32(st.AttachmentCount);
                b.U32(st.MetadataCount);
                b.U32(st.ChunkCount);
                b.U64(st.MessageStartTime);
                b.U64(st.MessageEndTime);
                U16U64Map(b, st.ChannelMessageCounts);
                break;
            case McapMetadata md:
                b.String(md.Name);
                StringMap(b, md.Metadata);
                break;
            case McapMetadataIndex mdi:
                b.U64(mdi.MetadataOffset);
                b.U64(mdi.Length);
                b.String(mdi.Name);
                break;
            case McapSummaryOffset so:
                b.U8((byte)so.GroupOpcode);
                b.U64(so.GroupStart);
                b.U64(so.GroupLength);
                break;
            case McapDataEnd de:
                b.U32(de.DataSectionCrc);
                break;
            case McapUnknownRecord u:
                b.Bytes(u.Body.Span);
                break;
            default:
                throw new ArgumentException($"cannot encode {record.GetType().Name}", nameof(record));
        }

        b.PatchU64(lengthAt, (ulong)(b.Length - lengthAt - 8));
        return b.Length - start;
    }

    /// <summary>Writes a whole Message record without allocating a record object.</summary>
    public static int WriteMessage(McapBuffer b, ushort channelId, uint sequence, ulong logTime, ulong publishTime,
        ReadOnlySpan<byte> data)
    {
        WriteMessageHeader(b.Reserve(MessageHeaderLength), channelId, sequence, logTime, publishTime, data.Length);
        b.Bytes(data);
        return MessageHeaderLength + data.Length;
    }

    /// <summary>Fills <paramref name="header"/> (<see cref="MessageHeaderLength"/> bytes) with everything of a
    /// Message record but its data, so a writer can hand the data to the file from the caller's own buffer.</summary>
    public static void WriteMessageHeader(Span<byte> header, ushort channelId, uint sequence, ulong logTime,
        ulong publishTime, int dataLength)
    {
        header[0] = (byte)McapOpcode.Message;
        BinaryPrimitives.WriteUInt64LittleEndian(header[1..], (ulong)(MessageHeaderLength - 9 + dataLength));
        BinaryPrimitives.WriteUInt16LittleEndian(header[9..], channelId);
        BinaryPrimitives.WriteUInt32LittleEndian(header[11..], sequence);
        BinaryPrimitives.WriteUInt64LittleEndian(header[15..], logTime);
        BinaryPrimitives.WriteUInt64LittleEndian(header[23..MessageHeaderLength], publishTime);
    }

    /// <summary>Appends a Chunk record up to its records (which follow it): <paramref name="recordsLength"/>
    /// <see cref="McapChunk.UnfinishedLength"/> makes the record length unfinished too.</summary>
    public static void WriteChunkHeader(McapBuffer b, ulong messageStartTime, ulong messageEndTime,
        ulong uncompressedSize, uint uncompressedCrc, string compression, ulong recordsLength)
    {
        int start = b.Length;
        b.U8((byte)McapOpcode.Chunk);
        b.U64(0);
        b.U64(messageStartTime);
        b.U64(messageEndTime);
        b.U64(uncompressedSize);
        b.U32(uncompressedCrc);
        b.String(compression);
        b.U64(recordsLength);
        b.PatchU64(start + 1, recordsLength == McapChunk.UnfinishedLength
            ? McapChunk.UnfinishedLength
            : (ulong)(b.Length - start - 9) + recordsLength);
    }

    private static void StringMap(McapBuffer b, IReadOnlyDictionary<string, string> map)
    {
        int lengthAt = b.Length;
        b.U32(0);
        // Sorted keys make files reproducible byte for byte.
        foreach (var (k, v) in map.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            b.String(k);
            b.String(v);
        }

        b.PatchU32(lengthAt, (uint)(b.Length - lengthAt - 4));
    }

    private static void U16U64Map(McapBuffer b, IReadOnlyList<KeyValuePair<ushort, ulong>> map)
    {
        b.U32((uint)(map.Count * 10));
        foreach (var (k, v) in map)
        {
            b.U16(k);
            b.U64(v);
        }
    }
}
