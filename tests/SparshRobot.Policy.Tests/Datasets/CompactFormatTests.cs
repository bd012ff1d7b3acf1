using SparshRobot.Core.Numerics;
using SparshRobot.Policy.Datasets;
using SparshRobot.Policy.Datasets.Building;
using SparshRobot.Policy.Datasets.Frames;
using SparshRobot.Policy.Embeddings;
using SparshRobot.Testing;

namespace SparshRobot.Policy.Tests.Datasets;

/// <summary>The compact files (recorded frames, packed tokens): what they hold, and damaged ones refused with the file and what was expected.</summary>
public class CompactFormatTests
{
    [Test]
    public void ABuiltDatasetKeepsTheRecordedFramesAtAFractionOfTheStacksBytes()
    {
        var (dataset, episode) = Build();
        Assert.That(dataset.Manifest.Version, Is.EqualTo(DatasetManifest.CurrentVersion));
        foreach (var sensor in new[] { "thumb", "index" })
        {
            var file = new FileInfo(Path.Combine(dataset.SensorDirectory(episode, sensor), RecordedFramesFile.FileName));
            var recorded = dataset.ReadRecordedFrames(episode, sensor)!;
            var inputs = dataset.ReadInputs(episode, sensor);
            Assert.Multiple(() =>
            {
                Assert.That(file.Length, Is.LessThan(inputs.Data.Length / 10), $"{sensor}: recorded frames against the stacks they render");
                // Each tick keeps its frame and the stride partner: 6k and 6k - 5 (clipped to 0), 2 per tick after the first.
                Assert.That(recorded.Frames.Select(f => f.Index), Is.EqualTo(new[] { 0 }.Concat(Enumerable.Range(1, episode.Steps - 1).SelectMany(k => new[] { 6 * k - 5, 6 * k }))));
                Assert.That(recorded.Pairs[2], Is.EqualTo((4, 3)), "tick 2 pairs frame 12 with frame 7");
            });
        }
    }

    [Test]
    public void ATruncatedFramesFileNamesTheFileAndWhereItEnds()
    {
        var (dataset, episode) = Build();
        var path = Path.Combine(dataset.SensorDirectory(episode, "index"), RecordedFramesFile.FileName);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var error = Assert.Throws<InvalidDataException>(() => dataset.ReadInputs(episode, "index"));
        Assert.That(error!.Message, Does.StartWith(path).And.Contain("truncated or corrupt").And.Match("end inside frame \\d+ of \\d+"));

        File.WriteAllBytes(path, bytes[..^4]);
        error = Assert.Throws<InvalidDataException>(() => dataset.ReadInputs(episode, "index"));
        Assert.That(error!.Message, Does.StartWith(path).And.Contain($"end inside the frame pair of step {episode.Steps - 1} of {episode.Steps}"));
    }

    [Test]
    public void ACorruptFramesFileNamesTheFileAndWhatWasExpected()
    {
        var (dataset, episode) = Build();
        var path = Path.Combine(dataset.SensorDirectory(episode, "thumb"), RecordedFramesFile.FileName);
        var bytes = File.ReadAllBytes(path);

        File.WriteAllBytes(path, [.. "NOTFRAME"u8, .. bytes[8..]]);
        var error = Assert.Throws<InvalidDataException>(() => dataset.ReadInputs(episode, "thumb"));
        Assert.That(error!.Message, Is.EqualTo($"{path}: not a recorded-frames file (expected it to start with \"SRFRAMES\")"));

        File.WriteAllBytes(path, [.. bytes[..8], 9, 0, 0, 0, .. bytes[12..]]);
        error = Assert.Throws<InvalidDataException>(() => dataset.ReadInputs(episode, "thumb"));
        Assert.That(error!.Message, Is.EqualTo($"{path}: recorded-frames version 9 is not supported (this build reads version {RecordedFramesFile.Version})"));

        File.WriteAllBytes(path, [.. bytes, 0]);
        error = Assert.Throws<InvalidDataException>(() => dataset.ReadInputs(episode, "thumb"));
        Assert.That(error!.Message, Is.EqualTo($"{path}: 1 bytes after the last step's frame pair, expected none"));
    }

    [Test]
    public void AVersionOneDatasetOfStacksStillOpens()
    {
        var (dataset, episode) = Build();
        var inputs = dataset.ReadInputs(episode, "index");
        var folder = dataset.SensorDirectory(episode, "index");
        File.Delete(Path.Combine(folder, RecordedFramesFile.FileName));
        Npy.Write(Path.Combine(folder, PolicyDataset.InputsFile), inputs);
        var manifest = Path.Combine(dataset.Root, PolicyDataset.ManifestFile);
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace($"version: {DatasetManifest.CurrentVersion}", "version: 1", StringComparison.Ordinal));

        var old = PolicyDataset.Open(dataset.Root);
        Assert.That(old.Manifest.Version, Is.EqualTo(1));
        Assert.That(old.ReadRecordedFrames(episode, "index"), Is.Null);
        Assert.That(old.ReadInputs(episode, "index").Data, Is.EqualTo(inputs.Data));
    }

    [Test]
    public void PackedTokensRoundTripBitForBitAndADamagedFileIsRefused()
    {
        // Float16 bit patterns whose steps mostly repeat, as a tactile encoder's do, with some that change.
        var random = new Random(5);
        var (steps, tokens, dim) = (7, 5, 6);
        var data = new byte[steps * tokens * dim * 2];
        random.NextBytes(data.AsSpan(0, tokens * dim * 2));
        for (var b = tokens * dim * 2; b < data.Length; b++)
        {
            data[b] = random.Next(4) == 0 ? (byte)random.Next(256) : data[b - tokens * dim * 2];
        }
        var array = new NpyArray(NpyDType.Float16, [steps, tokens, dim], data);
        var path = Path.Combine(TestPaths.NewTempDirectory("tokens").FullName, "thumb" + TokenFile.Extension);
        TokenFile.Write(path, array);
        var back = TokenFile.Read(path);
        Assert.That((back.DType, back.Shape, back.Data), Is.EqualTo((NpyDType.Float16, array.Shape, data)));

        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..40]);
        var error = Assert.Throws<InvalidDataException>(() => TokenFile.Read(path));
        Assert.That(error!.Message, Does.StartWith(path).And.Contain($"truncated").And.Contain($"of the {data.Length} bytes of (7, 5, 6) float16 tokens"));

        File.WriteAllBytes(path, bytes[..20]);
        error = Assert.Throws<InvalidDataException>(() => TokenFile.Read(path));
        Assert.That(error!.Message, Is.EqualTo($"{path}: not a token file (expected a 36-byte header starting with \"SRTOKENS\")"));

        Assert.That(() => TokenFile.Write(path, new NpyArray(NpyDType.UInt8, [2, 2], new byte[4])),
            Throws.ArgumentException.With.Message.Contains("tokens must be (T, N, D) float16, found |u1 (2, 2)"));
    }

    private static (PolicyDataset Dataset, DatasetEpisode Episode) Build()
    {
        var root = TestPaths.NewTempDirectory().FullName;
        var bag = new SyntheticBag(Seconds: 1).Write(Path.Combine(root, "ep0"));
        var dataset = DatasetBuilder.Build([bag], SyntheticBag.Config(), Path.Combine(root, "out"), resume: false).Dataset;
        return (dataset, dataset.Manifest.Episodes.Single());
    }
}
