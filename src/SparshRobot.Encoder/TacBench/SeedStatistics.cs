using SparshRobot.Core.Numerics;

namespace SparshRobot.Encoder.TacBench;

/// <summary>
/// The mean of a cell's seeds and its 95 % confidence interval from Student's t: with the two to five seeds a
/// benchmark affords, the normal 1.96 would claim an interval up to six times too narrow.
/// </summary>
public static class SeedStatistics
{
    // t(0.975, df) for df = 1..30.
    private static readonly double[] T975 =
    [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
        2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ];

    /// <summary>The 97.5 % quantile of Student's t with <paramref name="degrees"/> degrees of freedom.</summary>
    public static double TQuantile975(int degrees)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(degrees, 1);
        if (degrees <= T975.Length)
        {
            return T975[degrees - 1];
        }
        // Cornish-Fisher expansion around the normal quantile: within 1e-4 beyond 30 degrees.
        const double z = 1.959964;
        return z + (z * z * z + z) / (4.0 * degrees) + (5 * Math.Pow(z, 5) + 16 * z * z * z + 3 * z) / (96.0 * degrees * degrees);
    }

    /// <summary>Mean and half-width of the 95 % interval; the half-width is NaN for a single value (unknown, not zero).</summary>
    public static (double Mean, double HalfWidth) MeanInterval95(IReadOnlyList<double> values)
    {
        var (mean, standardError) = SampleStatistics.MeanStandardError(values);
        return values.Count < 2 ? (mean, double.NaN) : (mean, TQuantile975(values.Count - 1) * standardError);
    }
}
