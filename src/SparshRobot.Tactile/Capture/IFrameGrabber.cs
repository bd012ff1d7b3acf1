namespace SparshRobot.Tactile.Capture;

/// <summary>Outcome of one grab.</summary>
public enum GrabStatus
{
    Frame,

    /// <summary>The device stopped delivering (timeout, unplug, read error); reopening may help.</summary>
    Failed,

    /// <summary>A finite source (file, folder) has no more frames; not an error.</summary>
    EndOfStream,
}

/// <summary>
/// The device-specific half of a capture source: opens a device or file and hands out sensor frames. Timestamps,
/// sequence numbers, retries and health are added by <see cref="ResilientTactileSource"/>.
/// </summary>
public interface IFrameGrabber : IDisposable
{
    /// <summary>Human-readable origin (device path, file), used in every error.</summary>
    string Description { get; }

    bool IsOpen { get; }

    /// <summary>True for a camera running on its own clock, whose timestamp gaps reveal dropped frames.</summary>
    bool IsLive { get; }

    /// <summary>Opens (or reopens after a failure, continuing where it stopped for files); throws <see cref="CaptureException"/>.</summary>
    void Open();

    /// <summary>Grabs the next frame; on <see cref="GrabStatus.Failed"/> <paramref name="error"/> says why.</summary>
    GrabStatus TryGrab(out RawImage? image, out string? error);

    void Close();
}

/// <summary>A capture device or file that cannot be opened or read.</summary>
public sealed class CaptureException(string message, Exception? inner = null) : Exception(message, inner);
