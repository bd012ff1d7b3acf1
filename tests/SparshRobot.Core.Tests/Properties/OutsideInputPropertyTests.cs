using System.Text;
using CsCheck;
using SparshRobot.Core.IO;
using SparshRobot.Core.Numerics;
using SparshRobot.Core.Tests.IO;
using SparshRobot.Testing;

namespace SparshRobot.Core.Tests.Properties;

/// <summary>The .npy reader and the YAML configuration reader on random and mutated input: their typed error or a result.</summary>
public class OutsideInputPropertyTests
{
    private static byte[] ValidNpy()
    {
        using var stream = new MemoryStream();
        Npy.Write(stream, NpyArray.FromFloat32([1, 2, 3, 4, 5, 6], 2, 3));
        return stream.ToArray();
    }

    private static void ReadNpy(byte[] bytes) => Npy.Read(new MemoryStream(bytes), "mutated.npy");

    [Test]
    public void NpyRefusesMutatedFilesWithItsFormatError() =>
        ParserProperties.OnlyFormatErrors<NpyFormatException>(ParserProperties.Mutations(ValidNpy()), ReadNpy);

    [Test]
    public void NpyRefusesRandomBytesWithItsFormatError() =>
        ParserProperties.OnlyFormatErrors<NpyFormatException>(Gen.Byte.Array[0, 200], ReadNpy);

    [TestCase("(4000000000, 4000000000)", "more bytes than a long can count")]
    [TestCase("(1000000000,)", "data section holds 0 bytes")]
    public void AShapeTheDataCannotHoldIsRefusedBeforeAllocating(string shape, string expected)
    {
        var header = $"{{'descr': '<f4', 'fortran_order': False, 'shape': {shape}, }}";
        // The valid file's magic and version 1.0, then this header's little-endian length and text.
        var text = Encoding.Latin1.GetBytes(header + "\n");
        var file = ValidNpy()[..8].Concat([(byte)text.Length, (byte)(text.Length >> 8)]).Concat(text).ToArray();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<NpyFormatException>(() => ReadNpy(file));
        Assert.That(e!.Message, Does.Contain(expected).And.Contain("mutated.npy"));
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(1 << 20));
    }

    [Test]
    public void YamlConfigRefusesMutatedConfigurationsWithInvalidData()
    {
        var valid = Encoding.UTF8.GetBytes("name: run\ntraining:\n  epochs: 3\n  learning_rate: 1.0e-3\n  resume: true\n  mode: fast\nitems:\n  - topic: /a\n    size: 2\n  - {topic: /b, size: 7}\n");
        var printable = Gen.Select(Gen.Int[0, valid.Length], Gen.Select(Gen.Int[0, valid.Length - 1], Gen.OneOf(":-[]{}'\"#&*!|> \n\t0a.".Select(c => (byte)c).ToArray())).Array[0, 4],
            (length, writes) =>
            {
                var bytes = valid.ToArray();
                foreach (var (at, value) in writes)
                {
                    bytes[at] = value;
                }
                return bytes[..length];
            });
        // YAML's own punctuation lands on keys, values and indentation far more often than random bytes would.
        ParserProperties.OnlyFormatErrors<InvalidDataException>(Gen.OneOf(printable, ParserProperties.Mutations(valid)),
            bytes => YamlConfig.Parse<YamlConfigTests.Settings>(Encoding.UTF8.GetString(bytes), "mutated.yaml"));
    }
}
