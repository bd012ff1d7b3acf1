using SparshRobot.Core.Numerics;

namespace SparshRobot.Core.Tests.Numerics;

public class SampleStatisticsTests
{
    [Test]
    public void TheStandardErrorIsTheSampleDeviationOverTheRootOfTheCount()
    {
        var values = new[] { 2.0, 4.0, 9.0 };
        var mean = values.Average();
        var deviation = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
        var (m, error) = SampleStatistics.MeanStandardError(values);
        Assert.That(m, Is.EqualTo(5.0).Within(1e-12));
        Assert.That(error, Is.EqualTo(deviation / Math.Sqrt(values.Length)).Within(1e-12));
    }

    [Test]
    public void EqualValuesHaveNoError() =>
        Assert.That(SampleStatistics.MeanStandardError([3.5, 3.5, 3.5]), Is.EqualTo((3.5, 0.0)));

    [Test]
    public void FewerThanTwoValuesLeaveTheErrorUnknown()
    {
        var (mean, error) = SampleStatistics.MeanStandardError([7.0]);
        Assert.That(mean, Is.EqualTo(7.0));
        Assert.That(double.IsNaN(error), Is.True, "one value gives no error, not a zero one");
        var (emptyMean, emptyError) = SampleStatistics.MeanStandardError([]);
        Assert.That(double.IsNaN(emptyMean) && double.IsNaN(emptyError), Is.True);
    }

    [Test]
    public void NullValuesAreRefused() =>
        Assert.That(() => SampleStatistics.MeanStandardError(null!), Throws.ArgumentNullException);
}
