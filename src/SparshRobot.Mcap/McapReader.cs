using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using Microsoft.Win32.SafeHandles;

namespace SparshRobot.Mcap;

/// <summary>A message with the channel and schema it was published on.</summary>
public sealed record McapMessageView(McapChannel Channel, McapSchema? Schema, McapMessage Message);

/// <summary>Indexed MCAP reader over a file. With a summary it reads the footer, summary CRC, schemas, channels,
/// statistics and chunk/attachment/metadata indexes without touching the data section, and a topic-filtered,
/// time-ordered read loads only the chunks whose message indexes list a wanted channel
/// (<see cref="ChunksLoaded"/> counts them). Without a summary (a killed recording) it scans the data section
/// once, up to the last complete record, and says so in <see cref="Warning"/>.</summary>
public sealed class McapReader : IDisposable
{
    private readonly SafeFileHandle _file;
    private readonly McapReadOptions _options;
    private readonly Dictionary<ushort, McapSchema> _schemas = [];
    private readonly Dictionary<ushort, McapChannel> _channels = [];
    private readonly List<ChunkRef> _chunks = [];
    private readonly List<McapMessage> _looseMessages = [];
    private readonly List<McapAttachmentIndex> _attachmentIndexes = [];
    private readonly List<McapMetadataIndex> _metadataIndexes = [];
    private long _chunksLoaded;

    private McapReader(string path, McapReadOptions options)
    {
        Path = path;
        _options = options;
        _file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        Length = RandomAccess.GetLength(_file);
    }

    public string Path { get; }

    public long Length { get; }

    public McapHeader Header { get; private set; } = new("", "");

    public bool HasSummary { get; private set; }

    /// <summary>Set when the file had no usable summary and was scanned (e.g. truncated by a crash).</summary>
    public string? Warning { get; private set; }

    public McapStatistics? Statistics { get; private set; }

    public IReadOnlyDictionary<ushort, McapSchema> Schemas => _schemas;

    public IReadOnlyDictionary<ushort, McapChannel> Channels => _channels;

    public IReadOnlyList<McapChunkIndex> ChunkIndexes => _chunks.Select(c => c.Index).ToList();

    public IReadOnlyList<McapAttachmentIndex> AttachmentIndexes => _attachmentIndexes;

    public IReadOnlyList<McapMetadataIndex> MetadataIndexes => _metadataIndexes;

    /// <summary>Chunks read and decompressed by message reads since open: the evidence that a filtered read skips
    /// unrelated chunks.</summary>
    public long ChunksLoaded => Interlocked.Read(ref _chunksLoaded);

