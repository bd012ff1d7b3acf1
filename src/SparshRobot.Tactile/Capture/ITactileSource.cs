using SparshRobot.Core.Sensing;
using SparshRobot.Tactile.Profiles;

namespace SparshRobot.Tactile.Capture;

/// <summary>What one read from a source produced.</summary>
public enum CaptureStatus
{
    Frame,

    /// <summary>No current frame: the sensor is not delivering. Never substituted by an old frame.</summary>
    Stale,
    Ended,
}

public readonly record struct CaptureResult(CaptureStatus Status, TactileFrame? Frame, string? Reason)
{
    public static CaptureResult Of(TactileFrame frame) => new(CaptureStatus.Frame, frame, null);
}

/// <summary>
/// One tactile sensor stream (camera, video, image folder or simulator): sensor frames with a monotonic (or
/// simulated) timestamp and a sequence number counted in native-rate frames.
/// </summary>
public interface ITactileSource : IDisposable
{
    string SensorId { get; }

    SensorProfile Profile { get; }

    SourceHealth Health { get; }

    CaptureCounters Counters { get; }

    CaptureResult Read(CancellationToken cancellationToken = default);
}
