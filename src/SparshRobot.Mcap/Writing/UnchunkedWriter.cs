namespace SparshRobot.Mcap.Writing;

/// <summary>No chunks: each message record goes straight into the data section and is committed at once.</summary>
internal sealed class UnchunkedWriter(McapOutput output) : IChunkWriter
{
    public IReadOnlyList<McapChunkIndex> ChunkIndexes => [];

    public void Add(ushort channelId, ulong logTime, ReadOnlySpan<byte> header, ReadOnlySpan<byte> data)
    {
        try
        {
            output.Emit(header);
            output.Emit(data);
            output.Commit(1, sync: false);
        }
        catch (IOException e)
        {
            throw output.Fail(e);
        }
    }

    public void Close(bool writeBehind)
    {
    }

    public void BeforeRecordOutsideChunks()
    {
    }

    public bool OpenChunkOlderThan(TimeSpan age) => false;

    public void WaitForWrite()
    {
    }

    public void Dispose()
    {
    }
}
