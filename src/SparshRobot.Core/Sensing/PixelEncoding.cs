namespace SparshRobot.Core.Sensing;

/// <summary>Pixel layouts a tactile frame may carry; names follow <c>sensor_msgs/image_encodings</c>.</summary>
public enum PixelEncoding
{
    Rgb8,
    Bgr8,
    Mono8,
    Rgba8,
    Bgra8,
}

public static class PixelEncodings
{
    public static int BytesPerPixel(this PixelEncoding encoding) => encoding switch
    {
        PixelEncoding.Mono8 => 1,
        PixelEncoding.Rgb8 or PixelEncoding.Bgr8 => 3,
        PixelEncoding.Rgba8 or PixelEncoding.Bgra8 => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "unknown pixel encoding"),
    };

    /// <summary>The <c>sensor_msgs/Image.encoding</c> string.</summary>
    public static string RosName(this PixelEncoding encoding) => encoding switch
    {
        PixelEncoding.Rgb8 => "rgb8",
        PixelEncoding.Bgr8 => "bgr8",
        PixelEncoding.Mono8 => "mono8",
        PixelEncoding.Rgba8 => "rgba8",
        PixelEncoding.Bgra8 => "bgra8",
        _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "unknown pixel encoding"),
    };

    public static PixelEncoding FromRosName(string name) => name switch
    {
        "rgb8" => PixelEncoding.Rgb8,
        "bgr8" => PixelEncoding.Bgr8,
        "mono8" => PixelEncoding.Mono8,
        "rgba8" => PixelEncoding.Rgba8,
        "bgra8" => PixelEncoding.Bgra8,
        _ => throw new ArgumentException($"unsupported image encoding '{name}' (expected rgb8, bgr8, mono8, rgba8 or bgra8)", nameof(name)),
    };
}
