using System.Diagnostics;
using System.IO.Hashing;
using ZstdSharp;

namespace SparshRobot.Mcap;

public sealed record McapWriterOptions
{
    public string Profile { get; init; } = "";

    public string Library { get; init; } = "sparsh-robot";

    /// <summary>Messages go into chunks (with message indexes); false writes them straight into the data section.</summary>
    public bool UseChunks { get; init; } = true;

    /// <summary>A chunk is closed once its uncompressed records reach this many bytes.</summary>
    public int ChunkSize { get; init; } = 4 << 20;

    /// <summary>A chunk is also closed when a message arrives and the chunk is older than this (the time bound on
    /// what a crash can lose). Null: size bound only.</summary>
    public TimeSpan? ChunkMaxAge { get; init; }

    public McapCompressionKind Compression { get; init; } = McapCompressionKind.Zstd;

    public int ZstdLevel { get; init; } = 1;

    /// <summary>Compute chunk CRCs (rosbag2's writer leaves them 0 by default; we compute them because the CRC is
    /// what lets recovery tell a torn chunk from a good one).</summary>
    public bool ChunkCrc { get; init; } = true;

    /// <summary>fsync the file after every chunk, so a power loss loses at most the open chunk.</summary>
    public bool SyncEachChunk { get; init; }

    /// <summary>A chunk closed by <see cref="McapWriter.WriteMessage"/> is compressed on the caller, then written (and
    /// fsynced) by a background task while the caller fills the next one: one chunk in flight, two buffers, as
    /// rosbag2's double-buffered cache does. The caller then waits for the disk only when a second chunk fills
    /// before the first is written; a failure surfaces on the next call. False: every step happens on the caller.
    /// Only chunks built in memory are written behind: compressed ones, and uncompressed ones to a stream that
    /// cannot seek. Uncompressed chunks on a seekable stream go to the file message by message, so there is
    /// nothing left to write in the background.</summary>
    public bool WriteBehind { get; init; } = true;

    public static McapWriterOptions Default { get; } = new();
}

/// <summary>Writes an MCAP file: header, data section (schemas and channels as they are added, then chunks with
/// their message indexes, attachments, metadata), DataEnd with the data-section CRC, and a summary (repeated
/// schemas and channels, statistics, chunk/attachment/metadata indexes, summary offsets) and footer on
/// <see cref="Dispose"/>. Calls must not overlap; with <see cref="McapWriterOptions.WriteBehind"/> closed chunks
/// are written by a background task that every other file access waits for.</summary>
/// <remarks>An uncompressed chunk on a seekable stream is streamed: its Chunk record goes out first with
/// <see cref="McapChunk.UnfinishedLength"/> placeholders, each message record follows as it arrives, and closing
/// the chunk seeks back to write the real header. Messages thus reach the file a block at a time as they come,
/// with one copy (into the block) where a chunk buffer used to take another, and no background writer competing
/// for the core; a crash leaves a torn chunk whose complete records recovery still reads. Compressed chunks (and
/// chunks to a stream that cannot seek) are built in memory and written whole when closed.</remarks>
public sealed class McapWriter : IDisposable
{
    // Bytes reach the stream in whole blocks at block-aligned offsets (gathered in _staged, or whole blocks straight
    // from the caller's span), except what Commit writes out: Linux 6.x ext4 then caches the file in large folios.
    // On the bench bag machine (kernel 6.18) streamed 230 KB images written from the caller's buffer one by one
    // reached 0.68-0.76 of the file-copy rate, gathered into aligned blocks 0.8-0.9: the copy into the block costs
    // less than small unaligned writes do. 2 MiB (a huge page) wrote a few percent faster than 1 MiB or 4 MiB.
    private const int Block = 2 << 20;

