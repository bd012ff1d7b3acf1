using System.Diagnostics;

namespace SparshRobot.Mcap.Writing;

/// <summary>What both chunked modes share: the open chunk's bookkeeping, closing it by size or age, and the message
/// indexes and chunk index that follow a written chunk.</summary>
internal abstract class ChunkedWriter(McapOutput output, McapWriterOptions options) : IChunkWriter
{
    private readonly Stopwatch _chunkAge = new();
    private readonly List<McapChunkIndex> _chunkIndexes = [];

    protected McapOutput Output { get; } = output;

    protected McapWriterOptions Options { get; } = options;

    /// <summary>Chunk headers and message indexes are encoded here (on whichever thread writes the chunk).</summary>
    protected McapBuffer Scratch { get; } = new(1024);

    /// <summary>The chunk being filled.</summary>
    protected abstract OpenChunk Open { get; }

    public IReadOnlyList<McapChunkIndex> ChunkIndexes => _chunkIndexes;

    public void Add(ushort channelId, ulong logTime, ReadOnlySpan<byte> header, ReadOnlySpan<byte> data)
    {
        var chunk = Open;
        bool opens = chunk.Messages == 0;
        if (opens)
        {
            _chunkAge.Restart();
        }

        // First, so the data is in cache for the copy that follows.
        chunk.Add(channelId, logTime, header, data);
        Append(chunk, opens, header, data);
        if (chunk.Length >= Options.ChunkSize || _chunkAge.Elapsed >= Options.ChunkMaxAge)
        {
            Close(writeBehind: Options.WriteBehind);
        }
    }

    public bool OpenChunkOlderThan(TimeSpan age) => Open.Messages > 0 && _chunkAge.Elapsed >= age;

    public abstract void Close(bool writeBehind);

    public abstract void BeforeRecordOutsideChunks();

    public abstract void WaitForWrite();

    /// <summary>Puts the message record just counted into <paramref name="chunk"/> (<paramref name="opens"/>: it is
    /// the chunk's first).</summary>
    protected abstract void Append(OpenChunk chunk, bool opens, ReadOnlySpan<byte> header, ReadOnlySpan<byte> data);

    /// <summary>Encodes <paramref name="chunk"/>'s Chunk record header into <see cref="Scratch"/> for a body of
    /// <paramref name="bodyLength"/> bytes.</summary>
    protected ReadOnlySpan<byte> ChunkHeader(OpenChunk chunk, long bodyLength)
    {
        Scratch.Clear();
        McapRecordEncoder.WriteChunkHeader(Scratch, chunk.Start, chunk.End, (ulong)chunk.Length,
            Options.ChunkCrc ? chunk.Crc : 0, McapCompression.Name(Options.Compression), (ulong)bodyLength);
        return Scratch.WrittenSpan;
    }

    /// <summary>Emits the message indexes of <paramref name="chunk"/>, whose Chunk record (body
    /// <paramref name="bodyLength"/> bytes) starts at <paramref name="chunkStart"/> and ends here, and keeps its
    /// chunk index for the summary.</summary>
    protected void WriteMessageIndexes(OpenChunk chunk, long chunkStart, long bodyLength)
    {
        long chunkLength = Output.Position - chunkStart;
        long indexStart = Output.Position;
        var offsets = new List<KeyValuePair<ushort, ulong>>();
        Scratch.Clear();
        foreach (var (channel, entries) in chunk.Index)
        {
            if (entries.Count == 0)
            {
                continue;
            }

            offsets.Add(new(channel, (ulong)(Output.Position + Scratch.Length)));
            McapRecordEncoder.Write(Scratch, new McapMessageIndex(channel, entries));
            entries.Clear();
        }

        Output.Emit(Scratch.WrittenSpan);
        _chunkIndexes.Add(new McapChunkIndex(chunk.Start, chunk.End, (ulong)chunkStart, (ulong)chunkLength, offsets,
            (ulong)(Output.Position - indexStart), McapCompression.Name(Options.Compression), (ulong)bodyLength,
            (ulong)chunk.Length));
    }

    public virtual void Dispose() => Scratch.Dispose();
}
