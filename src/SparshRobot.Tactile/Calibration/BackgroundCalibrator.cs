using SparshRobot.Core.Sensing;
using SparshRobot.Tactile.Capture;

namespace SparshRobot.Tactile.Calibration;

/// <summary>Result of a calibration: the median background and what describes it.</summary>
public sealed record CalibrationResult(BackgroundImage Background, int FrameCount, double NoiseStd, int RejectedFrames);

/// <summary>
/// Collects no-contact frames until <see cref="FrameCount"/> consecutive ones are stable (the mean absolute change
/// from the previous frame stays below <see cref="MaxMeanChange"/> grey levels), then takes the per-pixel median.
/// A frame that changes more (a finger still lifting, lights warming up) restarts the run.
/// </summary>
public sealed class BackgroundCalibrator(string profileName, int frameCount = 30, double maxMeanChange = 2.0)
{
    private readonly List<byte[]> _stable = [];
    private byte[]? _previous;
    private int _width;
    private int _height;

    public int FrameCount { get; } = frameCount > 0 ? frameCount : throw new ArgumentOutOfRangeException(nameof(frameCount), frameCount, "need at least one frame");

    public double MaxMeanChange { get; } = maxMeanChange;

    public int RejectedFrames { get; private set; }

    public int StableFrames => _stable.Count;

    public bool IsComplete => _stable.Count >= FrameCount;

    /// <summary>Offers a frame; returns false when it was rejected as still changing (the stable run restarts).</summary>
    public bool Offer(TactileFrame frame)
    {
        var rgb = new RawImage(frame.Width, frame.Height, frame.Encoding, frame.Pixels.ToArray()).ToRgb();
        if (_previous is not null && (frame.Width != _width || frame.Height != _height))
        {
            throw new InvalidDataException($"sensor '{frame.SensorId}' changed frame size from {_width}x{_height} to {frame.Width}x{frame.Height} during calibration");
        }
        (_width, _height) = (frame.Width, frame.Height);
        var accepted = true;
        if (_previous is not null && MeanAbsoluteChange(_previous, rgb) > MaxMeanChange)
        {
            RejectedFrames++;
            _stable.Clear();
            accepted = false;
        }
        _previous = rgb;
        if (!IsComplete)
        {
            _stable.Add(rgb);
        }
        return accepted;
    }

    public CalibrationResult Compute()
    {
        if (!IsComplete)
        {
            throw new InvalidOperationException($"calibration has {_stable.Count} stable frames of {FrameCount} needed");
        }
        var n = _stable.Count;
        var length = _stable[0].Length;
        var median = new byte[length];
        var values = new byte[n];
        double noise = 0;
        for (var i = 0; i < length; i++)
        {
            double sum = 0, sumSq = 0;
            for (var k = 0; k < n; k++)
            {
                values[k] = _stable[k][i];
                sum += values[k];
                sumSq += values[k] * (double)values[k];
            }
            Array.Sort(values);
            median[i] = values[n / 2];
            var mean = sum / n;
            noise += Math.Sqrt(Math.Max(0, sumSq / n - mean * mean));
        }
        return new CalibrationResult(new BackgroundImage(profileName, _width, _height, median), n, noise / length, RejectedFrames);
    }

    private static double MeanAbsoluteChange(byte[] a, byte[] b)
    {
        long total = 0;
        for (var i = 0; i < a.Length; i++)
        {
            total += Math.Abs(a[i] - b[i]);
        }
        return (double)total / a.Length;
    }
}