    private readonly Stream _out;
    private readonly string _name;
    private readonly bool _ownsStream;
    private readonly McapWriterOptions _options;
    private readonly bool _streamChunks;
    private readonly long _origin; // stream position of the magic: where file offsets count from when patching
    private readonly McapBuffer _scratch = new(1024);
    private readonly McapBuffer _staged = new(Block);
    private readonly Compressor? _zstd;
    private readonly List<McapSchema> _schemas = [];
    private readonly List<McapChannel> _channels = [];
    private readonly List<McapChunkIndex> _chunkIndexes = [];
    private readonly List<McapAttachmentIndex> _attachmentIndexes = [];
    private readonly List<McapMetadataIndex> _metadataIndexes = [];
    private readonly SortedDictionary<ushort, ulong> _channelCounts = [];
    private readonly Stopwatch _chunkAge = new();
    private OpenChunk _chunk, _spare; // the one being filled; the other is in flight or idle
    private Task _inFlight = Task.CompletedTask;
    private ulong _messageCount, _startTime = ulong.MaxValue, _endTime;
    private long _position, _durablePosition, _streamedChunkStart;
    private ulong _durableMessages;
    private uint _dataCrc; // CRC of everything emitted so far (the CRC of nothing is 0)
    private volatile Exception? _fault;
    private bool _finished;

    public McapWriter(Stream output, string name, McapWriterOptions? options = null, bool ownsStream = true)
    {
        _out = output;
        _name = name;
        _ownsStream = ownsStream;
        _options = options ?? McapWriterOptions.Default;
        _streamChunks = _options.UseChunks && _options.Compression == McapCompressionKind.None && output.CanSeek;
        _origin = output.CanSeek ? output.Position : 0;
        int compressed = _options.Compression == McapCompressionKind.None ? 64 : _options.ChunkSize;
        int records = _options.UseChunks && !_streamChunks ? _options.ChunkSize + (1 << 16) : 64;
        _chunk = new OpenChunk(records, compressed);
        _spare = new OpenChunk(records, compressed);
        if (_options.Compression == McapCompressionKind.Zstd)
        {
            _zstd = new Compressor(_options.ZstdLevel);
        }

        Emit(McapStreamReader.Magic);
        EmitRecord(new McapHeader(_options.Profile, _options.Library));
    }

