namespace SparshRobot.Mcap.Writing;

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
