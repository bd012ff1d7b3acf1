using SparshRobot.Evaluation.Maze;

namespace SparshRobot.Evaluation.Tests.Maze;

public class EvalStatisticsTests
{
    [Test]
    public void WilsonIntervalMatchesHandComputedValues()
    {
        // 8 of 10, z = 1.96: centre (0.8 + 0.19208) / 1.38416, half 1.96 sqrt(0.016 + 0.0009604) / 1.38416.
        var (low, high) = EvalStatistics.Wilson(8, 10);
        Assert.That(low, Is.EqualTo(0.4901).Within(1e-4));
        Assert.That(high, Is.EqualTo(0.9433).Within(1e-4));
        var (zeroLow, zeroHigh) = EvalStatistics.Wilson(0, 50);
        Assert.That(zeroLow, Is.Zero);
        Assert.That(zeroHigh, Is.EqualTo(0.0713).Within(1e-4));
        Assert.That(EvalStatistics.Wilson(50, 50).High, Is.EqualTo(1));
        Assert.That(() => EvalStatistics.Wilson(11, 10), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void MeanIntervalIsOnePointNineSixStandardErrors()
    {
        var (mean, half) = EvalStatistics.MeanInterval([1.0, 2.0, 3.0, 4.0]);
        Assert.That(mean, Is.EqualTo(2.5));
        // Sample std sqrt(5/3), over sqrt(4).
        Assert.That(half, Is.EqualTo(1.96 * Math.Sqrt(5.0 / 3) / 2).Within(1e-12));
        Assert.That(EvalStatistics.MeanInterval([0.7]).HalfWidth, Is.Zero);
        Assert.That(double.IsNaN(EvalStatistics.MeanInterval([]).Mean), Is.True);
    }
}
