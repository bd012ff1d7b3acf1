using System.IO.Hashing;
using SparshRobot.Mcap.Writing;

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
/// <remarks>Messages go through one chunk writer picked by the options: none without chunks, uncompressed chunks
/// streamed into a seekable file, else chunks built in memory (see <see cref="IChunkWriter"/>).</remarks>
public sealed class McapWriter : IDisposable
{
    private readonly McapOutput _output;
    private readonly McapWriterOptions _options;
    private readonly IChunkWriter _chunks;
    private readonly McapBuffer _scratch = new(1024);
    private readonly List<McapSchema> _schemas = [];
    private readonly List<McapChannel> _channels = [];
    private readonly List<McapAttachmentIndex> _attachmentIndexes = [];
    private readonly List<McapMetadataIndex> _metadataIndexes = [];
    private readonly SortedDictionary<ushort, ulong> _channelCounts = [];
    private ulong _messageCount, _startTime = ulong.MaxValue, _endTime;
    private bool _finished;

    public McapWriter(Stream output, string name, McapWriterOptions? options = null, bool ownsStream = true)
    {
        _output = new McapOutput(output, name, ownsStream);
        _options = options ?? McapWriterOptions.Default;
        _chunks = !_options.UseChunks ? new UnchunkedWriter(_output)
            : _options.Compression == McapCompressionKind.None && output.CanSeek ? new StreamedChunkWriter(_output, _options)
            : new InMemoryChunkWriter(_output, _options);
        _output.Emit(McapStreamReader.Magic);
        EmitRecord(new McapHeader(_options.Profile, _options.Library));
    }

    /// <summary>Creates <paramref name="path"/> (which must not exist) unbuffered: the writer gathers its writes into
    /// blocks itself, and a FileStream buffer would copy them once more.</summary>
    public static McapWriter Create(string path, McapWriterOptions? options = null) =>
        new(new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0), path, options);

    /// <summary>Bytes written so far, including up to a block still gathered for one write and a streamed chunk's
    /// messages (a chunk built in memory counts once it is written).</summary>
    public long Position => _output.Position;

    /// <summary>End of the last record known to be in the file (open and in-flight chunks excluded): what a crash
    /// keeps at least (recovery also salvages the complete messages of a torn streamed chunk).</summary>
    public long DurablePosition => _output.DurablePosition;

    /// <summary>Messages accepted so far.</summary>
    public ulong MessageCount => _messageCount;

    /// <summary>Messages before <see cref="DurablePosition"/>.</summary>
    public ulong DurableMessageCount => _output.DurableMessages;

    public IReadOnlyList<McapChannel> Channels => _channels;

    /// <summary>Set once a write failed; the file then holds every record before <see cref="DurablePosition"/>.</summary>
    public Exception? Fault => _output.Fault;

    /// <summary>Adds a schema; <paramref name="id"/> keeps a given id (when copying a file), else the next free one.</summary>
    public ushort AddSchema(string name, string encoding, ReadOnlyMemory<byte> data, ushort? id = null)
    {
        ushort newId = id ?? (ushort)(_schemas.Select(s => (int)s.Id).DefaultIfEmpty(0).Max() + 1);
        if (newId == 0 || _schemas.Any(s => s.Id == newId))
        {
            throw new ArgumentException($"schema id {newId} is 0 or already used", nameof(id));
        }

        var schema = new McapSchema(newId, name, encoding, data.ToArray());
        _chunks.BeforeRecordOutsideChunks();
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
        _chunks.BeforeRecordOutsideChunks();
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
        _chunks.Add(channelId, logTime, header, data);
    }

    /// <summary>True when the open chunk has been open longer than <paramref name="age"/> (for a timer-driven flush).</summary>
    public bool OpenChunkOlderThan(TimeSpan age) => _chunks.OpenChunkOlderThan(age);

    public void WriteAttachment(string name, string mediaType, ulong logTime, ulong createTime, ReadOnlyMemory<byte> data)
    {
        _chunks.BeforeRecordOutsideChunks();
        ThrowIfFaultedOrFinished();
        long offset = _output.Position;
        int length = Guard(() => EmitRecord(new McapAttachment(logTime, createTime, name, mediaType, data, 0)));
        _attachmentIndexes.Add(new McapAttachmentIndex((ulong)offset, (ulong)length, logTime, createTime,
            (ulong)data.Length, name, mediaType));
        Guard(() => _output.Commit(0, sync: false));
    }

    public void WriteMetadata(string name, IReadOnlyDictionary<string, string> metadata)
    {
        _chunks.BeforeRecordOutsideChunks();
        ThrowIfFaultedOrFinished();
        long offset = _output.Position;
        int length = Guard(() => EmitRecord(new McapMetadata(name, metadata)));
        _metadataIndexes.Add(new McapMetadataIndex((ulong)offset, (ulong)length, name));
        Guard(() => _output.Commit(0, sync: false));
    }

    /// <summary>Closes the open chunk (if any) and returns once it and any chunk still in flight are written:
    /// compressed (or, streamed, given its real header), written with their message indexes, the stream flushed
    /// (and fsynced when <see cref="McapWriterOptions.SyncEachChunk"/>).</summary>
    public void FlushChunk()
    {
        ThrowIfFaultedOrFinished();
        _chunks.Close(writeBehind: false);
    }

    /// <summary>Writes the open chunk, DataEnd, the summary and the footer. Idempotent; after a fault it does
    /// nothing (the file then reads as truncated, losing nothing already durable).</summary>
    public void Finish()
    {
        _chunks.WaitForWrite();
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
        EmitRecord(new McapDataEnd(_output.DataCrc));
        long summaryStart = _output.Position;
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

        var chunkIndexes = _chunks.ChunkIndexes;
        Group(McapOpcode.Schema, _schemas);
        Group(McapOpcode.Channel, _channels);
        Group(McapOpcode.Statistics, [new McapStatistics(_messageCount, (ushort)_schemas.Count, (uint)_channels.Count,
            (uint)_attachmentIndexes.Count, (uint)_metadataIndexes.Count, (uint)chunkIndexes.Count,
            _messageCount == 0 ? 0 : _startTime, _messageCount == 0 ? 0 : _endTime, _channelCounts.ToList())]);
        Group(McapOpcode.ChunkIndex, chunkIndexes);
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
        _output.Emit(_scratch.WrittenSpan);
        _output.Commit(0, _options.SyncEachChunk);
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
            _chunks.Dispose();
            _scratch.Dispose();
            _output.Dispose();
        }
    }

    private int EmitRecord(McapRecord record)
    {
        _scratch.Clear();
        int n = McapRecordEncoder.Write(_scratch, record);
        _output.Emit(_scratch.WrittenSpan);
        return n;
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
            throw _output.Fail(e);
        }
    }

    private void Guard(Action write) => Guard(() =>
    {
        write();
        return 0;
    });

    private void ThrowIfFaultedOrFinished()
    {
        _output.ThrowIfFaulted();
        ObjectDisposedException.ThrowIf(_finished, this);
    }
}
