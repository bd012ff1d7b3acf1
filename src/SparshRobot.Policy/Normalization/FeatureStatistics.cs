using YamlDotNet.Serialization;

namespace SparshRobot.Policy.Normalization;

/// <summary>Per-feature statistics of a dataset column block (rows = samples, columns = features).</summary>
public sealed record FeatureStatistics(double[] Min, double[] Max, double[] Mean, double[] Std, double[] Q01, double[] Q50, double[] Q99)
{
    // Derived, so not written to stats.yaml (whose reader accepts only the statistics themselves).
    [YamlIgnore]
    public int Count => Min.Length;

    /// <summary>Computes the statistics of <paramref name="rows"/>, each row one sample of equal length.</summary>
    public static FeatureStatistics Compute(IReadOnlyList<float[]> rows, string what)
    {
        if (rows.Count == 0)
        {
            throw new ArgumentException($"{what}: no samples to compute statistics from", nameof(rows));
        }
        var features = rows[0].Length;
        var column = new double[rows.Count];
        var stats = new FeatureStatistics(new double[features], new double[features], new double[features], new double[features],
            new double[features], new double[features], new double[features]);
        for (var f = 0; f < features; f++)
        {
            for (var r = 0; r < rows.Count; r++)
            {
                if (rows[r].Length != features)
                {
                    throw new ArgumentException($"{what}: sample {r} has {rows[r].Length} features, sample 0 has {features}", nameof(rows));
                }
                var v = rows[r][f];
                if (!float.IsFinite(v))
                {
                    throw new ArgumentException($"{what}: sample {r} feature {f} is {v}, expected a finite number", nameof(rows));
                }
                column[r] = v;
            }
            Array.Sort(column);
            var mean = column.Average();
            stats.Min[f] = column[0];
            stats.Max[f] = column[^1];
            stats.Mean[f] = mean;
            stats.Std[f] = Math.Sqrt(column.Sum(v => (v - mean) * (v - mean)) / column.Length);
            stats.Q01[f] = Quantile(column, 0.01);
            stats.Q50[f] = Quantile(column, 0.50);
            stats.Q99[f] = Quantile(column, 0.99);
        }
        return stats;
    }

    /// <summary>Linear interpolation between order statistics (NumPy's default "linear" method).</summary>
    private static double Quantile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }
}