    /// <summary>Creates <paramref name="path"/> (which must not exist) unbuffered: the writer gathers its writes into
    /// blocks itself, and a FileStream buffer would copy them once more.</summary>
    public static McapWriter Create(string path, McapWriterOptions? options = null) =>
        new(new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0), path, options);

    /// <summary>Bytes written so far, including up to a block still gathered for one write and a streamed chunk's
    /// messages (a chunk built in memory counts once it is written).</summary>
    public long Position => Volatile.Read(ref _position);

    /// <summary>End of the last record known to be in the file (open and in-flight chunks excluded): what a crash
    /// keeps at least (recovery also salvages the complete messages of a torn streamed chunk).</summary>
    public long DurablePosition => Volatile.Read(ref _durablePosition);

    /// <summary>Messages accepted so far.</summary>
    public ulong MessageCount => _messageCount;

    /// <summary>Messages before <see cref="DurablePosition"/>.</summary>
    public ulong DurableMessageCount => Volatile.Read(ref _durableMessages);

    public IReadOnlyList<McapChannel> Channels => _channels;

    /// <summary>Set once a write failed; the file then holds every record before <see cref="DurablePosition"/>.</summary>
    public Exception? Fault => _fault;

    /// <summary>Adds a schema; <paramref name="id"/> keeps a given id (when copying a file), else the next free one.</summary>
    public ushort AddSchema(string name, string encoding, ReadOnlyMemory<byte> data, ushort? id = null)
    {
        ushort newId = id ?? (ushort)(_schemas.Select(s => (int)s.Id).DefaultIfEmpty(0).Max() + 1);
        if (newId == 0 || _schemas.Any(s => s.Id == newId))
        {
            throw new ArgumentException($"schema id {newId} is 0 or already used", nameof(id));
        }

        var schema = new McapSchema(newId, name, encoding, data.ToArray());
        BeforeRecordOutsideChunks();
        Guard(() => EmitRecord(schema));
        _schemas.Add(schema);
        return schema.Id;
    }

    /// <summary>Adds a channel (schema 0 = none); <paramref name="id"/> as for <see cref="AddSchema"/>.</summary>
    public ushort AddChannel(string topic, string messageEncoding, ushort schemaId,
        IReadOnlyDictionary<string, string>? metadata = null, ushort? id = null)
    {
        if (schemaId != 0 && _schemas.All(s => s.Id != schemaId))
        {
            throw new ArgumentOutOfRangeException(nameof(schemaId), $"schema {schemaId} was not added");
        }

        ushort newId = id ?? (ushort)(_channels.Select(c => (int)c.Id).DefaultIfEmpty(0).Max() + 1);
        if (_channelCounts.ContainsKey(newId))
        {
            throw new ArgumentException($"channel id {newId} is already used", nameof(id));
        }

        var channel = new McapChannel(newId, schemaId, topic, messageEncoding,
            new Dictionary<string, string>(metadata ?? new Dictionary<string, string>(), StringComparer.Ordinal));
        BeforeRecordOutsideChunks();
        Guard(() => EmitRecord(channel));
        _channels.Add(channel);
        _channelCounts[channel.Id] = 0;
        return channel.Id;
    }

    public void WriteMessage(ushort channelId, ulong logTime, ulong publishTime, ReadOnlySpan<byte> data, uint sequence = 0)
    {
        ThrowIfFaultedOrFinished();
        if (!_channelCounts.ContainsKey(channelId))
        {
            throw new ArgumentOutOfRangeException(nameof(channelId), $"channel {channelId} was not added");
        }

        _messageCount++;
        _channelCounts[channelId]++;
        _startTime = Math.Min(_startTime, logTime);
        _endTime = Math.Max(_endTime, logTime);
        Span<byte> header = stackalloc byte[McapRecordEncoder.MessageHeaderLength];
        McapRecordEncoder.WriteMessageHeader(header, channelId, sequence, logTime, publishTime, data.Length);
        if (!_options.UseChunks)
        {
            try
            {
                Emit(header);
                Emit(data);
                Commit(1, sync: false);
            }
            catch (IOException e)
            {
                throw Failed(e);
            }

            return;
        }

        var chunk = _chunk;
        bool opens = chunk.Messages == 0;
        if (opens)
        {
            _chunkAge.Restart();
        }

        // First, so the data is in cache for the copy that follows.
        chunk.Add(channelId, logTime, header, data);
        if (_streamChunks)
        {
            try
            {
                if (opens)
                {
                    StartStreamedChunk();
                }

                // Not folded into the data-section CRC yet: that follows file order, and the chunk header before
                // these bytes gets its real values only when the chunk closes.
                Write(header);
                Write(data);
            }
            catch (IOException e)
            {
                throw Failed(e);
            }
        }
        else
        {
            chunk.Records.Bytes(header);
            chunk.Records.Bytes(data);
        }

        if (chunk.Length >= _options.ChunkSize || _chunkAge.Elapsed >= _options.ChunkMaxAge)
        {
            CloseChunk(writeBehind: _options.WriteBehind);
        }
    }

    /// <summary>True when the open chunk has been open longer than <paramref name="age"/> (for a timer-driven flush).</summary>
    public bool OpenChunkOlderThan(TimeSpan age) => _chunk.Messages > 0 && _chunkAge.Elapsed >= age;

    public void WriteAttachment(string name, string mediaType, ulong logTime, ulong createTime, ReadOnlyMemory<byte> data)
    {
        BeforeRecordOutsideChunks();
        ThrowIfFaultedOrFinished();
        long offset = _position;
        int length = Guard(() => EmitRecord(new McapAttachment(logTime, createTime, name, mediaType, data, 0)));
        _attachmentIndexes.Add(new McapAttachmentIndex((ulong)offset, (ulong)length, logTime, createTime,
            (ulong)data.Length, name, mediaType));
        Guard(() => Commit(0, sync: false));
    }

    public void WriteMetadata(string name, IReadOnlyDictionary<string, string> metadata)
    {
        BeforeRecordOutsideChunks();
        ThrowIfFaultedOrFinished();
        long offset = _position;
        int length = Guard(() => EmitRecord(new McapMetadata(name, metadata)));
        _metadataIndexes.Add(new McapMetadataIndex((ulong)offset, (ulong)length, name));
        Guard(() => Commit(0, sync: false));
    }

    /// <summary>Closes the open chunk (if any) and returns once it and any chunk still in flight are written:
    /// compressed (or, streamed, given its real header), written with their message indexes, the stream flushed
    /// (and fsynced when <see cref="McapWriterOptions.SyncEachChunk"/>).</summary>
    public void FlushChunk()
    {
        ThrowIfFaultedOrFinished();
        CloseChunk(writeBehind: false);
    }

    private void CloseChunk(bool writeBehind)
    {
        WaitForChunkWrite(); // one chunk in flight at most: after this the spare buffer is free
        ThrowIfFaultedOrFinished();
        var closed = _chunk;
        if (closed.Messages > 0)
        {
            // Compression stays on the caller: compressing in the background too was erratic on 2 cores (bench bag,
            // zstd writes 0.65-1.01 of raw zstd over 5 runs, against 0.72-0.79 over 3 runs this way).
            if (_options.Compression != McapCompressionKind.None)
            {
                McapCompression.Compress(_options.Compression, closed.Records.WrittenSpan, closed.Compressed, _zstd);
            }

            // A streamed chunk is in the file already but for its header and indexes: written on the caller.
            writeBehind &= !_streamChunks;
            (_chunk, _spare) = (_spare, closed);
            _inFlight = writeBehind ? Task.Run(() => WriteChunk(closed)) : Task.CompletedTask;
            if (!writeBehind)
            {
                WriteChunk(closed);
                ThrowIfFaultedOrFinished();
            }
        }
    }

    /// <summary>Keeps the file in call order for a schema, channel, attachment or metadata record: waits for the chunk
    /// in flight, and closes a streamed chunk (the record must not land among its messages). A chunk built in
    /// memory stays open; it follows the record in the file.</summary>
    private void BeforeRecordOutsideChunks()
    {
        if (_streamChunks)
        {
            CloseChunk(writeBehind: false);
        }
        else
        {
            WaitForChunkWrite();
        }
    }

    /// <summary>Waits for the chunk in flight, if any. Its failure is not thrown here but kept as
    /// <see cref="Fault"/> for the next call to report.</summary>
    private void WaitForChunkWrite() => _inFlight.Wait();

    /// <summary>Writes a closed chunk and its message indexes; on the caller or in the background. Never throws:
    /// a failure becomes <see cref="Fault"/>.</summary>
    private void WriteChunk(OpenChunk chunk)
    {
        try
        {
            WriteChunkRecords(chunk);
            Commit(chunk.Messages, _options.SyncEachChunk);
        }
        catch (Exception e)
        {
            _fault = e;
        }
        finally
        {
            chunk.Reset();
        }
    }

    /// <summary>Writes the Chunk record's placeholder header for a streamed chunk; its records follow.</summary>
    private void StartStreamedChunk()
    {
        _streamedChunkStart = _position;
        _scratch.Clear();
        McapRecordEncoder.WriteChunkHeader(_scratch, 0, 0, McapChunk.UnfinishedLength, 0, "", McapChunk.UnfinishedLength);
        Write(_scratch.WrittenSpan);
    }

    private void WriteChunkRecords(OpenChunk chunk)
    {
        uint recordsCrc = chunk.Crc;
        // An uncompressed body is the records themselves (in memory, or streamed), whose CRC is already known.
        bool raw = _options.Compression == McapCompressionKind.None;
        string compression = McapCompression.Name(_options.Compression);
        long bodyLength = raw ? chunk.Length : chunk.Compressed.Length;
        _scratch.Clear();
        McapRecordEncoder.WriteChunkHeader(_scratch, chunk.Start, chunk.End, (ulong)chunk.Length,
            _options.ChunkCrc ? recordsCrc : 0, compression, (ulong)bodyLength);
        var header = _scratch.WrittenSpan;
        long chunkStart;
        if (_streamChunks)
        {
            chunkStart = _streamedChunkStart;
            OverwriteStreamedHeader(chunkStart, header);
            FoldIntoDataCrc(McapCrc32.Compute(header), header.Length);
            FoldIntoDataCrc(recordsCrc, chunk.Length);
        }
        else
        {
            chunkStart = _position;
            Emit(header);
            Emit(raw ? chunk.Records.WrittenSpan : chunk.Compressed.WrittenSpan, raw ? recordsCrc : null);
        }

        long chunkLength = _position - chunkStart;
        long indexStart = _position;
        var offsets = new List<KeyValuePair<ushort, ulong>>();
        _scratch.Clear();
        foreach (var (channel, entries) in chunk.Index)
        {
            if (entries.Count == 0)
            {
                continue;
            }

            offsets.Add(new(channel, (ulong)(_position + _scratch.Length)));
            McapRecordEncoder.Write(_scratch, new McapMessageIndex(channel, entries));
            entries.Clear();
        }

        Emit(_scratch.WrittenSpan);
        _chunkIndexes.Add(new McapChunkIndex(chunk.Start, chunk.End, (ulong)chunkStart, (ulong)chunkLength, offsets,
            (ulong)(_position - indexStart), compression, (ulong)bodyLength, (ulong)chunk.Length));
    }

    /// <summary>Replaces a streamed chunk's placeholder header at <paramref name="chunkStart"/> with
    /// <paramref name="header"/> (the same length). Everything gathered goes out first, the placeholder included,
    /// so nothing written later can land on the patch; seeking a buffered stream writes its buffer out too. With
    /// <see cref="McapWriterOptions.SyncEachChunk"/> the records reach the disk before the header that claims them:
    /// after a power loss the disk then never holds a whole chunk header over records it lost (a CRC error where a
    /// torn chunk, which recovery reads, was due).</summary>
    private void OverwriteStreamedHeader(long chunkStart, ReadOnlySpan<byte> header)
    {
        WriteStaged();
        Flush(_options.SyncEachChunk);
        long end = _out.Position;
        _out.Position = _origin + chunkStart;
        _out.Write(header);
        _out.Position = end;
    }

    /// <summary>Hands everything gathered to the stream and flushes it (fsync with <paramref name="sync"/>); the
    /// records so far, with <paramref name="messages"/> more messages, are then in the file.</summary>
    private void Commit(ulong messages, bool sync)
    {
        WriteStaged();
        Flush(sync);
        MarkDurable(messages);
    }

    private void Flush(bool sync)
    {
        _out.Flush();
        if (sync && _out is FileStream fs)
        {
            fs.Flush(flushToDisk: true);
        }
    }

    private void MarkDurable(ulong messages)
    {
        Volatile.Write(ref _durableMessages, _durableMessages + messages);
        Volatile.Write(ref _durablePosition, _position);
    }

    /// <summary>Writes the open chunk, DataEnd, the summary and the footer. Idempotent; after a fault it does
    /// nothing (the file then reads as truncated, losing nothing already durable).</summary>
    public void Finish()
    {
        WaitForChunkWrite();
        if (_finished || Fault is not null)
        {
            return;
        }

        FlushChunk();

        Guard(WriteSummary);
        _finished = true;
    }

    private int WriteSummary()
    {
        EmitRecord(new McapDataEnd(_dataCrc));
        long summaryStart = _position;
        var summaryCrc = new Crc32();
        _scratch.Clear();
        var offsets = new List<McapSummaryOffset>();
        void Group(McapOpcode opcode, IEnumerable<McapRecord> records)
        {
            int start = _scratch.Length;
            foreach (var r in records)
            {
                McapRecordEncoder.Write(_scratch, r);
            }

            if (_scratch.Length > start)
            {
                offsets.Add(new McapSummaryOffset(opcode, (ulong)(summaryStart + start), (ulong)(_scratch.Length - start)));
            }
        }

        Group(McapOpcode.Schema, _schemas);
        Group(McapOpcode.Channel, _channels);
        Group(McapOpcode.Statistics, [new McapStatistics(_messageCount, (ushort)_schemas.Count, (uint)_channels.Count,
            (uint)_attachmentIndexes.Count, (uint)_metadataIndexes.Count, (uint)_chunkIndexes.Count,
            _messageCount == 0 ? 0 : _startTime, _messageCount == 0 ? 0 : _endTime, _channelCounts.ToList())]);
        Group(McapOpcode.ChunkIndex, _chunkIndexes);
        Group(McapOpcode.AttachmentIndex, _attachmentIndexes);
        Group(McapOpcode.MetadataIndex, _metadataIndexes);
        long summaryOffsetStart = summaryStart + _scratch.Length;
        foreach (var o in offsets)
        {
            McapRecordEncoder.Write(_scratch, o);
        }

        int footerAt = _scratch.Length;
        McapRecordEncoder.Write(_scratch, new McapFooter((ulong)summaryStart, (ulong)summaryOffsetStart, 0));
        summaryCrc.Append(_scratch.WrittenSpan[..(footerAt + 25)]);
        _scratch.PatchU32(footerAt + 25, summaryCrc.GetCurrentHashAsUInt32());
        _scratch.Bytes(McapStreamReader.Magic);
        Emit(_scratch.WrittenSpan);
        Commit(0, _options.SyncEachChunk);
        return 0;
    }

    public void Dispose()
    {
        try
        {
            Finish();
        }
        finally
        {
            WaitForChunkWrite();
            _zstd?.Dispose();
            _chunk.Dispose();
            _spare.Dispose();
            _scratch.Dispose();
            _staged.Dispose();
            if (_ownsStream)
            {
                try
                {
                    _out.Dispose();
                }
                catch (IOException) when (Fault is not null)
                {
                    // Disposing flushes; after a disk-full fault that fails again and was already reported.
                }
            }
        }
    }

    private int EmitRecord(McapRecord record)
    {
        _scratch.Clear();
        int n = McapRecordEncoder.Write(_scratch, record);
        Emit(_scratch.WrittenSpan);
        return n;
    }

    /// <summary>Writes <paramref name="bytes"/>, folding them into the data-section CRC (from
    /// <paramref name="crc"/> when the caller already has their CRC).</summary>
    private void Emit(ReadOnlySpan<byte> bytes, uint? crc = null)
    {
        FoldIntoDataCrc(crc ?? McapCrc32.Compute(bytes), bytes.Length);
        Write(bytes);
    }

    private void FoldIntoDataCrc(uint crc, long length)
    {
        if (!_finished)
        {
            _dataCrc = McapCrc32.Combine(_dataCrc, crc, length);
        }
    }

    /// <summary>Appends <paramref name="bytes"/> to the file a <see cref="Block"/> at a time: gathered up to the next
    /// block boundary, whole blocks written from the span itself. <see cref="Commit"/> writes out the rest.</summary>
    private void Write(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            int toBoundary = Block - (int)((_origin + _position) % Block);
            int n;
            if (toBoundary == Block && bytes.Length >= Block)
            {
                n = bytes.Length - bytes.Length % Block; // nothing is gathered at a boundary
                _out.Write(bytes[..n]);
            }
            else
            {
                n = Math.Min(toBoundary, bytes.Length);
                _staged.Bytes(bytes[..n]);
                if (n == toBoundary)
                {
                    WriteStaged();
                }
            }

            bytes = bytes[n..];
            Volatile.Write(ref _position, _position + n);
        }
    }

    private void WriteStaged()
    {
        if (_staged.Length > 0)
        {
            _out.Write(_staged.WrittenSpan);
            _staged.Clear();
        }
    }

    private int Guard(Func<int> write)
    {
        ThrowIfFaultedOrFinished();
        try
        {
            return write();
        }
        catch (IOException e)
        {
            throw Failed(e);
        }
    }

    /// <summary>Records a failed write as <see cref="Fault"/>; the exception to throw.</summary>
    private BagWriteException Failed(IOException e)
    {
        _fault = e;
        return new BagWriteException(_name, DurablePosition, e);
    }

    private void Guard(Action write) => Guard(() =>
    {
        write();
        return 0;
    });

    private void ThrowIfFaultedOrFinished()
    {
        if (Fault is not null)
        {
            throw new BagWriteException(_name, DurablePosition, Fault);
        }

        ObjectDisposedException.ThrowIf(_finished, this);
    }
}

