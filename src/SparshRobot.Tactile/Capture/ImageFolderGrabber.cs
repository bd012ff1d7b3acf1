using OpenCvSharp;
using SparshRobot.Tactile.Profiles;

namespace SparshRobot.Tactile.Capture;

/// <summary>Frames from the image files of a folder (or one image file), in ordinal file-name order.</summary>
public sealed class ImageFolderGrabber : IFrameGrabber
{
    private static readonly string[] Extensions = [".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff"];
    private readonly string _path;
    private readonly SensorProfile _profile;
    private string[] _files = [];
    private int _position;

    public ImageFolderGrabber(string path, SensorProfile profile)
    {
        _path = Path.GetFullPath(path);
        _profile = profile;
    }

    public string Description => _path;

    public bool IsOpen { get; private set; }

    public bool IsLive => false;

    /// <summary>Index of the next file to read; kept across reopen so a recovered source does not replay frames.</summary>
    public int Position => _position;

    public void Open()
    {
        if (File.Exists(_path))
        {
            _files = [_path];
        }
        else if (Directory.Exists(_path))
        {
            _files = Directory.EnumerateFiles(_path)
                .Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
                .Order(StringComparer.Ordinal)
                .ToArray();
            if (_files.Length == 0)
            {
                throw new CaptureException($"{_path}: no image files ({string.Join(", ", Extensions)}) in this folder");
            }
        }
        else
        {
            throw new CaptureException($"{_path}: no such file or folder");
        }
        IsOpen = true;
    }

    public GrabStatus TryGrab(out RawImage? image, out string? error)
    {
        image = null;
        error = null;
        if (!IsOpen)
        {
            error = $"{_path}: not open";
            return GrabStatus.Failed;
        }
        if (_position >= _files.Length)
        {
            return GrabStatus.EndOfStream;
        }
        var file = _files[_position++];
        using var mat = Cv2.ImRead(file, ImreadModes.Color | ImreadModes.IgnoreOrientation);
        if (mat.Empty())
        {
            error = $"{file}: OpenCV could not decode this image";
            return GrabStatus.Failed;
        }
        using var frame = DeviceOrientationTransform.ToSensorFrame(mat, _profile, file);
        image = RawImage.FromBgrMat(frame, file);
        return GrabStatus.Frame;
    }

    public void Close() => IsOpen = false;

    public void Dispose() => Close();
}
