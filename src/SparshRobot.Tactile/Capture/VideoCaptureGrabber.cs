using OpenCvSharp;
using SparshRobot.Tactile.Profiles;

namespace SparshRobot.Tactile.Capture;

/// <summary>What a camera was asked for and what it granted; cameras silently fall back to other modes.</summary>
public sealed record CaptureNegotiation(int RequestedWidth, int RequestedHeight, double RequestedFps, int Width, int Height, double Fps)
{
    public bool Matches => RequestedWidth == Width && RequestedHeight == Height && Math.Abs(RequestedFps - Fps) < 0.5;

    public override string ToString() =>
        $"requested {RequestedWidth}x{RequestedHeight} @ {RequestedFps:0.#} fps, got {Width}x{Height} @ {Fps:0.#} fps";
}

/// <summary>
/// Frames through OpenCV <see cref="VideoCapture"/>: a V4L2 camera (by device index) or a video file. Frames are
/// BGR as OpenCV delivers them, then oriented by the profile.
/// </summary>
public sealed class VideoCaptureGrabber : IFrameGrabber
{
    private readonly SensorProfile _profile;
    private readonly int? _deviceIndex;
    private readonly string? _file;
    private readonly Mat _mat = new();
    private VideoCapture? _capture;
    private long _framesRead;

    private VideoCaptureGrabber(SensorProfile profile, int? deviceIndex, string? file, string description)
    {
        _profile = profile;
        _deviceIndex = deviceIndex;
        _file = file;
        Description = description;
    }

    /// <summary>A V4L2 camera, <c>/dev/video{index}</c> (see <see cref="V4l2DeviceLocator"/> to find the index).</summary>
    public static VideoCaptureGrabber Camera(V4l2Device device, SensorProfile profile) =>
        new(profile, device.Index, null, device.ToString());

    public static VideoCaptureGrabber VideoFile(string path, SensorProfile profile) =>
        new(profile, null, Path.GetFullPath(path), Path.GetFullPath(path));

    public string Description { get; }

    public bool IsOpen => _capture is { } c && c.IsOpened();

    public bool IsLive => _deviceIndex is not null;

    /// <summary>The last camera negotiation (null for files or before the first open).</summary>
    public CaptureNegotiation? Negotiation { get; private set; }

    public void Open()
    {
        Close();
        if (_file is not null && !File.Exists(_file))
        {
            throw new CaptureException($"{_file}: video file not found");
        }
        var capture = _deviceIndex is { } index ? new VideoCapture(index, VideoCaptureAPIs.V4L2) : new VideoCapture(_file!);
        if (!capture.IsOpened())
        {
            capture.Dispose();
            throw new CaptureException($"{Description}: OpenCV could not open it");
        }
        if (_deviceIndex is not null)
        {
            capture.Set(VideoCaptureProperties.FrameWidth, _profile.CaptureWidth);
            capture.Set(VideoCaptureProperties.FrameHeight, _profile.CaptureHeight);
            capture.Set(VideoCaptureProperties.Fps, _profile.NativeFps);
            Negotiation = new CaptureNegotiation(
                _profile.CaptureWidth, _profile.CaptureHeight, _profile.NativeFps,
                (int)capture.Get(VideoCaptureProperties.FrameWidth), (int)capture.Get(VideoCaptureProperties.FrameHeight),
                capture.Get(VideoCaptureProperties.Fps));
            // A different resolution would silently break the profile's geometry and the background; a different
            // frame rate only changes the stride's time span, so it is reported (Negotiation) but accepted.
            if (Negotiation.Width != _profile.CaptureWidth || Negotiation.Height != _profile.CaptureHeight)
            {
                capture.Dispose();
                throw new CaptureException($"{Description}: {Negotiation}; profile '{_profile.Name}' needs {_profile.CaptureWidth}x{_profile.CaptureHeight}");
            }
        }
        else if (_framesRead > 0)
        {
            // Reopened after a failure: continue after the last delivered frame instead of replaying the file.
            capture.Set(VideoCaptureProperties.PosFrames, _framesRead);
        }
        _capture = capture;
    }

    public GrabStatus TryGrab(out RawImage? image, out string? error)
    {
        image = null;
        error = null;
        if (_capture is null || !_capture.IsOpened())
        {
            error = $"{Description}: not open";
            return GrabStatus.Failed;
        }
        if (!_capture.Read(_mat) || _mat.Empty())
        {
            if (_file is not null)
            {
                return GrabStatus.EndOfStream;
            }
            error = $"{Description}: no frame (camera unplugged, stalled or timed out)";
            return GrabStatus.Failed;
        }
        _framesRead++;
        using var frame = DeviceOrientationTransform.ToSensorFrame(_mat, _profile, Description);
        image = RawImage.FromBgrMat(frame, Description);
        return GrabStatus.Frame;
    }

    public void Close()
    {
        _capture?.Release();
        _capture?.Dispose();
        _capture = null;
    }

    public void Dispose()
    {
        Close();
        _mat.Dispose();
    }
}
