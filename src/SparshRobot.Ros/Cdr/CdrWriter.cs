using System.Buffers.Binary;
using System.Text;

namespace SparshRobot.Ros.Cdr;

/// <summary>
/// Writes classic CDR (XCDR1, little-endian) exactly as rmw_cyclonedds_cpp does: the 4-byte encapsulation header
/// <c>00 01 00 00</c>, then the payload with each primitive aligned to its size (capped at 8), counted from the
/// first payload byte.
/// </summary>
public sealed class CdrWriter
{
    public const int HeaderSize = 4;

    private byte[] _buffer;
    private int _length;

    public CdrWriter(int capacity = 256)
    {
        _buffer = new byte[Math.Max(capacity, HeaderSize)];
        _buffer[1] = 0x01; // CDR_LE, options 0
        _length = HeaderSize;
    }

    /// <summary>Bytes written so far, header included.</summary>
    public int Length => _length;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public byte[] ToArray()
    {
        // Every byte is overwritten at once, so skip the zeroing a plain new byte[] would do.
        var copy = GC.AllocateUninitializedArray<byte>(_length);
        WrittenSpan.CopyTo(copy);
        return copy;
    }

    /// <summary>Starts over for another message, keeping the buffer.</summary>
    public void Reset()
    {
        _length = HeaderSize;
    }

    public void Align(int size)
    {
        var payload = _length - HeaderSize;
        var pad = (size - payload % size) % size;
        Grow(pad);
        _buffer.AsSpan(_length, pad).Clear();
        _length += pad;
    }

    public void WriteBool(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    public void WriteByte(byte value)
    {
        Grow(1);
        _buffer[_length++] = value;
    }

    public void WriteSByte(sbyte value) => WriteByte((byte)value);

    public void WriteInt16(short value) => BinaryPrimitives.WriteInt16LittleEndian(Reserve(2), value);

    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Reserve(2), value);

    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32LittleEndian(Reserve(4), value);

    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Reserve(4), value);

    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64LittleEndian(Reserve(8), value);

    public void WriteUInt64(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Reserve(8), value);

    public void WriteFloat32(float value) => BinaryPrimitives.WriteSingleLittleEndian(Reserve(4), value);

    public void WriteFloat64(double value) => BinaryPrimitives.WriteDoubleLittleEndian(Reserve(8), value);

    /// <summary>A string: uint32 length including the NUL, the UTF-8 bytes, the NUL.</summary>
    public void WriteString(string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        WriteUInt32((uint)(count + 1));
        Grow(count + 1);
        Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length, count));
        _buffer[_length + count] = 0;
        _length += count + 1;
    }

    /// <summary>A sequence count (uint32) for an unbounded or bounded sequence.</summary>
    public void WriteSequenceLength(int count) => WriteUInt32((uint)count);

    /// <summary>Raw bytes, for <c>uint8[]</c>/<c>byte[]</c> payloads (no alignment beyond 1).</summary>
    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        Grow(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    /// <summary>An array of a primitive type laid out contiguously after aligning to the element size.</summary>
    public void WritePrimitiveArray<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        var size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        if (values.IsEmpty)
        {
            return;
        }
        Align(Math.Min(size, 8));
        WriteBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));
    }

    /// <summary>Makes room for <paramref name="extra"/> more bytes at once, so a large body (an image) is not grown by doubling.</summary>
    public void EnsureCapacity(int extra) => Grow(extra);

    private Span<byte> Reserve(int size)
    {
        Align(size);
        Grow(size);
        var span = _buffer.AsSpan(_length, size);
        _length += size;
        return span;
    }

    private void Grow(int extra)
    {
        if (_length + extra <= _buffer.Length)
        {
            return;
        }
        Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + extra));
    }
}
