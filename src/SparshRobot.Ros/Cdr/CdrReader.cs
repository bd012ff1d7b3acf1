using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace SparshRobot.Ros.Cdr;

/// <summary>
/// Reads classic CDR produced by ROS 2. Every read is bounds-checked; a violation throws
/// <see cref="CdrFormatException"/> naming the field and the payload offset, never reads past the buffer.
/// </summary>
public ref struct CdrReader
{
    private readonly ReadOnlySpan<byte> _payload;

    // Set only by the ReadOnlyMemory constructor: lets byte sequences be handed out as slices of the caller's
    // buffer instead of copies.
    private readonly ReadOnlyMemory<byte> _payloadMemory;
    private readonly bool _hasMemory;
    private int _position;

    /// <summary>Wraps a serialized message (header included). Only the byte order byte of the header is honoured, as rmw does.</summary>
    public CdrReader(ReadOnlySpan<byte> message)
    {
        if (message.Length < CdrWriter.HeaderSize)
        {
            throw new CdrFormatException($"CDR message of {message.Length} bytes is shorter than the 4-byte encapsulation header");
        }
        if (message[1] != 0x01)
        {
            throw new CdrFormatException(
                $"CDR encapsulation {message[0]:x2} {message[1]:x2} is not little-endian classic CDR (expected 00 01)");
        }
        _payload = message[CdrWriter.HeaderSize..];
        _position = 0;
    }

    /// <summary>
    /// Wraps a serialized message whose buffer the caller owns and will not reuse while decoded messages live:
    /// <see cref="ReadByteSequence"/> then returns slices of it (zero copy) instead of fresh arrays.
    /// </summary>
    public CdrReader(ReadOnlyMemory<byte> message)
        : this(message.Span)
    {
        _payloadMemory = message[CdrWriter.HeaderSize..];
        _hasMemory = true;
    }

    /// <summary>Payload offset of the next read.</summary>
    public readonly int Position => _position;

    public readonly int Remaining => _payload.Length - _position;

    /// <summary>True when byte sequences are returned as slices of the caller's buffer.</summary>
    public readonly bool IsZeroCopy => _hasMemory;

    public void Align(int size)
    {
        var pad = (size - _position % size) % size;
        // rmw pads a message to a multiple of 4, so alignment may run into the end: allow it.
        _position = Math.Min(_position + pad, _payload.Length);
    }

    public bool ReadBool(string field = "bool")
    {
        var b = ReadByte(field);
        return b switch
        {
            0 => false,
            1 => true,
            _ => throw new CdrFormatException(field, _position - 1, $"bool byte {b} is neither 0 nor 1"),
        };
    }

    public byte ReadByte(string field = "uint8") => Take(1, 1, field)[0];

    public sbyte ReadSByte(string field = "int8") => (sbyte)Take(1, 1, field)[0];

    public short ReadInt16(string field = "int16") => BinaryPrimitives.ReadInt16LittleEndian(Take(2, 2, field));

    public ushort ReadUInt16(string field = "uint16") => BinaryPrimitives.ReadUInt16LittleEndian(Take(2, 2, field));

    public int ReadInt32(string field = "int32") => BinaryPrimitives.ReadInt32LittleEndian(Take(4, 4, field));

    public uint ReadUInt32(string field = "uint32") => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, 4, field));

    public long ReadInt64(string field = "int64") => BinaryPrimitives.ReadInt64LittleEndian(Take(8, 8, field));

    public ulong ReadUInt64(string field = "uint64") => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, 8, field));

    public float ReadFloat32(string field = "float32") => BinaryPrimitives.ReadSingleLittleEndian(Take(4, 4, field));

    public double ReadFloat64(string field = "float64") => BinaryPrimitives.ReadDoubleLittleEndian(Take(8, 8, field));

    public string ReadString(string field = "string") => Encoding.UTF8.GetString(ReadStringBytes(field));

    /// <summary>The UTF-8 bytes of a string, without its NUL, after checking the length and the terminator.</summary>
    public ReadOnlySpan<byte> ReadStringBytes(string field = "string")
    {
        var start = _position;
        var length = ReadUInt32(field);
        if (length == 0)
        {
            throw new CdrFormatException(field, start, "string length 0 (a CDR string carries at least its NUL)");
        }
        if (length > (uint)Remaining)
        {
            throw new CdrFormatException(field, start, $"string length {length} exceeds the {Remaining} bytes left (truncated?)");
        }
        var bytes = Take((int)length, 1, field);
        if (bytes[^1] != 0)
        {
            throw new CdrFormatException(field, start, "string is not NUL-terminated");
        }
        return bytes[..^1];
    }

    /// <summary>A sequence count, checked against what is left so a corrupt count cannot trigger a huge allocation.</summary>
    public int ReadSequenceLength(int minElementSize, string field = "sequence")
    {
        var start = _position;
        var count = ReadUInt32(field);
        if ((ulong)count * (ulong)Math.Max(minElementSize, 1) > (ulong)Remaining)
        {
            throw new CdrFormatException(field, start, $"sequence count {count} needs more than the {Remaining} bytes left (truncated?)");
        }
        return (int)count;
    }

    public ReadOnlySpan<byte> ReadBytes(int count, string field = "bytes") => Take(count, 1, field);

    /// <summary>
    /// <paramref name="count"/> raw bytes (a <c>uint8[]</c> body) as memory: a slice of the caller's buffer when
    /// the reader was built over <see cref="ReadOnlyMemory{T}"/>, otherwise one bulk copy.
    /// </summary>
    public ReadOnlyMemory<byte> ReadByteSequence(int count, string field = "bytes")
    {
        var start = _position;
        var span = Take(count, 1, field);
        if (_hasMemory)
        {
            return _payloadMemory.Slice(start, count);
        }
        // Every byte is overwritten at once, so skip the zeroing a plain new byte[] would do.
        var copy = GC.AllocateUninitializedArray<byte>(count);
        span.CopyTo(copy);
        return copy;
    }

    public T[] ReadPrimitiveArray<T>(int count, string field = "array")
        where T : unmanaged
    {
        if (count == 0)
        {
            return [];
        }
        var size = Unsafe.SizeOf<T>();
        if (count < 0 || (long)count * size > Remaining)
        {
            throw new CdrFormatException(field, _position, $"{count} elements of {size} bytes exceed the {Remaining} bytes left (truncated?)");
        }
        var bytes = Take(count * size, Math.Min(size, 8), field);
        return MemoryMarshal.Cast<byte, T>(bytes).ToArray();
    }

    private ReadOnlySpan<byte> Take(int size, int alignment, string field)
    {
        Align(alignment);
        // Compare against what is left rather than adding to the position, so a huge size cannot overflow.
        if (size < 0 || size > _payload.Length - _position)
        {
            throw new CdrFormatException(
                field, _position, $"needs {size} bytes but only {_payload.Length - _position} of the {_payload.Length}-byte payload are left (truncated?)");
        }
        var span = _payload.Slice(_position, size);
        _position += size;
        return span;
    }
}