/// <summary>A chunk being filled: its records (unless streamed to the file), their running CRC (appended message by
/// message while the bytes are still in cache, so closing the chunk needs no pass over it), message index entries
/// per channel and time range.</summary>
internal sealed class OpenChunk(int capacity, int compressedCapacity) : IDisposable
{
    /// <summary>The records of a chunk built in memory (unused when streamed).</summary>
    public McapBuffer Records { get; } = new(capacity);

    /// <summary>The records compressed, once the chunk is closed (unused without compression).</summary>
    public McapBuffer Compressed { get; } = new(compressedCapacity);

    public uint Crc { get; private set; }

    /// <summary>(log time, offset in <see cref="Records"/>) per channel, channels in id order.</summary>
    public SortedDictionary<ushort, List<(ulong, ulong)>> Index { get; } = [];

    public ulong Start { get; private set; } = ulong.MaxValue;

    public ulong End { get; private set; }

    public ulong Messages { get; private set; }

    /// <summary>Bytes of records so far.</summary>
    public long Length { get; private set; }

    /// <summary>Counts in the next message record (<paramref name="header"/> then <paramref name="data"/>): its index
    /// entry, CRC, time.</summary>
    public void Add(ushort channelId, ulong logTime, ReadOnlySpan<byte> header, ReadOnlySpan<byte> data)
    {
        if (!Index.TryGetValue(channelId, out var entries))
        {
            Index[channelId] = entries = [];
        }

        entries.Add((logTime, (ulong)Length));
        Crc = McapCrc32.Append(McapCrc32.Append(Crc, header), data);
        Length += header.Length + data.Length;
        Start = Math.Min(Start, logTime);
        End = Math.Max(End, logTime);
        Messages++;
    }

