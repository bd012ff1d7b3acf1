using System.IO.Hashing;

namespace SparshRobot.Mcap.Tests;

public class McapCrc32Tests
{
    [TestCase(0, 0)]
    [TestCase(0, 1)]
    [TestCase(1, 0)]
    [TestCase(7, 13)]
    [TestCase(4096, 1)]
    [TestCase(3, 300_001)]
    [TestCase(123_457, 65_536)]
    public void Combining_the_crcs_of_two_parts_gives_the_crc_of_the_whole(int lengthA, int lengthB)
    {
        var bytes = new byte[lengthA + lengthB];
        new Random(lengthA * 31 + lengthB).NextBytes(bytes);
        var a = bytes.AsSpan(0, lengthA);
        var b = bytes.AsSpan(lengthA);

        uint combined = McapCrc32.Combine(McapCrc32.Compute(a), McapCrc32.Compute(b), lengthB);

        Assert.That(combined, Is.EqualTo(McapCrc32.Compute(bytes)));
    }

    private static IEnumerable<int> Lengths() =>
        Enumerable.Range(0, 700).Concat([1023, 1024, 1025, 4096 + 63, 65_536, 230_455, 1 << 20]);

    [Test]
    public void Appending_in_two_parts_gives_System_IO_Hashing_crc_of_the_whole_on_every_path()
    {
        var random = new Random(5);
        var paths = new List<(string Name, Func<uint, byte[], uint> Append)>
        {
            ("dispatch", (crc, d) => McapCrc32.Append(crc, d)),
            ("bytewise", (crc, d) => McapCrc32.AppendBytewise(crc, d)),
        };
        if (System.Runtime.Intrinsics.X86.Pclmulqdq.V512.IsSupported)
        {
            // Folding needs 256 bytes; the shorter parts go bytewise.
            paths.Add(("folded", (crc, d) => d.Length >= 256 ? McapCrc32.AppendFolded(crc, d) : McapCrc32.AppendBytewise(crc, d)));
        }

        foreach (int length in Lengths())
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);
            uint expected = Crc32.HashToUInt32(bytes);
            foreach (int split in new[] { 0, length / 3, random.Next(length + 1), length })
            {
                byte[] a = bytes[..split], b = bytes[split..];
                foreach (var (name, append) in paths)
                {
                    Assert.That(append(append(0, a), b), Is.EqualTo(expected), $"{name}: {length} bytes split at {split}");
                }
            }
        }
    }

    [Test]
    public void The_crc_matches_the_check_value_of_crc32_ieee()
    {
        // The standard check value: CRC-32 of the ASCII digits 1 to 9.
        Assert.That(McapCrc32.Compute("123456789"u8), Is.EqualTo(0xCBF43926u));
    }

    [Test]
    public void A_negative_length_is_refused()
    {
        Assert.That(() => McapCrc32.Combine(0, 0, -1), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
