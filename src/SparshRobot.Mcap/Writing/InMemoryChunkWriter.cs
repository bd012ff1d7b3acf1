using ZstdSharp;

namespace SparshRobot.Mcap.Writing;

/// <summary>Chunks built in memory and written whole when closed: compressed ones, and uncompressed ones to a stream
/// that cannot seek. A chunk closed by a message with <see cref="McapWriterOptions.WriteBehind"/> is compressed on
/// the caller, then written (and fsynced) by a background task while the caller fills the next one: one chunk in
/// flight, two buffers, as rosbag2's double-buffered cache does.</summary>
internal sealed class InMemoryChunkWriter : ChunkedWriter
{
    private readonly Compressor? _zstd;
    private OpenChunk _chunk, _spare; // the one being filled; the other is in flight or idle
    private Task _inFlight = Task.CompletedTask;

    public InMemoryChunkWriter(McapOutput output, McapWriterOptions options) : base(output, options)
    {
        int compressed = options.Compression == McapCompressionKind.None ? 64 : options.ChunkSize;
        int records = options.ChunkSize + (1 << 16);
        _chunk = new OpenChunk(records, compressed);
        _spare = new OpenChunk(records, compressed);
        if (options.Compression == McapCompressionKind.Zstd)
        {
            _zstd = new Compressor(options.ZstdLevel);
        }
    }

    protected override OpenChunk Open => _chunk;

    protected override void Append(OpenChunk chunk, bool opens, ReadOnlySpan<byte> header, ReadOnlySpan<byte> data)
    {
        chunk.Records.Bytes(header);
        chunk.Records.Bytes(data);
    }

    public override void Close(bool writeBehind)
    {
        WaitForWrite(); // one chunk in flight at most: after this the spare buffer is free
        Output.ThrowIfFaulted();
        var closed = _chunk;
        if (closed.Messages == 0)
        {
            return;
        }

        // Compression stays on the caller: compressing in the background too was erratic on 2 cores (bench bag,
        // zstd writes 0.65-1.01 of raw zstd over 5 runs, against 0.72-0.79 over 3 runs this way).
        if (Options.Compression != McapCompressionKind.None)
        {
            McapCompression.Compress(Options.Compression, closed.Records.WrittenSpan, closed.Compressed, _zstd);
        }

        (_chunk, _spare) = (_spare, closed);
        if (writeBehind)
        {
            _inFlight = Task.Run(() => Write(closed));
        }
        else
        {
            Write(closed);
            Output.ThrowIfFaulted();
        }
    }

    /// <summary>The chunk in flight must be in the file before anything else is; the open one stays open (it
    /// follows the record in the file).</summary>
    public override void BeforeRecordOutsideChunks() => WaitForWrite();

    /// <summary>Its failure is not thrown here but kept as the output's fault for the next call to report.</summary>
    public override void WaitForWrite() => _inFlight.Wait();

    /// <summary>Writes a closed chunk and its message indexes; on the caller or in the background. Never throws:
    /// a failure becomes the output's fault.</summary>
    private void Write(OpenChunk chunk)
    {
        try
        {
            // An uncompressed body is the records themselves, whose CRC is already known.
            bool raw = Options.Compression == McapCompressionKind.None;
            long bodyLength = raw ? chunk.Length : chunk.Compressed.Length;
            long chunkStart = Output.Position;
            Output.Emit(ChunkHeader(chunk, bodyLength));
            Output.Emit(raw ? chunk.Records.WrittenSpan : chunk.Compressed.WrittenSpan, raw ? chunk.Crc : null);
            WriteMessageIndexes(chunk, chunkStart, bodyLength);
            Output.Commit(chunk.Messages, Options.SyncEachChunk);
        }
        catch (Exception e)
        {
            Output.SetFault(e);
        }
        finally
        {
            chunk.Reset();
        }
    }

    public override void Dispose()
    {
        WaitForWrite();
        _zstd?.Dispose();
        _chunk.Dispose();
        _spare.Dispose();
        base.Dispose();
    }
}
