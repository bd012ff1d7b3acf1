using System.Globalization;
using System.Text.Json;

namespace SparshRobot.Mcap;

/// <summary>Prints records the way the MCAP conformance suite's streamed-reader runners do:
/// <c>{"records": [{"type": T, "fields": [[name, value], ...]}]}</c>, fields sorted by snake_case name, every
/// number as a string, byte fields as lists of strings. Message indexes are left out (the suite's streamed
/// readers skip them) and a chunk appears only through the records it holds.</summary>
public static class McapConformanceJson
{
    /// <summary>Writes the JSON, one record per line. Nothing is written if reading fails part-way, so a damaged
    /// file never yields half a document.</summary>
    public static void Write(IEnumerable<McapRecord> records, Stream output)
    {
        var lines = new List<byte[]>();
        foreach (var record in records)
        {
            var fields = Fields(record);
            if (fields is null)
            {
                continue;
            }

            using var line = new MemoryStream();
            using (var w = new Utf8JsonWriter(line))
            {
                w.WriteStartObject();
                w.WriteString("type", record.Opcode.ToString());
                w.WriteStartArray("fields");
                foreach (var (name, value) in fields.OrderBy(f => f.Name, StringComparer.Ordinal))
                {
                    w.WriteStartArray();
                    w.WriteStringValue(name);
                    WriteValue(w, value);
                    w.WriteEndArray();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            lines.Add(line.ToArray());
        }

        output.Write("{\"records\": [\n"u8);
        for (int i = 0; i < lines.Count; i++)
        {
            output.Write("  "u8);
            output.Write(lines[i]);
            output.Write(i + 1 < lines.Count ? ",\n"u8 : "\n"u8);
        }

        output.Write("]}\n"u8);
    }

    private static List<(string Name, object Value)>? Fields(McapRecord record) => record switch
    {
        McapHeader h => [("profile", h.Profile), ("library", h.Library)],
        McapFooter f => [("summary_start", f.SummaryStart), ("summary_offset_start", f.SummaryOffsetStart),
            ("summary_crc", f.SummaryCrc)],
        McapSchema s => [("id", s.Id), ("name", s.Name), ("encoding", s.Encoding), ("data", s.Data)],
        McapChannel c => [("id", c.Id), ("schema_id", c.SchemaId), ("topic", c.Topic),
            ("message_encoding", c.MessageEncoding), ("metadata", c.Metadata)],
        McapMessage m => [("channel_id", m.ChannelId), ("sequence", m.Sequence), ("log_time", m.LogTime),
            ("publish_time", m.PublishTime), ("data", m.Data)],
        McapChunkIndex ci => [("message_start_time", ci.MessageStartTime), ("message_end_time", ci.MessageEndTime),
            ("chunk_start_offset", ci.ChunkStartOffset), ("chunk_length", ci.ChunkLength),
            ("message_index_offsets", ci.MessageIndexOffsets), ("message_index_length", ci.MessageIndexLength),
            ("compression", ci.Compression), ("compressed_size", ci.CompressedSize),
            ("uncompressed_size", ci.UncompressedSize)],
        McapAttachment a => [("log_time", a.LogTime), ("create_time", a.CreateTime), ("name", a.Name),
            ("media_type", a.MediaType), ("data", a.Data)],
        McapAttachmentIndex ai => [("offset", ai.AttachmentOffset), ("length", ai.Length), ("log_time", ai.LogTime),
            ("create_time", ai.CreateTime), ("data_size", ai.DataSize), ("name", ai.Name), ("media_type", ai.MediaType)],
        McapStatistics st => [("message_count", st.MessageCount), ("schema_count", st.SchemaCount),
            ("channel_count", st.ChannelCount), ("attachment_count", st.AttachmentCount),
            ("metadata_count", st.MetadataCount), ("chunk_count", st.ChunkCount),
            ("message_start_time", st.MessageStartTime), ("message_end_time", st.MessageEndTime),
            ("channel_message_counts", st.ChannelMessageCounts)],
        McapMetadata md => [("name", md.Name), ("metadata", md.Metadata)],
        McapMetadataIndex mdi => [("offset", mdi.MetadataOffset), ("length", mdi.Length), ("name", mdi.Name)],
        McapSummaryOffset so => [("group_opcode", (byte)so.GroupOpcode), ("group_start", so.GroupStart),
            ("group_length", so.GroupLength)],
        McapDataEnd de => [("data_section_crc", de.DataSectionCrc)],
        _ => null, // MessageIndex, Chunk, unknown opcodes
    };

    private static void WriteValue(Utf8JsonWriter w, object value)
    {
        switch (value)
        {
            case string s:
                w.WriteStringValue(s);
                break;
            case ReadOnlyMemory<byte> bytes:
                w.WriteStartArray();
                foreach (byte b in bytes.Span)
                {
                    w.WriteStringValue(b.ToString(CultureInfo.InvariantCulture));
                }

                w.WriteEndArray();
                break;
            case IReadOnlyDictionary<string, string> map:
                w.WriteStartObject();
                foreach (var (k, v) in map.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    w.WriteString(k, v);
                }

                w.WriteEndObject();
                break;
            case IReadOnlyList<KeyValuePair<ushort, ulong>> idMap:
                w.WriteStartObject();
                foreach (var (k, v) in idMap)
                {
                    w.WriteString(k.ToString(CultureInfo.InvariantCulture), v.ToString(CultureInfo.InvariantCulture));
                }

                w.WriteEndObject();
                break;
            case IFormattable number:
                w.WriteStringValue(number.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                throw new ArgumentException($"no JSON form for {value.GetType().Name}", nameof(value));
        }
    }
}
