using SparshRobot.Tactile.Capture;

namespace SparshRobot.Tactile.Tests.Capture;

/// <summary>
/// Wraps a grabber and simulates an unplug: from grab number <see cref="FailFromGrab"/> (0-based, counting grab
/// attempts) the device is gone for <see cref="FailedGrabs"/> attempts: each grab or reopen attempt meanwhile fails
/// and uses one of them, as a camera replugged after a while would.
/// Only tests use it: recovery and staleness of the capture stack and the sensor driver, on real files.
/// </summary>
public sealed class FaultInjectingGrabber(IFrameGrabber inner, long failFromGrab, int failedGrabs) : IFrameGrabber
{
    private long _attempts;
    private int _failuresLeft = failedGrabs;

    public long FailFromGrab { get; } = failFromGrab;

    public int FailedGrabs { get; } = failedGrabs;

    public string Description => inner.Description + " (fault injected)";

    public bool IsOpen => inner.IsOpen;

    public bool IsLive => inner.IsLive;

    private bool Unplugged => _attempts > FailFromGrab && _failuresLeft > 0;

    public void Open()
    {
        if (Unplugged)
        {
            _failuresLeft--;
            throw new CaptureException($"{Description}: device unplugged (injected)");
        }
        inner.Open();
    }

    public GrabStatus TryGrab(out RawImage? image, out string? error)
    {
        if (_attempts++ >= FailFromGrab && _failuresLeft > 0)
        {
            _failuresLeft--;
            image = null;
            error = $"{Description}: grab failed (injected, {_failuresLeft} more to come)";
            return GrabStatus.Failed;
        }
        return inner.TryGrab(out image, out error);
    }

    public void Close() => inner.Close();

    public void Dispose() => inner.Dispose();
}
