using System.Buffers;
using System.Runtime.CompilerServices;

namespace SparshRobot.Ros.Dds.Native;

/// <summary>
/// Lends native bytes (a taken serdata's) to a callback as <see cref="ReadOnlyMemory{T}"/> without copying them. One
/// per reader, reused for every message: the bytes are valid only between <see cref="Lend"/> and
/// <see cref="Return"/>. A memory kept past that fails with a clear error instead of reading freed memory (read during
/// a later callback of the same reader it shows that message, bounds-checked); one handed to another thread can race
/// the release, which is why borrowed bytes must be copied to be kept.
/// </summary>
internal sealed unsafe class NativeLoan(string topic) : MemoryManager<byte>
{
    private byte* _data;
    private int _length;

    /// <summary>The lent bytes as memory; valid until <see cref="Return"/>.</summary>
    public override Memory<byte> Memory => CreateMemory(_length);

    public void Lend(byte* data, int length)
    {
        _data = data;
        _length = length;
    }

    public void Return()
    {
        _data = null;
        _length = 0;
    }

    public override Span<byte> GetSpan() =>
        _data != null
            ? new Span<byte>(_data, _length)
            : throw new ObjectDisposedException(nameof(NativeLoan),
                $"a message borrowed from {topic} (RawEndpointOptions.BorrowData) was read after its callback returned; copy the bytes to keep them");

    /// <summary>Native bytes never move; pinning only checks that the loan is still open.</summary>
    public override MemoryHandle Pin(int elementIndex = 0) =>
        new((byte*)Unsafe.AsPointer(ref GetSpan()[elementIndex]));

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing) => Return();
}
