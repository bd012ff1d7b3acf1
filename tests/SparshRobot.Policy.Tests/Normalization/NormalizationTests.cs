using SparshRobot.Policy.Normalization;
using TorchSharp;

namespace SparshRobot.Policy.Tests.Normalization;

public class NormalizationTests
{
    private static readonly float[][] Rows =
    [
        [0f, 10f, 5f],
        [1f, 20f, 5f],
        [2f, 30f, 5f],
        [3f, 40f, 5f],
        [4f, 50f, 5f],
    ];

    [Test]
    public void StatisticsMatchHandComputedValues()
    {
        var s = FeatureStatistics.Compute(Rows, "actions");
        Assert.Multiple(() =>
        {
            Assert.That(s.Min, Is.EqualTo(new[] { 0.0, 10, 5 }));
            Assert.That(s.Max, Is.EqualTo(new[] { 4.0, 50, 5 }));
            Assert.That(s.Mean, Is.EqualTo(new[] { 2.0, 30, 5 }));
            Assert.That(s.Std[0], Is.EqualTo(Math.Sqrt(2)).Within(1e-12), "population std of 0..4");
            Assert.That(s.Q50[1], Is.EqualTo(30));
            Assert.That(s.Q01[0], Is.EqualTo(0.04).Within(1e-12), "linear interpolation: 0.01 * (5 - 1) = 0.04");
            Assert.That(s.Q99[1], Is.EqualTo(49.6).Within(1e-9));
        });
    }

    [Test]
    public void StatisticsRejectRaggedAndNonFiniteRows()
    {
        var ragged = Assert.Throws<ArgumentException>(() => FeatureStatistics.Compute([[1f, 2f], [1f]], "state"));
        Assert.That(ragged!.Message, Does.Contain("state").And.Contain("sample 1 has 1 features"));
        var nan = Assert.Throws<ArgumentException>(() => FeatureStatistics.Compute([[1f], [float.NaN]], "state"));
        Assert.That(nan!.Message, Does.Contain("sample 1 feature 0").And.Contain("NaN"));
        Assert.Throws<ArgumentException>(() => FeatureStatistics.Compute([], "state"));
    }

    [Test]
    public void MinMaxMapsTheRangeToMinusOneOneAndRoundTrips()
    {
        var normalizer = AffineNormalizer.Fit(FeatureStatistics.Compute(Rows, "actions"), NormalizationMode.MinMax);
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(Rows.SelectMany(r => r).ToArray(), [5, 3]);
        var y = normalizer.Normalize(x);
        var back = normalizer.Denormalize(y);
        Assert.Multiple(() =>
        {
            Assert.That(y[0].data<float>().ToArray(), Is.EqualTo(new[] { -1f, -1f, 0f }).Within(1e-6), "constant feature maps to 0");
            Assert.That(y[4].data<float>().ToArray(), Is.EqualTo(new[] { 1f, 1f, 0f }).Within(1e-6));
            Assert.That(back.data<float>().ToArray(), Is.EqualTo(x.data<float>().ToArray()).Within(1e-5));
        });
    }

    [Test]
    public void MeanStdStandardizesAndRoundTrips()
    {
        var normalizer = AffineNormalizer.Fit(FeatureStatistics.Compute(Rows, "state"), NormalizationMode.MeanStd);
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(Rows.SelectMany(r => r).ToArray(), [5, 3]);
        var y = normalizer.Normalize(x);
        Assert.Multiple(() =>
        {
            Assert.That(y.mean([0]).data<float>().ToArray(), Is.EqualTo(new[] { 0f, 0f, 0f }).Within(1e-6));
            Assert.That(y.std(0, unbiased: false).data<float>()[0], Is.EqualTo(1f).Within(1e-5));
            Assert.That(normalizer.Denormalize(y).data<float>().ToArray(), Is.EqualTo(x.data<float>().ToArray()).Within(1e-4));
        });
    }

    [Test]
    public void RejectsATensorOfTheWrongWidth()
    {
        var normalizer = AffineNormalizer.Fit(FeatureStatistics.Compute(Rows, "actions"), NormalizationMode.MinMax);
        using var x = torch.zeros(2, 4);
        var e = Assert.Throws<ArgumentException>(() => normalizer.Normalize(x));
        Assert.That(e!.Message, Does.Contain("3 features").And.Contain("is 4"));
    }
}
