using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SparshRobot.Mcap;

/// <summary>CRC-32 (IEEE, the zlib one, the same value as <see cref="Crc32"/>) as the MCAP writer needs it: appended
/// message by message and combined without a second pass (<see cref="Combine"/>, which System.IO.Hashing lacks),
/// vectorised for the chunk and data-section CRCs over gigabytes of images: with AVX-512 carry-less multiplication
/// (folding 256 bytes a step), else System.IO.Hashing's 128-bit one; <c>sparsh-robot bench crc</c> measures the gain
/// (docs/ros2.md, "Bag writing performance").</summary>
public static class McapCrc32
{
    // The polynomial in reflected bit order: bit 31 is the coefficient of x^0.
    private const uint Polynomial = 0xEDB88320;

    // Below this the folding set-up costs more than it saves.
    private const int FoldedMinimum = 256;

    // PowersOfX[k] = x^(2^k) mod P, reflected.
    private static readonly uint[] PowersOfX = MakePowers();

    private static readonly uint[] ByteTable = MakeByteTable();

    // Folding constants (see FoldConstants) for the distances the folded loop moves data by.
    private static readonly Vector512<ulong> Fold2048 = Vector512.Create(FoldConstants(2048));
    private static readonly Vector512<ulong> Fold512 = Vector512.Create(FoldConstants(512));
    private static readonly Vector128<ulong> Fold384 = FoldConstants(384);
    private static readonly Vector128<ulong> Fold256 = FoldConstants(256);
    private static readonly Vector128<ulong> Fold128 = FoldConstants(128);

    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>The CRC of the bytes <paramref name="crc"/> is the CRC of followed by <paramref name="data"/> (0: none
    /// before), without the O(log n) <see cref="Combine"/>: the writer keeps a chunk's CRC this way message by
    /// message. The CRC had taken a fifth of an uncompressed bag write's time before the AVX-512 path.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        if (data.Length < FoldedMinimum)
        {
            return AppendBytewise(crc, data);
        }

        if (Pclmulqdq.V512.IsSupported)
        {
            return AppendFolded(crc, data);
        }

        uint dataCrc = Crc32.HashToUInt32(data);
        return crc == 0 ? dataCrc : Combine(crc, dataCrc, data.Length); // Combine(0, B, n) is B: skip its work
    }

    internal static uint AppendBytewise(uint crc, ReadOnlySpan<byte> data)
    {
        uint state = ~crc;
        foreach (byte b in data)
        {
            state = ByteTable[(byte)(state ^ b)] ^ (state >> 8);
        }

        return ~state;
    }

