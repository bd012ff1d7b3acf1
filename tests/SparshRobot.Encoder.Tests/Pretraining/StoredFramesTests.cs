using SparshRobot.Core.Numerics;
using SparshRobot.Encoder.Pretraining;
using SparshRobot.Encoder.Probes;
using SparshRobot.Testing;
using static TorchSharp.torch;

namespace SparshRobot.Encoder.Tests.Pretraining;

[Category("torch")]
public class StoredFramesTests
{
    private DirectoryInfo _dir = null!;

    [SetUp]
    public void CreateDirectory() => _dir = TestPaths.NewTempDirectory("stored-frames");

    [TearDown]
    public void RemoveDirectory() => _dir.Delete(recursive: true);

    private string Episode(string name, NpyArray inputs)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir.FullName, "train", name)).FullName;
        var path = Path.Combine(folder, TactileDataset.InputsFile);
        Npy.Write(path, inputs);
        return path;
    }

    private static NpyArray Bytes(Random random, params long[] shape)
    {
        var data = new byte[shape.Aggregate(1L, (a, b) => a * b)];
        random.NextBytes(data);
        return new NpyArray(NpyDType.UInt8, shape, data);
    }

    [Test]
    public void GatherReadsTheFramesAtTheIndicesInTheirOrderAcrossEpisodes()
    {
        var random = new Random(1);
        var a = Bytes(random, 3, 6, 4, 5);
        var b = Bytes(random, 4, 6, 4, 5);
        Episode("a", a);
        Episode("b", b);
        using var scope = NewDisposeScope();
        var all = cat([NpyTensors.ToTensor(a), NpyTensors.ToTensor(b)], 0);
        var frames = StoredFrames.Open(TactileDataset.Open(_dir.FullName, "train"));
        Assert.That((frames.Count, frames.FrameShape), Is.EqualTo((7L, new long[] { 6, 4, 5 })));
        long[] indices = [6, 0, 3, 2, 6];
        var gathered = frames.Gather(indices);
        Assert.That(gathered.dtype, Is.EqualTo(ScalarType.Byte));
        Assert.That(gathered.eq(all.index_select(0, tensor(indices))).all().item<bool>(), Is.True);
        Assert.That(() => frames.Gather([7]), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("the dataset holds 7 frames"));
    }

    [Test]
    public void FloatFramesStayFloat()
    {
        var values = Enumerable.Range(0, 2 * 6 * 2 * 2).Select(i => i / 48f).ToArray();
        Episode("a", NpyArray.FromFloat32(values, 2, 6, 2, 2));
        using var scope = NewDisposeScope();
        var frames = StoredFrames.Open(TactileDataset.Open(_dir.FullName, "train"));
        var second = frames.Gather([1]);
        Assert.That(second.dtype, Is.EqualTo(ScalarType.Float32));
        Assert.That(second.data<float>().ToArray(), Is.EqualTo(values[24..]));
    }

    [Test]
    public void EpisodesOfAnotherFrameShapeOrTypeAreRefusedByName()
    {
        var random = new Random(2);
        var first = Episode("a", Bytes(random, 2, 6, 4, 4));
        var other = Episode("b", Bytes(random, 2, 6, 4, 5));
        var e = Assert.Throws<NpyFormatException>(() => StoredFrames.Open(TactileDataset.Open(_dir.FullName, "train")));
        Assert.That(e!.Message, Does.Contain(other).And.Contain($"frames are (6, 4, 5) |u1, but (6, 4, 4) |u1 in {first}"));
    }

    [Test]
    public void VideoInputsAndATruncatedFileAreRefused()
    {
        var random = new Random(3);
        var video = Episode("a", Bytes(random, 2, 3, 2, 4, 4));
        var e = Assert.Throws<NpyFormatException>(() => StoredFrames.Open(TactileDataset.Open(_dir.FullName, "train")));
        Assert.That(e!.Message, Does.Contain(video).And.Contain("MAE pretraining reads image pairs (T, C, H, W) of uint8 or float32, found (2, 3, 2, 4, 4) |u1"));

        var cut = Episode("a", Bytes(random, 2, 6, 4, 4));
        using (var stream = File.OpenWrite(cut))
        {
            stream.SetLength(stream.Length - 10);
        }
        e = Assert.Throws<NpyFormatException>(() => StoredFrames.Open(TactileDataset.Open(_dir.FullName, "train")));
        Assert.That(e!.Message, Does.Contain(cut).And.Match(@"truncated: \d+ bytes, its 2 frames need \d+"));
    }
}
