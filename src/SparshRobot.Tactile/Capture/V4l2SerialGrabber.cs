using SparshRobot.Tactile.Profiles;

namespace SparshRobot.Tactile.Capture;

/// <summary>
/// A camera opened by serial: every open (the first, and each reconnect after an unplug) resolves the stable
/// <c>/dev/v4l/by-id</c> name again, because a replugged camera may come back as another <c>/dev/videoN</c>.
/// </summary>
public sealed class V4l2SerialGrabber(V4l2DeviceLocator locator, string serial, SensorProfile profile) : IFrameGrabber
{
    private VideoCaptureGrabber? _camera;
    private V4l2Device? _device;

    public string Description => _device?.ToString() ?? $"camera '{serial}' in {locator.ByIdDirectory}";

    public bool IsOpen => _camera?.IsOpen ?? false;

    public bool IsLive => true;

    /// <summary>What the camera granted at the last open (null before one).</summary>
    public CaptureNegotiation? Negotiation => _camera?.Negotiation;

    public void Open()
    {
        var device = locator.ResolveAccessible(serial);
        if (_camera is null || device != _device)
        {
            _camera?.Dispose();
            _camera = VideoCaptureGrabber.Camera(device, profile);
            _device = device;
        }
        _camera.Open();
    }

    public GrabStatus TryGrab(out RawImage? image, out string? error)
    {
        if (_camera is null)
        {
            image = null;
            error = $"{Description}: not open";
            return GrabStatus.Failed;
        }
        return _camera.TryGrab(out image, out error);
    }

    public void Close() => _camera?.Close();

    public void Dispose() => _camera?.Dispose();
}
