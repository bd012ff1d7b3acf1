using SparshRobot.Encoder.Initialization;
using SparshRobot.Encoder.Probes;
using static TorchSharp.torch;

namespace SparshRobot.Encoder.Tests.Initialization;

[Category("torch")]
public class TruncatedNormalTests
{
    [Test]
    public void WideBoundsGiveTheRequestedNormal()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var values = TruncatedNormal.Fill(empty(200_000, dtype: float64), mean: 0.5, std: 0.02);
        Assert.That(values.mean().item<double>(), Is.EqualTo(0.5).Within(0.0005));
        Assert.That(values.std().item<double>(), Is.EqualTo(0.02).Within(0.0005));
        Assert.That(values.unique().Item1.shape[0], Is.GreaterThan(190_000), "values vary");
    }

    [Test]
    public void TightBoundsHoldAndGiveTheTruncatedMoments()
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        // Standard normal cut to [-1, 1]: mean 0, std sqrt(1 - 2·φ(1)/(2Φ(1)-1)) ≈ 0.5396.
        var values = TruncatedNormal.Fill(empty(200_000, dtype: float64), std: 1.0, a: -1.0, b: 1.0);
        Assert.That(values.min().item<double>(), Is.GreaterThanOrEqualTo(-1.0));
        Assert.That(values.max().item<double>(), Is.LessThanOrEqualTo(1.0));
        Assert.That(values.mean().item<double>(), Is.EqualTo(0.0).Within(0.005));
        Assert.That(values.std().item<double>(), Is.EqualTo(0.5396).Within(0.005));
        // Inverse-CDF sampling, not clamping: nothing piles up on the bounds.
        Assert.That((values.abs() > 0.999).sum().item<long>(), Is.LessThan(400));
    }

    [Test]
    public void AsymmetricBoundsShiftTheMeanIntoTheWindow()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        // Standard normal cut to [0, 3]: mean (φ(0) - φ(3)) / (Φ(3) - Φ(0)) ≈ 0.7912.
        var values = TruncatedNormal.Fill(empty(200_000, dtype: float64), a: 0.0, b: 3.0);
        Assert.That(values.min().item<double>(), Is.GreaterThanOrEqualTo(0.0));
        Assert.That(values.max().item<double>(), Is.LessThanOrEqualTo(3.0));
        Assert.That(values.mean().item<double>(), Is.EqualTo(0.7912).Within(0.005));
    }

    [Test]
    public void BadArgumentsAreRefused()
    {
        using var values = empty(4);
        Assert.That(() => TruncatedNormal.Fill(values, std: 0.0), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("std"));
        Assert.That(() => TruncatedNormal.Fill(values, a: 1.0, b: 1.0), Throws.ArgumentException.With.Message.Contains("a < b"));
    }

    [Test]
    public void AttentivePoolerQueryTokensAreDistinct()
    {
        using var scope = NewDisposeScope();
        manual_seed(6);
        using var pooler = new AttentivePooler(dim: 192, heads: 3);
        var query = pooler.state_dict()["query_tokens"];
        // TorchSharp's own trunc_normal_ filled every entry with 0.02.
        Assert.That(query.unique().Item1.shape[0], Is.EqualTo(192));
        Assert.That(query.std().item<float>(), Is.EqualTo(0.02).Within(0.006));
    }
}
