using System.Runtime.InteropServices;
using OpenCvSharp;
using SparshRobot.Core.Sensing;

namespace SparshRobot.Tactile.Compression;

/// <summary>
/// JPEG-encodes tactile frames exactly as image_transport's compressed plugin does for a
/// <c>sensor_msgs/CompressedImage</c>: colour is converted to BGR before <c>cv::imencode</c> (so the JPEG holds the
/// right colours) and the format reads "&lt;encoding&gt;; jpeg compressed bgr8". One place for the simulator's topics,
/// its recordings and the sensor driver, so they never differ.
/// </summary>
public sealed class JpegFrameEncoder
{
    /// <summary>image_transport's default <c>jpeg_quality</c> is 95; 90 halves the size with no visible loss on DIGIT frames.</summary>
    public const int DefaultQuality = 90;

    private readonly ImageEncodingParam[] _parameters;

    public JpegFrameEncoder(int quality = DefaultQuality)
    {
        if (quality is < 1 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(quality), $"JPEG quality {quality} must be in [1, 100]");
        }
        Quality = quality;
        _parameters = [new ImageEncodingParam(ImwriteFlags.JpegQuality, quality)];
    }

    public int Quality { get; }

    /// <summary>The CompressedImage <c>format</c> string and JPEG bytes of an rgb8 or bgr8 frame.</summary>
    public (string Format, byte[] Jpeg) Encode(TactileFrame frame)
    {
        if (frame.Encoding is not (PixelEncoding.Rgb8 or PixelEncoding.Bgr8))
        {
            throw new NotSupportedException($"sensor '{frame.SensorId}': JPEG compression takes rgb8 or bgr8 frames, not {frame.Encoding.RosName()}");
        }
        // Frames from the renderer and the capture sources own a whole array; wrap it rather than copying 230 kB per frame.
        var pixels = MemoryMarshal.TryGetArray(frame.Pixels, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : frame.Pixels.ToArray();
        using var image = Mat.FromPixelData(frame.Height, frame.Width, MatType.CV_8UC3, pixels);
        using var bgr = frame.Encoding == PixelEncoding.Rgb8 ? image.CvtColor(ColorConversionCodes.RGB2BGR) : null;
        Cv2.ImEncode(".jpg", bgr ?? image, out var jpeg, _parameters);
        return ($"{frame.Encoding.RosName()}; jpeg compressed bgr8", jpeg);
    }
}
