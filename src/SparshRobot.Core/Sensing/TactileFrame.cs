using SparshRobot.Core.Time;

namespace SparshRobot.Core.Sensing;

/// <summary>
/// One image from a vision-based tactile sensor, as captured (before any Sparsh preprocessing): tightly packed
/// rows of <see cref="Width"/> pixels, <see cref="Height"/> rows, in <see cref="Encoding"/>.
/// </summary>
public sealed record TactileFrame
{
    public TactileFrame(string sensorId, Timestamp stamp, long sequence, int width, int height, PixelEncoding encoding, ReadOnlyMemory<byte> pixels)
    {
        if (string.IsNullOrWhiteSpace(sensorId))
        {
            throw new ArgumentException("sensor id must not be empty", nameof(sensorId));
        }
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"frame size {width}x{height} must be positive");
        }
        if (sequence < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sequence), sequence, "sequence numbers start at 0");
        }
        var expected = (long)width * height * encoding.BytesPerPixel();
        if (pixels.Length != expected)
        {
            throw new ArgumentException(
                $"pixel buffer of sensor '{sensorId}' holds {pixels.Length} bytes; {width}x{height} {encoding.RosName()} needs {expected}",
                nameof(pixels));
        }
        SensorId = sensorId;
        Stamp = stamp;
        Sequence = sequence;
        Width = width;
        Height = height;
        Encoding = encoding;
        Pixels = pixels;
    }

    public string SensorId { get; }

    /// <summary>When the frame was captured; monotonic for live sensors, simulated in the simulator.</summary>
    public Timestamp Stamp { get; }

    /// <summary>Per-sensor frame counter; a gap means dropped frames.</summary>
    public long Sequence { get; }

    public int Width { get; }

    public int Height { get; }

    public PixelEncoding Encoding { get; }

    public ReadOnlyMemory<byte> Pixels { get; }

    public int Step => Width * Encoding.BytesPerPixel();
}
