using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace SparshRobot.Mcap;

/// <summary>A growable little-endian byte buffer rented from the shared pool (chunks are built here record by
/// record, so steady-state recording allocates nothing per message).</summary>
public sealed class McapBuffer : IDisposable
{
    private byte[] _buf;

    public McapBuffer(int capacity = 4096) => _buf = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 64));

    public int Length { get; private set; }

    public ReadOnlySpan<byte> WrittenSpan => _buf.AsSpan(0, Length);

    public ReadOnlyMemory<byte> WrittenMemory => _buf.AsMemory(0, Length);

    public void Clear() => Length = 0;

    /// <summary>Keeps only the first <paramref name="length"/> bytes.</summary>
    public void Truncate(int length) => Length = length <= Length ? length : throw new ArgumentOutOfRangeException(nameof(length));

    public Span<byte> Reserve(int n)
    {
        if (_buf.Length - Length < n)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buf.Length * 2, Length + n));
            _buf.AsSpan(0, Length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buf);
            _buf = bigger;
        }

        var s = _buf.AsSpan(Length, n);
        Length += n;
        return s;
    }

    public void PatchU64(int at, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(_buf.AsSpan(at, 8), value);

    public void PatchU32(int at, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(_buf.AsSpan(at, 4), value);

    public void U8(byte v) => Reserve(1)[0] = v;

    public void U16(ushort v) => BinaryPrimitives.WriteUInt16LittleEndian(Reserve(2), v);

    public void U32(uint v) => BinaryPrimitives.WriteUInt32LittleEndian(Reserve(4), v);

    public void U64(ulong v) => BinaryPrimitives.WriteUInt64LittleEndian(Reserve(8), v);

    public void Bytes(ReadOnlySpan<byte> data) => data.CopyTo(Reserve(data.Length));

    public void String(string s)
    {
        int n = Encoding.UTF8.GetByteCount(s);
        U32((uint)n);
        Encoding.UTF8.GetBytes(s, Reserve(n));
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buf);
        _buf = [];
        Length = 0;
    }
}
