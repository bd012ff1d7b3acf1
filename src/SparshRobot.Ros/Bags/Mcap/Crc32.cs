namespace SparshRobot.Ros.Bags.Mcap;

/// <summary>CRC-32 (IEEE, the zlib one) as MCAP uses it; System.IO.Hashing's is vectorised, which matters for the
/// data-section CRC over gigabytes of images.</summary>
public static class Crc32
{
    // The polynomial in reflected bit order: bit 31 is the coefficient of x^0.
    private const uint Polynomial = 0xEDB88320;

    // PowersOfX[k] = x^(2^k) mod P, reflected.
    private static readonly uint[] PowersOfX = MakePowers();

    public static uint Compute(ReadOnlySpan<byte> data) => System.IO.Hashing.Crc32.HashToUInt32(data);

    /// <summary>The CRC of A followed by B from the CRCs of A and B and B's length, in O(log length) time: the
    /// bag writer gets the data-section CRC over a chunk from the chunk's own CRC instead of a second pass over
    /// the same megabytes.</summary>
    public static uint Combine(uint crcA, uint crcB, long lengthB)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lengthB);
        // Appending n bytes multiplies A's remainder by x^(8n); the init/final XORs cancel out in the sum.
        return MultiplyModP(XPow8N(lengthB), crcA) ^ crcB;
    }

    // x^(8n) mod P by square-and-multiply over the bits of n (8n = n * 2^3).
    private static uint XPow8N(long n)
    {
        uint p = 1u << 31; // x^0
        for (int k = 3; n != 0; n >>= 1, k++)
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
