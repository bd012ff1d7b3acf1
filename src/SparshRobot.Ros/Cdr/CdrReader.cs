using System.Buffers.Binary;
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

    /// <summary>Payload offset of the next read.</summary>
    public readonly int Position => _position;

    public readonly int Remaining => _payload.Length - _position;

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
            _ => throw new CdrFormatException($"{field}: bool byte {b} at payload offset {_position - 1} is neither 0 nor 1"),
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

    public string ReadString(string field = "string")
    {
        var start = _position;
        var length = ReadUInt32(field);
        if (length == 0)
        {
            throw new CdrFormatException($"{field}: string length 0 at payload offset {start} (a CDR string carries at least its NUL)");
        }
        var bytes = Take((int)Math.Min(length, int.MaxValue), 1, field);
        if (bytes[^1] != 0)
        {
            throw new CdrFormatException($"{field}: string at payload offset {start} is not NUL-terminated");
        }
        return Encoding.UTF8.GetString(bytes[..^1]);
    }

    /// <summary>A sequence count, checked against what is left so a corrupt count cannot trigger a huge allocation.</summary>
    public int ReadSequenceLength(int minElementSize, string field = "sequence")
    {
        var start = _position;
        var count = ReadUInt32(field);
        if ((ulong)count * (ulong)Math.Max(minElementSize, 1) > (ulong)Remaining)
        {
            throw new CdrFormatException(
                $"{field}: sequence count {count} at payload offset {start} needs more than the {Remaining} bytes left");
        }
        return (int)count;
    }

    public ReadOnlySpan<byte> ReadBytes(int count, string field = "bytes") => Take(count, 1, field);

    public T[] ReadPrimitiveArray<T>(int count, string field = "array")
        where T : unmanaged
    {
        if (count == 0)
        {
            return [];
        }
        var size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        var bytes = Take(checked(count * size), Math.Min(size, 8), field);
        return MemoryMarshal.Cast<byte, T>(bytes).ToArray();
    }

    private ReadOnlySpan<byte> Take(int size, int alignment, string field)
    {
        Align(alignment);
        if (size < 0 || _position + size > _payload.Length)
        {
            throw new CdrFormatException(
                $"{field}: needs {size} bytes at payload offset {_position} but the payload has {_payload.Length} (truncated?)");
        }
        var span = _payload.Slice(_position, size);
        _position += size;
        return span;
    }
}
