using SparshRobot.Cli.Commands.Bench;

namespace SparshRobot.Cli.Tests.Bench;

/// <summary>The bench's per-second p99 follows ddsperf's rule, so the two sides compare the same statistic.</summary>
public class DdsBenchSupportTests
{
    [Test]
    public void EachWindowsP99IsItsSecondLargestOf120AsDdsperfPrintsIt()
    {
        // Window 1: ticks 0..119 with latencies 1..120 (shuffled order); window 2: ticks 1000..1119, latencies 1001..1120.
        var samples = new List<(long, double)>();
        for (var i = 0; i < 120; i++)
        {
            samples.Add((i, 1 + (i * 7 % 120)));
        }
        for (var i = 0; i < 120; i++)
        {
            samples.Add((1000 + i, 1001 + i));
        }
        // n = 120: raw[120 - (120 + 99) / 100] = raw[118], the second largest.
        Assert.That(DdsBenchSupport.PerWindowP99(samples, 1000), Is.EqualTo(new[] { 119.0, 1119.0 }));
    }

    [Test]
    public void ASmallWindowTakesItsMaximumAndWindowsStartAtTheirFirstArrival()
    {
        // n <= 100: (n + 99) / 100 = 1, the largest. Windows: [0, 5, 9], [10], [25].
        var samples = new List<(long, double)> { (0, 3), (5, 9), (9, 4), (10, 2), (25, 7) };
        Assert.That(DdsBenchSupport.PerWindowP99(samples, 10), Is.EqualTo(new[] { 9.0, 2.0, 7.0 }));
        Assert.That(DdsBenchSupport.PerWindowP99([], 10), Is.Empty);
    }

    [Test]
    public void APhaseSummaryIsTheOverallP50AndTheMedianAndWorstWindowP99()
    {
        // Windows [0, 5, 9] -> p99 9, [10] -> 2, [25] -> 7; all five latencies sorted 2, 3, 4, 7, 9 -> p50 the 3rd, 4.
        var samples = new List<(long, double)> { (0, 3), (5, 9), (9, 4), (10, 2), (25, 7) };
        Assert.That(DdsBenchSupport.Summarize(samples, 10), Is.EqualTo((4.0, 7.0, 9.0)));
        Assert.That(DdsBenchSupport.Summarize([], 10), Is.EqualTo((double.NaN, double.NaN, double.NaN)));
    }

    [Test]
    public void TheMedianIsTheMiddleOrTheUpperMiddle()
    {
        Assert.That(DdsBenchSupport.Median([5, 1, 3]), Is.EqualTo(3));
        Assert.That(DdsBenchSupport.Median([4, 1, 3, 2]), Is.EqualTo(3));
        Assert.That(DdsBenchSupport.Median([]), Is.NaN);
    }
}
