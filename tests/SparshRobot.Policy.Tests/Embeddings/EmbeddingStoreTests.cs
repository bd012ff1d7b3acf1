using SparshRobot.Encoder;
using SparshRobot.Policy.Datasets;
using SparshRobot.Policy.Embeddings;
using SparshRobot.Policy.Tests.Fixtures;
using static TorchSharp.torch;

namespace SparshRobot.Policy.Tests.Embeddings;

public class EmbeddingStoreTests
{
    [Test]
    public void CachesAreFloat16EncoderTokensAndAResumedRunComputesOnlyWhatIsMissing()
    {
        using var data = TinyPolicyData.Create();
        var episode = data.Dataset.Split(PolicyDataset.TrainSplit)[1];
        var path = data.Store.PathOf(episode, "index");
        Assert.That(path, Does.Contain(Path.Combine("embeddings", data.Encoder.Identity[..12], "train", "e1", "index.tokens")));
        Assert.That(data.Store.Missing(), Is.Empty);

        var untouched = data.Store.PathOf(episode, "thumb");
        var stamp = File.GetLastWriteTimeUtc(untouched);
        File.Delete(path);
        Assert.That(data.Store.Missing(), Has.Count.EqualTo(1));
        var progress = new List<long>();
        Assert.That(data.Store.Compute(data.Encoder, batch: 5, progress: (done, total) => progress.Add(total)), Is.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(File.GetLastWriteTimeUtc(untouched), Is.EqualTo(stamp), "a cache already on disk is not recomputed");
            Assert.That(progress, Is.All.EqualTo(TinyPolicyData.Steps), "only the missing episode is counted");
        });

        using var scope = NewDisposeScope();
        var cached = NpyTensors.ToTensor(TokenFile.Read(path));
        var expected = data.Encoder.Encode(NpyTensors.ToTensor(data.Dataset.ReadInputs(episode, "index")).to(ScalarType.Float32) / 255f);
        Assert.Multiple(() =>
        {
            Assert.That(cached.dtype, Is.EqualTo(ScalarType.Float16));
            Assert.That(cached.shape, Is.EqualTo(new long[] { TinyPolicyData.Steps, 4, 32 }));
            Assert.That((cached.to(ScalarType.Float32) - expected).abs().max().item<float>(), Is.LessThan(5e-3f));
        });

        using var split = data.Store.Load(PolicyDataset.TrainSplit);
        Assert.Multiple(() =>
        {
            Assert.That(split.Offsets, Is.EqualTo(new long[] { 0, 12, 24, 36 }));
            Assert.That(split.Sensors[1].narrow(0, 12, 12).eq(cached).all().item<bool>(), Is.True, "episode e1 sits at rows 12..24 of sensor 'index'");
        });
    }

    [Test]
    public void LoadingMissingCachesSaysHowToMakeThem()
    {
        using var data = TinyPolicyData.Create();
        using var other = TinyPolicyData.NewEncoder(seed: 9);
        var store = new EmbeddingStore(data.Dataset, other.Identity);
        var e = Assert.Throws<FileNotFoundException>(() => store.Load(PolicyDataset.ValidationSplit));
        Assert.That(e!.Message, Does.Contain("2 token caches of split 'val' are missing").And.Contain("dataset embed"));
    }
}
