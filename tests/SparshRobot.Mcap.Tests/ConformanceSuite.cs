using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SparshRobot.Testing;

namespace SparshRobot.Mcap.Tests;

/// <summary>Access to the shared MCAP conformance suite. Where a <c>.mcap</c> in the shared folder is a Git LFS
/// pointer (the suite is stored in LFS upstream and this copy holds only pointers), the file is rebuilt from its
/// <c>.json</c> record list following the suite's generator (foxglove/mcap tests/conformance/scripts/
/// generate-inputs.ts) and accepted only if its SHA-256 and size equal the pointer's: the bytes are then exactly
/// the real file.</summary>
internal static class ConformanceSuite
{
    public static string Root => TestPaths.Shared("mcap-conformance");

    public static IEnumerable<string> Cases() =>
        Directory.EnumerateFiles(Root, "*.json", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(Root, p)[..^5])
            .Order(StringComparer.Ordinal);

    public static JsonArray ExpectedRecords(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Root, name + ".json")))!["records"]!.AsArray();

    public static byte[] Bytes(string name)
    {
        var raw = File.ReadAllBytes(Path.Combine(Root, name + ".mcap"));
        if (raw.AsSpan().StartsWith(McapStreamReader.Magic))
        {
            return raw;
        }

        var pointer = Encoding.ASCII.GetString(raw);
        if (!pointer.StartsWith("version https://git-lfs", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{name}.mcap is neither MCAP nor a Git LFS pointer");
        }

        string oid = pointer.Split('\n').Single(l => l.StartsWith("oid sha256:", StringComparison.Ordinal))[11..];
        long size = long.Parse(pointer.Split('\n').Single(l => l.StartsWith("size ", StringComparison.Ordinal))[5..]);
        var rebuilt = Rebuild(name);
        string sha = Convert.ToHexStringLower(SHA256.HashData(rebuilt));
        if (sha != oid || rebuilt.Length != size)
        {
            throw new InvalidDataException(
                $"{name}.mcap is an LFS pointer and the rebuilt file does not match it (sha {sha} vs {oid}, size {rebuilt.Length} vs {size})");
        }

        return rebuilt;
    }

    private static byte[] Rebuild(string name)
    {
        var features = Path.GetFileName(name).Split('-').Skip(1).ToHashSet();
        bool pad = features.Contains("pad");
        bool chunked = features.Contains("ch");
        bool messageIndex = features.Contains("mx");
        var records = ExpectedRecords(name).Select(ToRecord).ToList();
        using var b = new McapBuffer();
        b.Bytes(McapStreamReader.Magic);
        using var chunk = new McapBuffer();
        var indexes = new List<(ushort Channel, List<(ulong, ulong)> Entries)>();
        List<(ulong, ulong)> IndexFor(ushort channel)
        {
            var found = indexes.FirstOrDefault(i => i.Channel == channel).Entries;
            if (found is null)
            {
                found = [];
                indexes.Add((channel, found));
            }

            return found;
        }

        ulong? start = null, end = null;
        int i = 0;
        for (; records[i] is not McapDataEnd; i++)
        {
            var r = records[i];
            if (chunked && r is McapSchema or McapChannel or McapMessage)
            {
                if (r is McapChannel c)
                {
                    IndexFor(c.Id);
                }

                if (r is McapMessage m)
                {
                    IndexFor(m.ChannelId).Add((m.LogTime, (ulong)chunk.Length));
                    start = Math.Min(start ?? ulong.MaxValue, m.LogTime);
                    end = Math.Max(end ?? 0, m.LogTime);
                }

                McapRecordEncoder.Write(chunk, r);
            }
            else
            {
                Emit(b, r, pad && r is not McapMessage);
            }
        }

        if (chunked)
        {
            McapRecordEncoder.Write(b, new McapChunk(start ?? 0, end ?? 0, (ulong)chunk.Length,
                McapCrc32.Compute(chunk.WrittenSpan), "", chunk.WrittenMemory.ToArray()));
            if (messageIndex)
            {
                foreach (var (channel, entries) in indexes)
                {
                    Emit(b, new McapMessageIndex(channel, entries), pad);
                }
            }
        }

        McapRecordEncoder.Write(b, new McapDataEnd(McapCrc32.Compute(b.WrittenSpan)));
        for (i++; i < records.Count; i++)
        {
            Emit(b, records[i], pad && records[i] is not McapFooter);
        }

        b.Bytes(McapStreamReader.Magic);
        return b.WrittenSpan.ToArray();
    }

    private static void Emit(McapBuffer b, McapRecord r, bool pad)
    {
        int start = b.Length;
        int n = McapRecordEncoder.Write(b, r);
        if (pad)
        {
            b.Bytes([0x01, 0xff, 0xff]);
            b.PatchU64(start + 1, (ulong)(n - 9 + 3));
        }
    }

    private static McapRecord ToRecord(JsonNode? node)
    {
        var f = node!["fields"]!.AsArray().ToDictionary(p => p![0]!.GetValue<string>(), p => p![1]);
        string S(string k) => f[k]!.GetValue<string>();
        ulong U(string k) => ulong.Parse(S(k));
        byte[] D(string k) => f[k]!.AsArray().Select(x => byte.Parse(x!.GetValue<string>())).ToArray();
        Dictionary<string, string> Map(string k) =>
            f[k]!.AsObject().ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<string>());
        List<KeyValuePair<ushort, ulong>> IdMap(string k) =>
            f[k]!.AsObject().Select(kv => new KeyValuePair<ushort, ulong>(ushort.Parse(kv.Key), ulong.Parse(kv.Value!.GetValue<string>()))).ToList();
        return node["type"]!.GetValue<string>() switch
        {
            "Header" => new McapHeader(S("profile"), S("library")),
            "Footer" => new McapFooter(U("summary_start"), U("summary_offset_start"), (uint)U("summary_crc")),
            "Schema" => new McapSchema((ushort)U("id"), S("name"), S("encoding"), D("data")),
            "Channel" => new McapChannel((ushort)U("id"), (ushort)U("schema_id"), S("topic"), S("message_encoding"), Map("metadata")),
            "Message" => new McapMessage((ushort)U("channel_id"), (uint)U("sequence"), U("log_time"), U("publish_time"), D("data")),
            "ChunkIndex" => new McapChunkIndex(U("message_start_time"), U("message_end_time"), U("chunk_start_offset"),
                U("chunk_length"), IdMap("message_index_offsets"), U("message_index_length"), S("compression"),
                U("compressed_size"), U("uncompressed_size")),
            "Attachment" => new McapAttachment(U("log_time"), U("create_time"), S("name"), S("media_type"), D("data"), 0),
            "AttachmentIndex" => new McapAttachmentIndex(U("offset"), U("length"), U("log_time"), U("create_time"),
                U("data_size"), S("name"), S("media_type")),
            "Statistics" => new McapStatistics(U("message_count"), (ushort)U("schema_count"), (uint)U("channel_count"),
                (uint)U("attachment_count"), (uint)U("metadata_count"), (uint)U("chunk_count"), U("message_start_time"),
                U("message_end_time"), IdMap("channel_message_counts")),
            "Metadata" => new McapMetadata(S("name"), Map("metadata")),
            "MetadataIndex" => new McapMetadataIndex(U("offset"), U("length"), S("name")),
            "SummaryOffset" => new McapSummaryOffset((McapOpcode)U("group_opcode"), U("group_start"), U("group_length")),
            "DataEnd" => new McapDataEnd((uint)U("data_section_crc")),
            var t => throw new InvalidDataException($"unexpected record type {t}"),
        };
    }
}
