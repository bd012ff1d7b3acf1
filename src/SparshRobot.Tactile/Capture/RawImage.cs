using System.Runtime.InteropServices;
using OpenCvSharp;
using SparshRobot.Core.Sensing;

namespace SparshRobot.Tactile.Capture;

/// <summary>A tightly packed 8-bit colour image with its channel order stated (OpenCV delivers BGR).</summary>
public sealed record RawImage(int Width, int Height, PixelEncoding Encoding, byte[] Pixels)
{
    /// <summary>Copies a 3-channel 8-bit OpenCV image (BGR, as OpenCV decodes and captures).</summary>
    public static RawImage FromBgrMat(Mat mat, string source)
    {
        if (mat.Empty() || mat.Type() != MatType.CV_8UC3)
        {
            throw new InvalidDataException($"{source}: expected an 8-bit 3-channel image, got {(mat.Empty() ? "nothing" : mat.Type().ToString())}");
        }
        var pixels = new byte[mat.Width * mat.Height * 3];
        using var packed = mat.IsContinuous() ? null : mat.Clone();
        Marshal.Copy((packed ?? mat).Data, pixels, 0, pixels.Length);
        return new RawImage(mat.Width, mat.Height, PixelEncoding.Bgr8, pixels);
    }

    /// <summary>
    /// Decodes an image file as BGR. EXIF orientation is ignored on purpose: tactile frames are stored as the sensor
    /// delivered them and the profile, not the file, decides the orientation.
    /// </summary>
    public static RawImage Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"image not found: {path}", path);
        }
        using var mat = Cv2.ImRead(path, ImreadModes.Color | ImreadModes.IgnoreOrientation);
        if (mat.Empty())
        {
            throw new InvalidDataException($"{path}: OpenCV could not decode this file as an image");
        }
        return FromBgrMat(mat, path);
    }

    /// <summary>This image as RGB bytes (a copy; the same array when already RGB).</summary>
    public byte[] ToRgb() => Encoding switch
    {
        PixelEncoding.Rgb8 => Pixels,
        PixelEncoding.Bgr8 => SwapRedBlue(Pixels),
        _ => throw new NotSupportedException($"{Encoding.RosName()} images are not handled here (rgb8 or bgr8 expected)"),
    };

    /// <summary>This image as BGR bytes (a copy; the same array when already BGR).</summary>
    public byte[] ToBgr() => Encoding switch
    {
        PixelEncoding.Bgr8 => Pixels,
        PixelEncoding.Rgb8 => SwapRedBlue(Pixels),
        _ => throw new NotSupportedException($"{Encoding.RosName()} images are not handled here (rgb8 or bgr8 expected)"),
    };

    /// <summary>Writes a PNG/JPEG (by extension) with the right colours whatever the channel order.</summary>
    public void Write(string path)
    {
        using var mat = Mat.FromPixelData(Height, Width, MatType.CV_8UC3, ToBgr());
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (!Cv2.ImWrite(path, mat))
        {
            throw new IOException($"{path}: OpenCV could not write the image (unsupported extension?)");
        }
    }

    public TactileFrame ToFrame(string sensorId, Core.Time.Timestamp stamp, long sequence) =>
        new(sensorId, stamp, sequence, Width, Height, Encoding, Pixels);

    internal static byte[] SwapRedBlue(byte[] pixels)
    {
        var swapped = new byte[pixels.Length];
        for (var i = 0; i < pixels.Length; i += 3)
        {
            swapped[i] = pixels[i + 2];
            swapped[i + 1] = pixels[i + 1];
            swapped[i + 2] = pixels[i];
        }
        return swapped;
    }
}
