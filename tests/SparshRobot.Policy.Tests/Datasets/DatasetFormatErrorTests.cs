using SparshRobot.Core.Numerics;
using SparshRobot.Policy.Datasets;
using SparshRobot.Testing;

namespace SparshRobot.Policy.Tests.Datasets;

/// <summary>A damaged dataset folder is refused with the file and what was expected, never half read.</summary>
public class DatasetFormatErrorTests
{
    private const int Steps = 4;

    [TestCase("format: sparsh-robot/policy-dataset", "format: lerobot", "format is 'lerobot', expected 'sparsh-robot/policy-dataset'")]
    [TestCase("version: 2", "version: 7", "version 7 is not supported (this build reads versions 1 to 2)")]
    [TestCase("rate_hz: 10", "rate_hz: 0", "rate_hz is 0, expected a positive rate")]
    [TestCase("split: val", "split: test", "split 'test', expected 'train' or 'val'")]
    [TestCase("name: e1", "name: e0", "episode 'e0' is listed twice")]
    [TestCase("rate_hz: 10", "rate_hz: [", "line")]
    [TestCase("rate_hz: 10", "rate_hx: 10", ": `rate_hx`: unknown key; did you mean `rate_hz`?")]
    [TestCase("rate_hz: 10", "rate_hz: ten", ": `rate_hz`: 'ten' is not a number")]
    public void ABrokenManifestNamesTheFileAndField(string from, string to, string expected)
    {
        var root = Build();
        var manifest = Path.Combine(root, PolicyDataset.ManifestFile);
        var text = File.ReadAllText(manifest);
        Assert.That(text, Does.Contain(from), "the fixture no longer writes the field this case breaks");
        File.WriteAllText(manifest, text.Replace(from, to, StringComparison.Ordinal));
        var error = Assert.Throws<InvalidDataException>(() => PolicyDataset.Open(root));
        Assert.That(error!.Message, Does.StartWith(manifest).And.Contain(expected));
    }

    [Test]
    public void StatisticsWithoutTheActionBlockAreRefused()
    {
        var root = Build();
        var stats = Path.Combine(root, PolicyDataset.StatisticsFile);
        var text = File.ReadAllText(stats);
        File.WriteAllText(stats, text[..text.IndexOf("action:", StringComparison.Ordinal)]);
        var error = Assert.Throws<InvalidDataException>(() => PolicyDataset.Open(root));
        Assert.That(error!.Message, Does.StartWith(stats).And.Contain("no 'action' statistics"));
    }

    [Test]
    public void AMistypedStatisticsKeyIsRefusedWithItsLine()
    {
        var root = Build();
        var stats = Path.Combine(root, PolicyDataset.StatisticsFile);
        File.WriteAllText(stats, File.ReadAllText(stats).Replace("  mean:", "  maen:", StringComparison.Ordinal));
        var error = Assert.Throws<InvalidDataException>(() => PolicyDataset.Open(root));
        Assert.That(error!.Message, Does.StartWith(stats).And.Match(@": line \d+: `state\.maen`: unknown key; did you mean `mean`\?"));
    }

    [Test]
    public void AnEpisodeArrayOfTheWrongShapeNamesTheFileAndBothShapes()
    {
        var root = Build();
        var dataset = PolicyDataset.Open(root);
        var episode = dataset.Split(PolicyDataset.TrainSplit)[0];
        var path = Path.Combine(dataset.EpisodeDirectory(episode), "state.npy");
        Npy.Write(path, NpyArray.FromFloat32(new float[Steps * 2], Steps, 2));
        var error = Assert.Throws<NpyFormatException>(() => dataset.ReadState(episode));
        Assert.That(error!.Message, Does.StartWith(path).And.Contain("expected <f4 of shape (4, 3)").And.Contain("found <f4 of shape (4, 2)"));
    }

    [Test]
    public void AMissingManifestSaysWhatFolderWasExpected()
    {
        var root = TestPaths.NewTempDirectory("dataset").FullName;
        var error = Assert.Throws<FileNotFoundException>(() => PolicyDataset.Open(root));
        Assert.That(error!.Message, Does.Contain(PolicyDataset.ManifestFile).And.Contain("sparsh-robot dataset build"));
    }

    private static string Build()
    {
        var root = Path.Combine(TestPaths.NewTempDirectory("dataset").FullName, "data");
        var writer = new PolicyDatasetWriter(root, new DatasetManifest
        {
            RateHz = 10,
            ImageHeight = 16,
            ImageWidth = 16,
            Sensors = [new DatasetSensor { Name = "thumb", Topic = "/t" }],
            StateFeatures = ["x", "y", "z"],
            ActionFeatures = ["dx", "dy", "dz"],
        });
        foreach (var (name, split) in new[] { ("e0", PolicyDataset.TrainSplit), ("e1", PolicyDataset.ValidationSplit) })
        {
            var rows = Enumerable.Range(0, Steps).Select(t => new[] { t * 0.01f, 0f, 0f }).ToArray();
            writer.WriteEpisode(new DatasetEpisode { Name = name, Split = split, Steps = Steps, Bag = name },
                [.. Enumerable.Range(0, Steps).Select(t => t * 100_000_000L)], rows, rows,
                new Dictionary<string, NpyArray> { ["thumb"] = new(NpyDType.UInt8, [Steps, 6, 16, 16], new byte[Steps * 6 * 16 * 16]) });
        }
        writer.Finish();
        return root;
    }
}
