namespace SparshRobot.Mcap.Writing;

/// <summary>How an <see cref="McapWriter"/> puts message records into the data section, one implementation per mode
/// (as mcap's C++ writer keeps one chunk writer per kind of chunk): <see cref="UnchunkedWriter"/> straight into the
/// data section, <see cref="InMemoryChunkWriter"/> chunks built (and compressed) in memory, possibly written
/// behind, <see cref="StreamedChunkWriter"/> uncompressed chunks streamed into a seekable file.</summary>
internal interface IChunkWriter : IDisposable
{
    /// <summary>The chunks written so far, for the summary.</summary>
    IReadOnlyList<McapChunkIndex> ChunkIndexes { get; }

    /// <summary>Takes one message record: <paramref name="header"/> (from
    /// <see cref="McapRecordEncoder.WriteMessageHeader"/>) then <paramref name="data"/>.</summary>
    void Add(ushort channelId, ulong logTime, ReadOnlySpan<byte> header, ReadOnlySpan<byte> data);

    /// <summary>Closes the open chunk, if any: written on the caller, or behind it with
    /// <paramref name="writeBehind"/> where the mode can.</summary>
    void Close(bool writeBehind);

    /// <summary>Keeps the file in call order before a schema, channel, attachment or metadata record is emitted.</summary>
    void BeforeRecordOutsideChunks();

    /// <summary>True when a chunk is open and has been for longer than <paramref name="age"/>.</summary>
    bool OpenChunkOlderThan(TimeSpan age);

    /// <summary>Waits for a chunk being written behind, if any; its failure becomes the output's fault.</summary>
    void WaitForWrite();
}
