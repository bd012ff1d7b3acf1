namespace SparshRobot.Mcap.Writing;

/// <summary>Uncompressed chunks on a seekable stream, streamed: the Chunk record goes out first with
/// <see cref="McapChunk.UnfinishedLength"/> placeholders, each message record follows as it arrives, and closing the
/// chunk seeks back to write the real header. Messages thus reach the file a block at a time as they come, with one
/// copy (into the block) where a chunk buffer would take another, and no background writer competing for the core;
/// a crash leaves a torn chunk whose complete records recovery still reads.</summary>
internal sealed class StreamedChunkWriter(McapOutput output, McapWriterOptions options)
    : ChunkedWriter(output, options)
{
    private readonly OpenChunk _chunk = new(64, 64); // bookkeeping only: the records are in the file
    private long _chunkStart;

    protected override OpenChunk Open => _chunk;

    protected override void Append(OpenChunk chunk, bool opens, ReadOnlySpan<byte> header, ReadOnlySpan<byte> data)
    {
        try
        {
            if (opens)
            {
                _chunkStart = Output.Position;
                Scratch.Clear();
                McapRecordEncoder.WriteChunkHeader(Scratch, 0, 0, McapChunk.UnfinishedLength, 0, "",
                    McapChunk.UnfinishedLength);
                Output.Write(Scratch.WrittenSpan);
            }

            // Not folded into the data-section CRC yet: that follows file order, and the chunk header before these
            // bytes gets its real values only when the chunk closes.
            Output.Write(header);
            Output.Write(data);
        }
        catch (IOException e)
        {
            throw Output.Fail(e);
        }
    }

    /// <summary>Gives the chunk its real header and writes its message indexes, always on the caller: the records
    /// are in the file already, there is nothing left to write behind.</summary>
    public override void Close(bool writeBehind)
    {
        Output.ThrowIfFaulted();
        if (_chunk.Messages == 0)
        {
            return;
        }

        try
        {
            // With SyncEachChunk the records reach the disk before the header that claims them: after a power loss
            // the disk then never holds a whole chunk header over records it lost (a CRC error where a torn chunk,
            // which recovery reads, was due).
            var header = ChunkHeader(_chunk, _chunk.Length);
            Output.Overwrite(_chunkStart, header, Options.SyncEachChunk);
            Output.FoldIntoDataCrc(McapCrc32.Compute(header), header.Length);
            Output.FoldIntoDataCrc(_chunk.Crc, _chunk.Length);
            WriteMessageIndexes(_chunk, _chunkStart, _chunk.Length);
            Output.Commit(_chunk.Messages, Options.SyncEachChunk);
        }
        catch (Exception e)
        {
            Output.SetFault(e);
        }
        finally
        {
            _chunk.Reset();
        }

        Output.ThrowIfFaulted();
    }

    /// <summary>A record must not land among the open chunk's messages: the chunk closes first.</summary>
    public override void BeforeRecordOutsideChunks() => Close(writeBehind: false);

    public override void WaitForWrite()
    {
    }

    public override void Dispose()
    {
        _chunk.Dispose();
        base.Dispose();
    }
}
