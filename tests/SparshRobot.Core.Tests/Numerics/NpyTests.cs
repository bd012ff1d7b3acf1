using System.Text;
using SparshRobot.Core.Numerics;

namespace SparshRobot.Core.Tests.Numerics;

public class NpyTests
{
    [Test]
    public void Float32RoundTripKeepsShapeAndValues()
    {
        var values = Enumerable.Range(0, 24).Select(i => i * 0.5f - 3f).ToArray();
        var stream = new MemoryStream();
        Npy.Write(stream, NpyArray.FromFloat32(values, 2, 3, 4));
        Assert.That(stream.Length % 64, Is.EqualTo(24 * 4 % 64), "data starts on a 64-byte boundary");
        stream.Position = 0;
        var read = Npy.Read(stream, "memory");
        Assert.That(read.DType, Is.EqualTo(NpyDType.Float32));
        Assert.That(read.Shape, Is.EqualTo(new long[] { 2, 3, 4 }));
        Assert.That(read.ToFloat32(), Is.EqualTo(values));
    }

    [Test]
    public void Int64AndOneDimensionalAndScalarShapesRoundTrip()
    {
        foreach (var shape in new[] { new long[] { 5 }, Array.Empty<long>(), new long[] { 0, 3 } })
        {
            var count = shape.Aggregate(1L, (a, b) => a * b);
            var values = Enumerable.Range(0, (int)count).Select(i => (long)i * 1_000_000_000_000).ToArray();
            var stream = new MemoryStream();
            Npy.Write(stream, NpyArray.FromInt64(values, shape));
            stream.Position = 0;
            var read = Npy.Read(stream, "memory");
            Assert.That(read.Shape, Is.EqualTo(shape));
            Assert.That(read.ToInt64(), Is.EqualTo(values));
        }
    }

    [Test]
    public void ReadsVersion2And3HeadersAndNumpyStyleDescr()
    {
        foreach (var (major, descr) in new[] { (2, "<f8"), (3, "|u1") })
        {
            var data = descr == "<f8" ? BitConverter.GetBytes(2.5).Concat(BitConverter.GetBytes(-1.0)).ToArray() : new byte[] { 7, 200 };
            var stream = Build(major, $"{{'descr': '{descr}', 'fortran_order': False, 'shape': (2,), }}", data);
            var read = Npy.Read(stream, "v" + major);
            Assert.That(read.ToFloat32(), Is.EqualTo(descr == "<f8" ? new[] { 2.5f, -1f } : new[] { 7f, 200f }));
        }
    }

    [TestCase("{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }", "fortran_order")]
    [TestCase("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", "big-endian")]
    [TestCase("{'descr': '|O', 'fortran_order': False, 'shape': (2,), }", "not supported")]
    [TestCase("{'descr': '<f4', 'shape': (2,), }", "fortran_order")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (2, -1), }", "shape entry")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': [2], }", "unsupported header value")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'extra': 1, }", "unsupported header value")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (2,) ", "expected '}'")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (9,), }", "data section holds 8 bytes")]
    public void MalformedHeadersAreRejectedNamingTheProblem(string header, string expected)
    {
        var stream = Build(1, header, new byte[8]);
        var error = Assert.Throws<NpyFormatException>(() => Npy.Read(stream, "bad.npy"))!;
        Assert.That(error.Message, Does.StartWith("bad.npy: ").And.Contain(expected));
    }

    [Test]
    public void WrongMagicVersionAndTruncatedHeaderAreRejected()
    {
        Assert.That(() => Npy.Read(new MemoryStream(Encoding.ASCII.GetBytes("PK\x03\x04 not npy")), "x.npy"),
            Throws.TypeOf<NpyFormatException>().With.Message.Contains("magic"));
        var stream = Build(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", new byte[8]);
        var bytes = stream.ToArray();
        bytes[6] = 4;
        Assert.That(() => Npy.Read(new MemoryStream(bytes), "x.npy"), Throws.TypeOf<NpyFormatException>().With.Message.Contains("version 4.0"));
        Assert.That(() => Npy.Read(new MemoryStream(stream.ToArray()[..20]), "x.npy"), Throws.TypeOf<NpyFormatException>().With.Message.Contains("ends inside the header"));
    }

    [Test]
    public void WriteToPathReplacesAtomically()
    {
        var path = Path.Combine(Path.GetTempPath(), $"npy-{Guid.NewGuid():N}.npy");
        try
        {
            Npy.Write(path, NpyArray.FromFloat32([1f, 2f], 2));
            Npy.Write(path, NpyArray.FromFloat32([3f], 1));
            Assert.That(Npy.Read(path).ToFloat32(), Is.EqualTo(new[] { 3f }));
            Assert.That(File.Exists(path + ".partial"), Is.False);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static MemoryStream Build(int major, string header, byte[] data)
    {
        var prefix = major == 1 ? 10 : 12;
        var padded = header + new string(' ', (64 - (prefix + header.Length + 1) % 64) % 64) + "\n";
        var stream = new MemoryStream();
        stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)major, 0]);
        if (major == 1)
        {
            stream.Write(BitConverter.GetBytes((ushort)padded.Length));
        }
        else
        {
            stream.Write(BitConverter.GetBytes((uint)padded.Length));
        }
        stream.Write(Encoding.UTF8.GetBytes(padded));
        stream.Write(data);
        stream.Position = 0;
        return stream;
    }
}