    /// <summary>Four 512-bit accumulators fold the data 256 bytes at a time: each 128-bit lane A (bytes in file
    /// order, so its first 64 bits are the higher powers) stands for A times x^distance mod P further on, which is
    /// A's halves times two constants. The last accumulator is folded to 128 bits, whose bytes (a message with the
    /// same remainder) and the tail finish bytewise. Needs at least 256 bytes.</summary>
    internal static uint AppendFolded(uint crc, ReadOnlySpan<byte> data)
    {
        ref byte p = ref MemoryMarshal.GetReference(data);
        nuint length = (nuint)data.Length, i = 256;
        // The running CRC enters as the zlib initial value does: XORed into the first four bytes.
        var a0 = Vector512.LoadUnsafe(ref p).AsUInt64() ^ Vector512.CreateScalar((ulong)~crc);
        var a1 = Vector512.LoadUnsafe(ref p, 64).AsUInt64();
        var a2 = Vector512.LoadUnsafe(ref p, 128).AsUInt64();
        var a3 = Vector512.LoadUnsafe(ref p, 192).AsUInt64();
        for (; length - i >= 256; i += 256)
        {
            a0 = Fold(a0, Fold2048) ^ Vector512.LoadUnsafe(ref p, i).AsUInt64();
            a1 = Fold(a1, Fold2048) ^ Vector512.LoadUnsafe(ref p, i + 64).AsUInt64();
            a2 = Fold(a2, Fold2048) ^ Vector512.LoadUnsafe(ref p, i + 128).AsUInt64();
            a3 = Fold(a3, Fold2048) ^ Vector512.LoadUnsafe(ref p, i + 192).AsUInt64();
        }

        a1 ^= Fold(a0, Fold512);
        a2 ^= Fold(a1, Fold512);
        a3 ^= Fold(a2, Fold512);
        for (; length - i >= 64; i += 64)
        {
            a3 = Fold(a3, Fold512) ^ Vector512.LoadUnsafe(ref p, i).AsUInt64();
        }

        var folded = Fold(a3.GetLower().GetLower(), Fold384) ^ Fold(a3.GetLower().GetUpper(), Fold256)
                     ^ Fold(a3.GetUpper().GetLower(), Fold128) ^ a3.GetUpper().GetUpper();
        Span<byte> bytes = stackalloc byte[16];
        folded.AsByte().CopyTo(bytes);
        // The folded bytes replace everything before them, initial value included: they start from a zero state.
        return AppendBytewise(AppendBytewise(~0u, bytes), data[(int)i..]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Fold(Vector512<ulong> a, Vector512<ulong> k) =>
        Pclmulqdq.V512.CarrylessMultiply(a, k, 0x00) ^ Pclmulqdq.V512.CarrylessMultiply(a, k, 0x11);

    private static Vector128<ulong> Fold(Vector128<ulong> a, Vector128<ulong> k) =>
        Pclmulqdq.CarrylessMultiply(a, k, 0x00) ^ Pclmulqdq.CarrylessMultiply(a, k, 0x11);

    /// <summary>Constants that move a 128-bit lane <paramref name="distance"/> bits on: x^(distance+64) for its
    /// first (higher) half and x^distance for its second, mod P, each divided by x because a carry-less product of
    /// two reflected 64-bit values comes out one bit short of the 128-bit layout; as 64-bit reflected values.</summary>
    private static Vector128<ulong> FoldConstants(int distance) =>
        Vector128.Create((ulong)XPow(distance + 63, 0) << 32, (ulong)XPow(distance - 1, 0) << 32);

    /// <summary>The CRC of A followed by B from the CRCs of A and B and B's length, in O(log length) time: the
    /// bag writer gets the data-section CRC over a chunk from the chunk's own CRC instead of a second pass over
    /// the same megabytes.</summary>
    public static uint Combine(uint crcA, uint crcB, long lengthB)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lengthB);
        // Appending n bytes multiplies A's remainder by x^(8n); the init/final XORs cancel out in the sum.
        return MultiplyModP(XPow8N(lengthB), crcA) ^ crcB;
    }

    // x^(8n) mod P (8n = n * 2^3).
    private static uint XPow8N(long n) => XPow(n, 3);

    // x^(n * 2^shift) mod P by square-and-multiply over the bits of n.
    private static uint XPow(long n, int shift)
    {
        uint p = 1u << 31; // x^0
        for (int k = shift; n != 0; n >>= 1, k++)
        {
            if ((n & 1) != 0)
            {
                p = MultiplyModP(PowersOfX[k & 31], p);
            }
        }

        return p;
    }

    // a(x) * b(x) mod P, both reflected.
    private static uint MultiplyModP(uint a, uint b)
    {
        uint product = 0;
        for (uint m = 1u << 31; m != 0; m >>= 1)
        {
            if ((a & m) != 0)
            {
                product ^= b;
            }

            b = (b & 1) != 0 ? (b >> 1) ^ Polynomial : b >> 1;
        }

        return product;
    }

    // ByteTable[b]: the state change of one byte, the classic table-driven CRC.
    private static uint[] MakeByteTable()
    {
        var table = new uint[256];
        for (uint b = 0; b < 256; b++)
        {
            uint c = b;
            for (int bit = 0; bit < 8; bit++)
            {
                c = (c & 1) != 0 ? (c >> 1) ^ Polynomial : c >> 1;
            }

            table[b] = c;
        }

        return table;
    }

    private static uint[] MakePowers()
    {
        var powers = new uint[32];
        powers[0] = 1u << 30; // x^1
        for (int k = 1; k < powers.Length; k++)
        {
            powers[k] = MultiplyModP(powers[k - 1], powers[k - 1]);
        }

        return powers;
    }
}
