namespace SparshRobot.Mcap.Tests;

/// <summary>A write-only file stream that fails like a full disk (ENOSPC) once a byte budget is spent. Seekable or
/// not as asked, which picks the MCAP writer's path: uncompressed chunks are streamed only to a seekable stream.</summary>
internal sealed class DiskFullAfter(FileStream inner, long budget, bool seekable = false) : Stream
{
    /// <summary>No budget, no seeking: the file as a pipe would take it.</summary>
    public static DiskFullAfter NotSeekable(FileStream inner) => new(inner, long.MaxValue);

    public override bool CanRead => false;

    public override bool CanSeek => seekable;

    public override bool CanWrite => true;

    public override long Length => inner.Length;

    public override long Position { get => inner.Position; set => Seek(value, SeekOrigin.Begin); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        long room = budget - inner.Position;
        if (buffer.Length > room)
        {
            inner.Write(buffer[..(int)Math.Max(room, 0)]);
            inner.Flush();
            throw new IOException("No space left on device", 28);
        }

        inner.Write(buffer);
    }

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) =>
        seekable ? inner.Seek(offset, origin) : throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        inner.Dispose();
        base.Dispose(disposing);
    }
}