    public static McapReader Open(string path, McapReadOptions? options = null)
    {
        var reader = new McapReader(path, options ?? McapReadOptions.Default);
        try
        {
            reader.Load();
            return reader;
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <summary>Every record in file order (see <see cref="McapStreamReader"/>).</summary>
    public IEnumerable<McapRecord> ReadRecords()
    {
        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
        foreach (var r in new McapStreamReader(stream, Path, _options).ReadRecords())
        {
            yield return r;
        }
    }

    /// <summary>Messages ordered by log time (ties in file order), optionally restricted to topics and a
    /// [start, end) log-time window. Chunks without a wanted channel or outside the window are not read.</summary>
    public IEnumerable<McapMessageView> ReadMessages(IEnumerable<string>? topics = null, ulong start = 0,
        ulong end = ulong.MaxValue)
    {
        HashSet<ushort>? wanted = topics is null
            ? null
            : _channels.Values.Where(c => topics.Contains(c.Topic)).Select(c => c.Id).ToHashSet();
        bool Wanted(McapMessage m) =>
            (wanted is null || wanted.Contains(m.ChannelId)) && m.LogTime >= start && m.LogTime < end;

        var chunks = _chunks
            .Where(c => c.Index.MessageEndTime >= start && c.Index.MessageStartTime < end)
            .Where(c => wanted is null || c.Channels is null || c.Channels.Overlaps(wanted))
            .OrderBy(c => c.Index.MessageStartTime).ThenBy(c => c.Index.ChunkStartOffset)
            .ToList();
        var heap = new PriorityQueue<McapMessage, (ulong Time, long Order)>();
        long order = 0;
        foreach (var m in _looseMessages.Where(Wanted))
        {
            heap.Enqueue(m, (m.LogTime, order++));
        }

        int next = 0;
        while (next < chunks.Count || heap.Count > 0)
        {
            if (heap.Count > 0 && (next == chunks.Count
                                   || heap.TryPeek(out _, out var top) && top.Time < chunks[next].Index.MessageStartTime))
            {
                var m = heap.Dequeue();
                yield return View(m);
                continue;
            }

            foreach (var record in LoadChunk(chunks[next++]))
            {
                if (record is McapMessage m && Wanted(m))
                {
                    heap.Enqueue(m, (m.LogTime, order++));
                }
            }
        }
    }

    public IEnumerable<McapMetadata> ReadMetadata()
    {
        foreach (var index in _metadataIndexes)
        {
            yield return (McapMetadata)ReadRecordAt((long)index.MetadataOffset, (long)index.Length);
        }
    }

    public McapAttachment ReadAttachment(McapAttachmentIndex index) =>
        (McapAttachment)ReadRecordAt((long)index.AttachmentOffset, (long)index.Length);

    public void Dispose() => _file.Dispose();

    private McapMessageView View(McapMessage m)
    {
        if (!_channels.TryGetValue(m.ChannelId, out var channel))
        {
            throw new McapFormatException(Path, m.Offset, $"message refers to channel {m.ChannelId}, which is never defined");
        }

        _schemas.TryGetValue(channel.SchemaId, out var schema);
        return new McapMessageView(channel, schema, m);
    }

    private IEnumerable<McapRecord> LoadChunk(ChunkRef chunk)
    {
        Interlocked.Increment(ref _chunksLoaded);
        long offset = (long)chunk.Index.ChunkStartOffset, length = (long)chunk.Index.ChunkLength;
        if (chunk.Index.Compression.Length == 0)
        {
            // Uncompressed: messages alias the read buffer itself, so it is a fresh array (no copy at all).
            var record = (McapChunk)ReadRecordAt(offset, length);
            return McapStreamReader.ParseRecords(McapStreamReader.DecompressChunk(record, Path, _options), Path, offset);
        }

        // Compressed: the compressed bytes live only until decompressed, so they come from the pool.
        CheckBounds(offset, length);
        var rented = ArrayPool<byte>.Shared.Rent((int)length);
        try
        {
            var raw = rented.AsMemory(0, (int)length);
            ReadExactly(raw.Span, offset);
            var record = (McapChunk)ParseAt(raw, offset, length);
            var records = McapStreamReader.DecompressChunk(record, Path, _options);
            return McapStreamReader.ParseRecords(records, Path, offset);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private McapRecord ReadRecordAt(long offset, long length)
    {
        CheckBounds(offset, length);
        // Fresh array: records alias it (message data of uncompressed chunks), so it must not be pooled.
        // Uninitialised: every byte is overwritten by the read (checked), so zeroing 4 MiB per chunk is waste.
        var buffer = GC.AllocateUninitializedArray<byte>((int)length);
        ReadExactly(buffer, offset);
        return ParseAt(buffer, offset, length);
    }

    private void ReadExactly(Span<byte> buffer, long offset)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = RandomAccess.Read(_file, buffer[total..], offset + total);
            if (n == 0)
            {
                throw new McapFormatException(Path, offset + total, $"file ends {buffer.Length - total} bytes into a record that the index says is complete");
            }

            total += n;
        }
    }

    private void CheckBounds(long offset, long length)
    {
        if (length < 9 || offset < 8 || length > int.MaxValue || offset + length > Length)
        {
            throw new McapFormatException(Path, offset,
                $"index points at a {length}-byte record at {offset}, outside the file ({Length} bytes)");
        }
    }

    private McapRecord ParseAt(ReadOnlyMemory<byte> buffer, long offset, long length)
    {
        ulong declared = BinaryPrimitives.ReadUInt64LittleEndian(buffer.Span[1..]);
        if (declared != (ulong)length - 9)
        {
            throw new McapFormatException(Path, offset,
                $"{(McapOpcode)buffer.Span[0]} record declares length {declared} but its index says {length - 9}");
        }

        return McapRecordParser.Parse(buffer.Span[0], buffer[9..], Path, offset);
    }

    private void Load()
    {
        Span<byte> magic = stackalloc byte[8];
        if (Length < 8 || RandomAccess.Read(_file, magic, 0) < 8 || !magic.SequenceEqual(McapStreamReader.Magic))
        {
            throw new McapFormatException(Path, 0, Length < 8
                ? $"file is {Length} bytes, too short for the MCAP magic"
                : $"bad magic {Convert.ToHexString(magic)}: not an MCAP file");
        }

        var header = ReadHeaderRecord();
        Header = header;
        if (!TryLoadSummary())
        {
            Scan();
        }
    }

    private McapHeader ReadHeaderRecord()
    {
        Span<byte> head = stackalloc byte[9];
        if (RandomAccess.Read(_file, head, 8) < 9 || head[0] != (byte)McapOpcode.Header)
        {
            throw new McapFormatException(Path, 8, "the magic is not followed by a Header record");
        }

        long length = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(head[1..]), long.MaxValue - 17);
        return (McapHeader)ReadRecordAt(8, 9 + length);
    }

    private bool TryLoadSummary()
    {
        const int footerRecord = 1 + 8 + 20;
        if (Length < 8 + footerRecord + 8)
        {
            return false;
        }

        var tail = new byte[footerRecord + 8];
        RandomAccess.Read(_file, tail, Length - tail.Length);
        if (!tail.AsSpan(footerRecord).SequenceEqual(McapStreamReader.Magic) || tail[0] != (byte)McapOpcode.Footer)
        {
            return false; // no closing magic: a truncated recording; scan what is there
        }

        long footerOffset = Length - tail.Length;
        var footer = (McapFooter)McapRecordParser.Parse(tail[0], tail.AsMemory(9, 20), Path, footerOffset);
        if (footer.SummaryStart == 0)
        {
            return false;
        }

        if (footer.SummaryStart < 8 || (long)footer.SummaryStart > footerOffset)
        {
            throw new McapFormatException(Path, footerOffset,
                $"footer summary_start {footer.SummaryStart} is outside the file (footer at {footerOffset})");
        }

        long summaryStart = (long)footer.SummaryStart;
        var summary = new byte[footerOffset - summaryStart];
        RandomAccess.Read(_file, summary, summaryStart);
        if (_options.ValidateCrcs && footer.SummaryCrc != 0)
        {
            var crc = new Crc32();
            crc.Append(summary);
            crc.Append(tail.AsSpan(0, 25));
            if (crc.GetCurrentHashAsUInt32() != footer.SummaryCrc)
            {
                throw new McapFormatException(Path, footerOffset,
                    $"summary CRC mismatch: footer stores {footer.SummaryCrc}, computed {crc.GetCurrentHashAsUInt32()}");
            }
        }

        var chunkIndexes = new List<McapChunkIndex>();
        int pos = 0;
        while (pos < summary.Length)
        {
            long at = summaryStart + pos;
            if (summary.Length - pos < 9)
            {
                throw new McapFormatException(Path, at, "summary section ends inside a record header");
            }

            ulong len = BinaryPrimitives.ReadUInt64LittleEndian(summary.AsSpan(pos + 1));
            if (len > (ulong)(summary.Length - pos - 9))
            {
                throw new McapFormatException(Path, at,
                    $"{(McapOpcode)summary[pos]} record declares length {len}, past the end of the summary section");
            }

            var record = McapRecordParser.Parse(summary[pos], summary.AsMemory(pos + 9, (int)len), Path, at);
            pos += 9 + (int)len;
            switch (record)
            {
                case McapSchema s: _schemas[s.Id] = s; break;
                case McapChannel c: _channels[c.Id] = c; break;
                case McapStatistics st: Statistics = st; break;
                case McapChunkIndex ci: chunkIndexes.Add(ci); break;
                case McapAttachmentIndex ai: _attachmentIndexes.Add(ai); break;
                case McapMetadataIndex mi: _metadataIndexes.Add(mi); break;
            }
        }

        // A summary without chunk indexes cannot locate messages (e.g. an unchunked file): scan instead.
        if (chunkIndexes.Count == 0 && Statistics is not { MessageCount: 0 })
        {
            _attachmentIndexes.Clear();
            _metadataIndexes.Clear();
            return false;
        }

        foreach (var ci in chunkIndexes)
        {
            if (ci.ChunkStartOffset + ci.ChunkLength > (ulong)footerOffset)
            {
                throw new McapFormatException(Path, (long)ci.ChunkStartOffset,
                    $"chunk index points at a {ci.ChunkLength}-byte chunk past the data section");
            }

            _chunks.Add(new ChunkRef(ci, ci.MessageIndexOffsets.Count > 0
                ? ci.MessageIndexOffsets.Select(kv => kv.Key).ToHashSet()
                : null));
        }

        HasSummary = true;
        return true;
    }

    private void Scan()
    {
        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
        var reader = new McapStreamReader(stream, Path, _options with { IncludeChunkRecords = true });
        McapChunk? chunk = null;
        HashSet<ushort>? chunkChannels = null;
        ulong count = 0, start = ulong.MaxValue, end = 0;
        var perChannel = new SortedDictionary<ushort, ulong>();
        void CloseChunk()
        {
            if (chunk is not null)
            {
                long length = 9 + 8 + 8 + 8 + 4 + 4 + System.Text.Encoding.UTF8.GetByteCount(chunk.Compression) + 8
                              + chunk.Records.Length;
                _chunks.Add(new ChunkRef(new McapChunkIndex(chunk.MessageStartTime, chunk.MessageEndTime,
                    (ulong)chunk.Offset, (ulong)length, [], 0, chunk.Compression, (ulong)chunk.Records.Length,
                    chunk.UncompressedSize), chunkChannels));
                chunk = null;
            }
        }

        foreach (var record in reader.ReadRecords())
        {
            if (!record.InChunk)
            {
                CloseChunk();
            }

            switch (record)
            {
                case McapChunk c:
                    chunk = c;
                    chunkChannels = [];
                    break;
                case McapSchema s: _schemas[s.Id] = s; break;
                case McapChannel ch: _channels[ch.Id] = ch; break;
                case McapMessage m:
                    count++;
                    start = Math.Min(start, m.LogTime);
                    end = Math.Max(end, m.LogTime);
                    perChannel[m.ChannelId] = perChannel.GetValueOrDefault(m.ChannelId) + 1;
                    if (m.InChunk)
                    {
                        chunkChannels!.Add(m.ChannelId);
                    }
                    else
                    {
                        _looseMessages.Add(m);
                    }

                    break;
                case McapAttachment a:
                    _attachmentIndexes.Add(new McapAttachmentIndex((ulong)a.Offset, 0, a.LogTime, a.CreateTime,
                        (ulong)a.Data.Length, a.Name, a.MediaType));
                    break;
                case McapMetadata md:
                    _metadataIndexes.Add(new McapMetadataIndex((ulong)md.Offset, 0, md.Name));
                    break;
            }
        }

        CloseChunk();
        FixIndexLengths();
        Statistics = new McapStatistics(count, (ushort)_schemas.Count, (uint)_channels.Count,
            (uint)_attachmentIndexes.Count, (uint)_metadataIndexes.Count, (uint)_chunks.Count,
            count == 0 ? 0 : start, count == 0 ? 0 : end, perChannel.ToList());
        Warning = reader.Warning ?? (reader.ReachedEnd ? null : $"{Path}: no summary; read by scanning the data section");
    }

    // Attachment/metadata records found by a scan carry no length; read each record's header for it.
    private void FixIndexLengths()
    {
        Span<byte> head = stackalloc byte[9];
        for (int i = 0; i < _attachmentIndexes.Count; i++)
        {
            RandomAccess.Read(_file, head, (long)_attachmentIndexes[i].AttachmentOffset);
            _attachmentIndexes[i] = _attachmentIndexes[i] with { Length = 9 + BinaryPrimitives.ReadUInt64LittleEndian(head[1..]) };
        }

        for (int i = 0; i < _metadataIndexes.Count; i++)
        {
            RandomAccess.Read(_file, head, (long)_metadataIndexes[i].MetadataOffset);
            _metadataIndexes[i] = _metadataIndexes[i] with { Length = 9 + BinaryPrimitives.ReadUInt64LittleEndian(head[1..]) };
        }
    }

    /// <summary>A chunk to load; <see cref="Channels"/> null when unknown (no message indexes).</summary>
    private sealed record ChunkRef(McapChunkIndex Index, HashSet<ushort>? Channels);
}
