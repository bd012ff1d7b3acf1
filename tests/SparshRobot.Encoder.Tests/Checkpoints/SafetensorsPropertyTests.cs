using System.Buffers.Binary;
using System.Text;
using CsCheck;
using SparshRobot.Encoder.Checkpoints;
using SparshRobot.Testing;

namespace SparshRobot.Encoder.Tests.Checkpoints;

/// <summary>The safetensors header on mutated files: a <see cref="CheckpointException"/> naming the file, or a loaded file.</summary>
public class SafetensorsPropertyTests
{
    private const string Header = "{\"__metadata__\":{\"num_heads\":\"2\"},\"a\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]},"
        + "\"b\":{\"dtype\":\"U8\",\"shape\":[3],\"data_offsets\":[16,19]}}";

    private static byte[] Bytes(string header)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + 19];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, json.Length);
        json.CopyTo(bytes, 8);
        return bytes;
    }

    private static void Open(string path, byte[] bytes)
    {
        File.WriteAllBytes(path, bytes);
        using var file = SafetensorsFile.Open(path);
    }

    [Test]
    public void TheUnmutatedFileLoads()
    {
        var path = Path.Combine(TestPaths.NewTempDirectory().FullName, "valid.safetensors");
        File.WriteAllBytes(path, Bytes(Header));
        using var file = SafetensorsFile.Open(path);
        Assert.That(file.Entries.Keys, Is.EquivalentTo(new[] { "a", "b" }));
        Assert.That(file.Metadata["num_heads"], Is.EqualTo("2"));
    }

    [Test]
    public void MutatedFilesAndHeadersFailWithTheCheckpointError()
    {
        var path = Path.Combine(TestPaths.NewTempDirectory().FullName, "mutated.safetensors");
        // JSON punctuation and digits written over the header reach the types and counts that bytes rarely would.
        var json = Gen.Select(Gen.Int[0, Header.Length - 1], Gen.OneOf("{}[]\":,-019eE.tn ".ToCharArray())).Array[1, 4].Select(writes =>
        {
            var header = Header.ToCharArray();
            foreach (var (at, c) in writes)
            {
                header[at] = c;
            }
            return Bytes(new string(header));
        });
        ParserProperties.OnlyFormatErrors<CheckpointException>(Gen.OneOf(json, ParserProperties.Mutations(Bytes(Header))), bytes => Open(path, bytes), iterations: 500);
    }

    [TestCase("{\"__metadata__\":[1],\"a\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}", "__metadata__ is a JSON Array, expected an object of strings")]
    [TestCase("{\"a\":{\"dtype\":7,\"shape\":[2,2],\"data_offsets\":[0,16]}}", "a: header entry lacks a string dtype")]
    [TestCase("{\"a\":{\"dtype\":\"F32\",\"shape\":[2,\"2\"],\"data_offsets\":[0,16]}}", "a: header entry lacks a string dtype, a shape of counts")]
    [TestCase("{\"a\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,1e30]}}", "a: header entry lacks a string dtype, a shape of counts or a [begin, end] data_offsets pair")]
    [TestCase("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2,-2],\"data_offsets\":[0,16]}}", "a: header entry lacks")]
    [TestCase("{\"a\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,0]}}", "(more than a long counts bytes)")]
    public void AHeaderOfTheWrongKindsIsNamedInTheError(string header, string expected)
    {
        var path = Path.Combine(TestPaths.NewTempDirectory().FullName, "bad.safetensors");
        var e = Assert.Throws<CheckpointException>(() => Open(path, Bytes(header)));
        Assert.That(e!.Message, Does.Contain(expected).And.Contain("bad.safetensors"));
    }
}
