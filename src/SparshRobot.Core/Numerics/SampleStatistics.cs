namespace SparshRobot.Core.Numerics;

/// <summary>
/// What every 95 % mean interval in the reports is built from: the mean and its standard error. Which quantile
/// multiplies the error is the caller's choice (Student's t over a few seeds, the normal 1.96 over many episodes).
/// </summary>
public static class SampleStatistics
{
    /// <summary>
    /// Mean and standard error (sample standard deviation over √n); the mean is NaN for no values and the error NaN
    /// for fewer than two (unknown, not zero).
    /// </summary>
    public static (double Mean, double StandardError) MeanStandardError(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return (double.NaN, double.NaN);
        }
        var mean = values.Average();
        if (values.Count == 1)
        {
            return (mean, double.NaN);
        }
        var variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1);
        return (mean, Math.Sqrt(variance / values.Count));
    }
}
