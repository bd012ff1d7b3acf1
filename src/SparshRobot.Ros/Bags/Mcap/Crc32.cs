namespace SparshRobot.Ros.Bags.Mcap;

/// <summary>CRC-32 (IEEE, the zlib one) as MCAP uses it; System.IO.Hashing's is vectorised, which matters for the
/// data-section CRC over gigabytes of images.</summary>
public static class Crc32
{
    public static uint Compute(ReadOnlySpan<byte> data) => System.IO.Hashing.Crc32.HashToUInt32(data);
}
