using SparshRobot.Core.Numerics;
using SparshRobot.Policy.Datasets;
using SparshRobot.Policy.Normalization;
using SparshRobot.Testing;
using TorchSharp;

namespace SparshRobot.Policy.Tests.Datasets;

public class StatisticsRoundTripTests
{
    private static DatasetManifest Manifest() => new()
    {
        RateHz = 10,
        Sensors = [new DatasetSensor { Name = "thumb", Topic = "/t" }],
        StateFeatures = ["x", "y"],
        ActionFeatures = ["dx"],
        ImageHeight = 16,
        ImageWidth = 16,
    };

    private static void Write(PolicyDatasetWriter writer, string name, string split, float[][] state, float[][] action)
    {
        var steps = state.Length;
        writer.WriteEpisode(new DatasetEpisode { Name = name, Split = split, Steps = steps, Bag = name },
            [.. Enumerable.Range(0, steps).Select(i => (long)i)], state, action,
            new Dictionary<string, NpyArray> { ["thumb"] = new(NpyDType.UInt8, [steps, 6, 16, 16], new byte[steps * 6 * 16 * 16]) });
    }

    [Test]
    public void StatisticsComeFromTheTrainingSplitAndNormalizersRoundTrip()
    {
        var root = TestPaths.NewTempDirectory().FullName;
        var writer = new PolicyDatasetWriter(root, Manifest());
        Write(writer, "a", PolicyDataset.TrainSplit, [[1, 10], [2, 10]], [[0.5f], [-0.5f]]);
        Write(writer, "b", PolicyDataset.TrainSplit, [[3, 10], [4, 10]], [[1.5f], [0.5f]]);
        Write(writer, "v", PolicyDataset.ValidationSplit, [[100, -100]], [[100]]);
        var stats = writer.Finish().Statistics;
        // Reopened from stats.yaml, so the file round trip is part of the check.
        stats = PolicyDataset.Open(root).Statistics;

        // x = 1, 2, 3, 4 (the validation row is not counted): mean 2.5, population std sqrt(1.25),
        // quantiles by NumPy's linear rule: q01 = 1 + 0.03, q99 = 4 - 0.03.
        Assert.That(stats.State.Min, Is.EqualTo(new[] { 1.0, 10 }));
        Assert.That(stats.State.Max, Is.EqualTo(new[] { 4.0, 10 }));
        Assert.That(stats.State.Mean, Is.EqualTo(new[] { 2.5, 10 }).Within(1e-12));
        Assert.That(stats.State.Std, Is.EqualTo(new[] { Math.Sqrt(1.25), 0 }).Within(1e-12));
        Assert.That(stats.State.Q01[0], Is.EqualTo(1.03).Within(1e-12));
        Assert.That(stats.State.Q50[0], Is.EqualTo(2.5).Within(1e-12));
        Assert.That(stats.State.Q99[0], Is.EqualTo(3.97).Within(1e-12));
        Assert.That(stats.Action.Mean[0], Is.EqualTo(0.5).Within(1e-12));

        using var x = torch.tensor(new float[] { 1, 10, 2.5f, 10, 4, 10, 7, 3 }, [4, 2]);
        foreach (var mode in new[] { NormalizationMode.MeanStd, NormalizationMode.MinMax })
        {
            var normalizer = AffineNormalizer.Fit(stats.State, mode);
            using var y = normalizer.Normalize(x);
            using var back = normalizer.Denormalize(y);
            Assert.That(back.data<float>().ToArray(), Is.EqualTo(x.data<float>().ToArray()).Within(1e-5f), mode.ToString());
            if (mode == NormalizationMode.MinMax)
            {
                // min -> -1, max -> +1; the constant y column maps to 0.
                Assert.That(y[0].data<float>().ToArray(), Is.EqualTo(new[] { -1f, 0f }).Within(1e-6f));
                Assert.That(y[2].data<float>().ToArray(), Is.EqualTo(new[] { 1f, 0f }).Within(1e-6f));
            }
            else
            {
                Assert.That(y[1, 0].item<float>(), Is.EqualTo(0f).Within(1e-6f));
            }
        }
    }
}
