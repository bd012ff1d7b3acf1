using SparshRobot.Tactile.Capture;

namespace SparshRobot.Tactile.Calibration;

/// <summary>Feeds a source into a <see cref="BackgroundCalibrator"/> until it is complete.</summary>
public static class BackgroundCalibrationRun
{
    /// <summary>
    /// Reads up to <paramref name="maxReads"/> frames; throws when the source ends, stays stale for
    /// <paramref name="maxStaleReads"/> reads in a row, or never settles.
    /// </summary>
    public static CalibrationResult Run(ITactileSource source, BackgroundCalibrator calibrator, int maxReads, Action<BackgroundCalibrator>? progress = null, int maxStaleReads = 5, CancellationToken cancellationToken = default)
    {
        var stale = 0;
        for (var read = 0; read < maxReads && !calibrator.IsComplete; read++)
        {
            var result = source.Read(cancellationToken);
            switch (result.Status)
            {
                case CaptureStatus.Frame:
                    stale = 0;
                    calibrator.Offer(result.Frame!);
                    progress?.Invoke(calibrator);
                    break;
                case CaptureStatus.Stale when ++stale >= maxStaleReads:
                    throw new InvalidOperationException($"sensor '{source.SensorId}' stayed stale for {stale} reads: {result.Reason}");
                case CaptureStatus.Ended:
                    throw new InvalidOperationException(
                        $"source of sensor '{source.SensorId}' ended after {source.Counters.FramesDelivered} frames with {calibrator.StableFrames} stable of {calibrator.FrameCount} needed ({calibrator.RejectedFrames} rejected as changing); record more frames or lower --frames");
            }
        }
        if (!calibrator.IsComplete)
        {
            throw new InvalidOperationException(
                $"sensor '{source.SensorId}' did not settle within {maxReads} frames ({calibrator.RejectedFrames} rejected as changing); keep the gel untouched");
        }
        return calibrator.Compute();
    }
}
