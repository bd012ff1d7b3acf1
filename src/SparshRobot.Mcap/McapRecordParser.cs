using System.Buffers.Binary;
using System.Text;

namespace SparshRobot.Mcap;

/// <summary>Parses one record body into a typed <see cref="McapRecord"/>. Bounds are checked field by field; a
/// field running past the record names the file, the record offset and the field. Extra bytes after the known
/// fields are padding the spec allows and are ignored.</summary>
public static class McapRecordParser
{
    public static McapRecord Parse(byte opcode, ReadOnlyMemory<byte> body, string file, long offset, bool inChunk = false)
    {
        var r = new Cursor(body, file, offset, (McapOpcode)opcode);
        McapRecord record = (McapOpcode)opcode switch
        {
            McapOpcode.Header => new McapHeader(r.String("profile"), r.String("library")),
            McapOpcode.Footer => new McapFooter(r.U64("summary_start"), r.U64("summary_offset_start"), r.U32("summary_crc")),
            McapOpcode.Schema => new McapSchema(r.U16("id"), r.String("name"), r.String("encoding"), r.Bytes32("data")),
            McapOpcode.Channel => new McapChannel(r.U16("id"), r.U16("schema_id"), r.String("topic"),
                r.String("message_encoding"), r.StringMap("metadata")),
            McapOpcode.Message => new McapMessage(r.U16("channel_id"), r.U32("sequence"), r.U64("log_time"),
                r.U64("publish_time"), r.Rest()),
            McapOpcode.Chunk => new McapChunk(r.U64("message_start_time"), r.U64("message_end_time"),
                r.U64("uncompressed_size"), r.U32("uncompressed_crc"), r.String("compression"), r.Bytes64("records")),
            McapOpcode.MessageIndex => new McapMessageIndex(r.U16("channel_id"), r.TimeOffsetArray("records")),
            McapOpcode.ChunkIndex => new McapChunkIndex(r.U64("message_start_time"), r.U64("message_end_time"),
                r.U64("chunk_start_offset"), r.U64("chunk_length"), r.U16U64Map("message_index_offsets"),
                r.U64("message_index_length"), r.String("compression"), r.U64("compressed_size"),
                r.U64("uncompressed_size")),
            McapOpcode.Attachment => ParseAttachment(ref r),
            McapOpcode.AttachmentIndex => new McapAttachmentIndex(r.U64("offset"), r.U64("length"), r.U64("log_time"),
                r.U64("create_time"), r.U64("data_size"), r.String("name"), r.String("media_type")),
            McapOpcode.Statistics => new McapStatistics(r.U64("message_count"), r.U16("schema_count"),
                r.U32("channel_count"), r.U32("attachment_count"), r.U32("metadata_count"), r.U32("chunk_count"),
                r.U64("message_start_time"), r.U64("message_end_time"), r.U16U64Map("channel_message_counts")),
            McapOpcode.Metadata => new McapMetadata(r.String("name"), r.StringMap("metadata")),
            McapOpcode.MetadataIndex => new McapMetadataIndex(r.U64("offset"), r.U64("length"), r.String("name")),
            McapOpcode.SummaryOffset => new McapSummaryOffset((McapOpcode)r.U8("group_opcode"), r.U64("group_start"),
                r.U64("group_length")),
            McapOpcode.DataEnd => new McapDataEnd(r.U32("data_section_crc")),
            _ => new McapUnknownRecord(opcode, body),
        };
        return record with { Offset = offset, InChunk = inChunk };
    }

    private static McapAttachment ParseAttachment(ref Cursor r)
    {
        int crcStart = r.Position;
        ulong logTime = r.U64("log_time");
        ulong createTime = r.U64("create_time");
        string name = r.String("name");
        string mediaType = r.String("media_type");
        var data = r.Bytes64("data");
        int crcEnd = r.Position;
        uint crc = r.U32("crc");
        // A zero CRC means "not computed" (spec); otherwise it covers every field before it.
        if (crc != 0)
        {
            uint actual = McapCrc32.Compute(r.Body.Span[crcStart..crcEnd]);
            if (actual != crc)
            {
                throw r.Error($"attachment '{name}' CRC mismatch: stored {crc}, computed {actual}");
            }
        }

        return new McapAttachment(logTime, createTime, name, mediaType, data, crc);
    }

    private ref struct Cursor(ReadOnlyMemory<byte> body, string file, long offset, McapOpcode opcode)
    {
        private int _pos;

        public readonly ReadOnlyMemory<byte> Body => body;

        public readonly int Position => _pos;

        public readonly McapFormatException Error(string problem) => new(file, offset, $"{opcode} record: {problem}");

        private ReadOnlySpan<byte> Take(int n, string field)
        {
            if (n < 0 || body.Length - _pos < n)
            {
                throw Error($"field '{field}' needs {n} bytes at body position {_pos} but the record body has {body.Length}");
            }

            var s = body.Span.Slice(_pos, n);
            _pos += n;
            return s;
        }

        public byte U8(string f) => Take(1, f)[0];

        public ushort U16(string f) => BinaryPrimitives.ReadUInt16LittleEndian(Take(2, f));

        public uint U32(string f) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, f));

        public ulong U64(string f) => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, f));

        private int Length(ulong n, string f) =>
            n > (ulong)(body.Length - _pos)
                ? throw Error($"field '{f}' declares {n} bytes but only {body.Length - _pos} remain in the record")
                : (int)n;

        public string String(string f) => Encoding.UTF8.GetString(Take(Length(U32(f), f), f));

        public ReadOnlyMemory<byte> Bytes32(string f)
        {
            int n = Length(U32(f), f);
            var m = body.Slice(_pos, n);
            _pos += n;
            return m;
        }

        public ReadOnlyMemory<byte> Bytes64(string f)
        {
            int n = Length(U64(f), f);
            var m = body.Slice(_pos, n);
            _pos += n;
            return m;
        }

        public ReadOnlyMemory<byte> Rest()
        {
            var m = body[_pos..];
            _pos = body.Length;
            return m;
        }

        public Dictionary<string, string> StringMap(string f)
        {
            int n = Length(U32(f), f);
            int end = _pos + n;
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            while (_pos < end)
            {
                string key = String(f);
                map[key] = String(f);
            }

            return _pos == end ? map : throw Error($"map '{f}' entries overrun its declared length");
        }

        public List<KeyValuePair<ushort, ulong>> U16U64Map(string f)
        {
            int n = Length(U32(f), f);
            if (n % 10 != 0)
            {
                throw Error($"map '{f}' length {n} is not a multiple of 10");
            }

            var list = new List<KeyValuePair<ushort, ulong>>(n / 10);
            for (int i = 0; i < n / 10; i++)
            {
                list.Add(new(U16(f), U64(f)));
            }

            return list;
        }

        public List<(ulong, ulong)> TimeOffsetArray(string f)
        {
            int n = Length(U32(f), f);
            if (n % 16 != 0)
            {
                throw Error($"array '{f}' length {n} is not a multiple of 16");
            }

            var list = new List<(ulong, ulong)>(n / 16);
            for (int i = 0; i < n / 16; i++)
            {
                list.Add((U64(f), U64(f)));
            }

            return list;
        }
    }
}