    /// <summary>Empties the chunk for reuse, keeping its buffers.</summary>
    public void Reset()
    {
        Records.Clear();
        Compressed.Clear();
        Crc = 0;
        foreach (var entries in Index.Values)
        {
            entries.Clear();
        }

        Start = ulong.MaxValue;
        End = 0;
        Messages = 0;
        Length = 0;
    }

    public void Dispose()
    {
        Records.Dispose();
        Compressed.Dispose();
    }
}

/// <summary>Writing a bag failed (disk full, I/O error). Everything before <see cref="DurableBytes"/> is in the
/// file and readable; the writer accepts nothing more.</summary>
public sealed class BagWriteException(string file, long durableBytes, Exception inner)
    : IOException(Describe(file, durableBytes, inner), inner)
{
    public string File { get; } = file;

    public long DurableBytes { get; } = durableBytes;

    public bool DiskFull { get; } = IsDiskFull(inner);

    // ENOSPC (28) / EDQUOT (122) surface on Linux as IOException.HResult; Windows uses 0x70 / 0x27.
    public static bool IsDiskFull(Exception e) =>
        e is IOException && (e.HResult & 0xFFFF) is 28 or 122 or 0x70 or 0x27;

    private static string Describe(string file, long durable, Exception inner) =>
        $"{file}: {(IsDiskFull(inner) ? "disk full" : "write failed")} ({inner.Message}); the first {durable} bytes " +
        "(every chunk closed before the failure) stay readable; `sparsh-robot bag recover` adds the missing summary";
}
