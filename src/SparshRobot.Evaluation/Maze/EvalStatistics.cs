using SparshRobot.Core.Numerics;

namespace SparshRobot.Evaluation.Maze;

/// <summary>Interval estimates for the benchmark's tables.</summary>
public static class EvalStatistics
{
    /// <summary>Wilson score interval of a proportion (95 % with z = 1.96); well behaved at 0 and n successes.</summary>
    public static (double Low, double High) Wilson(int successes, int n, double z = 1.96)
    {
        if (n <= 0)
        {
            return (0, 1);
        }
        if (successes < 0 || successes > n)
        {
            throw new ArgumentOutOfRangeException(nameof(successes), successes, $"successes must be in [0, {n}]");
        }
        var p = successes / (double)n;
        var z2 = z * z;
        var centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        var half = z * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>
    /// Mean and the half-width of its normal 95 % interval (1.96 standard errors; 0 for fewer than two values). Normal,
    /// unlike <see cref="SparshRobot.Encoder.TacBench.SeedStatistics"/>' Student t over a few seeds: a row averages
    /// many episodes, every maze report so far used 1.96, and each row carries its episode count beside the interval.
    /// </summary>
    public static (double Mean, double HalfWidth) MeanInterval(IReadOnlyList<double> values)
    {
        var (mean, standardError) = SampleStatistics.MeanStandardError(values);
        return (mean, values.Count switch { 0 => double.NaN, 1 => 0, _ => 1.96 * standardError });
    }
}
