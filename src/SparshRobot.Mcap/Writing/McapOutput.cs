namespace SparshRobot.Mcap.Writing;

/// <summary>The file an <see cref="McapWriter"/> writes, shared with its chunk writer: appends in whole blocks,
/// keeps the position, the data-section CRC, what is known to be in the file (durable) and the first write failure.
/// </summary>
internal sealed class McapOutput : IDisposable
{
    // Bytes reach the stream in whole blocks at block-aligned offsets (gathered in _staged, or whole blocks straight
    // from the caller's span), except what Commit writes out: Linux 6.x ext4 then caches the file in large folios,
    // which made whole aligned 2 MiB blocks the fastest in bench bag (docs/ros2.md, "Bag writing performance").
    private const int Block = 2 << 20;

    private readonly Stream _out;
    private readonly bool _ownsStream;
    private readonly long _origin; // stream position of the magic: where file offsets count from when patching
    private readonly McapBuffer _staged = new(Block);
    private long _position, _durablePosition;
    private ulong _durableMessages;
    private uint _dataCrc; // CRC of everything emitted so far (the CRC of nothing is 0)
    private volatile Exception? _fault;

    public McapOutput(Stream output, string name, bool ownsStream)
    {
        _out = output;
        Name = name;
        _ownsStream = ownsStream;
        _origin = output.CanSeek ? output.Position : 0;
    }

    /// <summary>The file's name in error messages.</summary>
    public string Name { get; }

    public bool CanSeek => _out.CanSeek;

    /// <summary>Bytes appended so far, including up to a block still gathered for one write.</summary>
    public long Position => Volatile.Read(ref _position);

    /// <summary>End of the last record known to be in the file.</summary>
    public long DurablePosition => Volatile.Read(ref _durablePosition);

    /// <summary>Messages before <see cref="DurablePosition"/>.</summary>
    public ulong DurableMessages => Volatile.Read(ref _durableMessages);

    /// <summary>The CRC of every byte emitted so far, in file order.</summary>
    public uint DataCrc => _dataCrc;

    /// <summary>Set once a write failed; nothing more is written.</summary>
    public Exception? Fault => _fault;

    /// <summary>Records a write failure that happened off the caller (a chunk written behind), for the next call to
    /// report.</summary>
    public void SetFault(Exception e) => _fault = e;

    /// <summary>Records a failed write as <see cref="Fault"/>; the exception to throw.</summary>
    public BagWriteException Fail(IOException e)
    {
        _fault = e;
        return new BagWriteException(Name, DurablePosition, e);
    }

    public void ThrowIfFaulted()
    {
        if (Fault is not null)
        {
            throw new BagWriteException(Name, DurablePosition, Fault);
        }
    }

    /// <summary>Appends <paramref name="bytes"/>, folding them into the data-section CRC (from <paramref name="crc"/>
    /// when the caller already has their CRC).</summary>
    public void Emit(ReadOnlySpan<byte> bytes, uint? crc = null)
    {
        FoldIntoDataCrc(crc ?? McapCrc32.Compute(bytes), bytes.Length);
        Write(bytes);
    }

    /// <summary>Folds <paramref name="length"/> bytes with CRC <paramref name="crc"/> into the data-section CRC: for
    /// bytes written with <see cref="Write"/> whose place in file order is only settled later.</summary>
    public void FoldIntoDataCrc(uint crc, long length) => _dataCrc = McapCrc32.Combine(_dataCrc, crc, length);

    /// <summary>Appends <paramref name="bytes"/> a <see cref="Block"/> at a time, leaving the data-section CRC alone:
    /// gathered up to the next block boundary, whole blocks written from the span itself. <see cref="Commit"/>
    /// writes out the rest.</summary>
    public void Write(ReadOnlySpan<byte> bytes)
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

    /// <summary>Hands everything gathered to the stream and flushes it (fsync with <paramref name="sync"/>); the
    /// records so far, with <paramref name="messages"/> more messages, are then in the file.</summary>
    public void Commit(ulong messages, bool sync)
    {
        WriteStaged();
        Flush(sync);
        Volatile.Write(ref _durableMessages, _durableMessages + messages);
        Volatile.Write(ref _durablePosition, _position);
    }

    /// <summary>Replaces the bytes at file offset <paramref name="at"/> with <paramref name="bytes"/>. Everything
    /// gathered goes out first, so nothing written later can land on the patch; seeking a buffered stream writes
    /// its buffer out too. With <paramref name="sync"/> what is already appended reaches the disk before the patch.
    /// </summary>
    public void Overwrite(long at, ReadOnlySpan<byte> bytes, bool sync)
    {
        WriteStaged();
        Flush(sync);
        long end = _out.Position;
        _out.Position = _origin + at;
        _out.Write(bytes);
        _out.Position = end;
    }

    private void Flush(bool sync)
    {
        _out.Flush();
        if (sync && _out is FileStream fs)
        {
            fs.Flush(flushToDisk: true);
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

    public void Dispose()
    {
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
