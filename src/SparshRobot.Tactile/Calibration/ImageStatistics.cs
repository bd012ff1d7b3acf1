using SparshRobot.Core.Sensing;
using SparshRobot.Tactile.Capture;

namespace SparshRobot.Tactile.Calibration;

/// <summary>Per-channel mean and standard deviation (grey levels, RGB order) of an image, over all its pixels.</summary>
public sealed record ImageStatistics(IReadOnlyList<double> Mean, IReadOnlyList<double> Std)
{
    public static ImageStatistics OfRgb(ReadOnlySpan<byte> rgb)
    {
        if (rgb.Length == 0 || rgb.Length % 3 != 0)
        {
            throw new ArgumentException($"{rgb.Length} bytes are not a whole number of RGB pixels", nameof(rgb));
        }
        Span<double> sum = stackalloc double[3];
        Span<double> sumSq = stackalloc double[3];
        for (var i = 0; i < rgb.Length; i++)
        {
            double v = rgb[i];
            sum[i % 3] += v;
            sumSq[i % 3] += v * v;
        }
        var n = rgb.Length / 3.0;
        var mean = new double[3];
        var std = new double[3];
        for (var c = 0; c < 3; c++)
        {
            mean[c] = sum[c] / n;
            std[c] = Math.Sqrt(Math.Max(0, sumSq[c] / n - mean[c] * mean[c]));
        }
        return new ImageStatistics(mean, std);
    }

    public static ImageStatistics Of(TactileFrame frame) =>
        OfRgb(new RawImage(frame.Width, frame.Height, frame.Encoding, frame.Pixels.ToArray()).ToRgb());

    /// <summary>The largest per-channel difference of the means, grey levels.</summary>
    public double MaxMeanDifference(ImageStatistics other) => Enumerable.Range(0, 3).Max(c => Math.Abs(Mean[c] - other.Mean[c]));

    public override string ToString() =>
        FormattableString.Invariant($"mean RGB {Mean[0]:F1}/{Mean[1]:F1}/{Mean[2]:F1}, std {Std[0]:F1}/{Std[1]:F1}/{Std[2]:F1}");
}
