using SparshRobot.Core.Sensing;
using SparshRobot.Core.Time;
using SparshRobot.Tactile.Calibration;

namespace SparshRobot.Control.Tests.Estimation;

/// <summary>
/// A 240x320 DIGIT-sized pad: textured (so a lighting fit can tell gain from offset) with a uniform band on top, where
/// frames draw their touch.
/// </summary>
internal static class SyntheticPad
{
    public const byte Grey = 100;

    public const int TouchRows = 16;

    private static readonly Lazy<byte[]> Pad = new(() =>
    {
        var rgb = new byte[320 * 240 * 3];
        for (var y = 0; y < 320; y++)
        {
            for (var x = 0; x < 240; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    rgb[(y * 240 + x) * 3 + c] = y < TouchRows ? Grey : (byte)(60 + (x * 7 + y * 3 + c * 40) % 120);
                }
            }
        }
        return rgb;
    });

    public static BackgroundImage Background() => new("digit", 240, 320, Pad.Value);

    /// <summary>The pad with its top band pressed to <paramref name="level"/> in every colour, then lit by gain and offset.</summary>
    public static TactileFrame Frame(string sensor, long sequence, Timestamp stamp, byte level, double gain = 1, double offset = 0)
    {
        var pixels = (byte[])Pad.Value.Clone();
        pixels.AsSpan(0, TouchRows * 240 * 3).Fill(level);
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)Math.Clamp(Math.Round(gain * pixels[i] + offset), 0, 255);
        }
        return new TactileFrame(sensor, stamp, sequence, 240, 320, PixelEncoding.Rgb8, pixels);
    }
}
