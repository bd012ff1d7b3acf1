using System.IO.Compression;
using SparshRobot.Core.Sensing;
using SparshRobot.Core.Time;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Tactile.Capture;
using SparshRobot.Tactile.Profiles;
using SparshRobot.Testing;

namespace SparshRobot.Tactile.Tests;

internal static class TactileTestData
{
    public const string Project = "SparshRobot.Tactile.Tests";

    public static string Fixture(string name) => TestPaths.Fixture(Project, name);

    /// <summary>The shared real DIGIT background (decoded by OpenCV: BGR, 320 high x 240 wide).</summary>
    public static BackgroundImage DigitBackground()
    {
        var image = RawImage.Read(TestPaths.DigitBackground);
        return new BackgroundImage(SensorProfile.Digit.Name, image.Width, image.Height, image.ToRgb());
    }

    public static TactileFrame Frame(RawImage image, long sequence = 0) =>
        image.ToFrame("test", new Timestamp(0, 0, ClockKind.Monotonic), sequence);

    /// <summary>Reads a gzip of little-endian uint16 values v*65535 written by make_fixtures.py.</summary>
    public static float[] ReadU16Fixture(string name)
    {
        using var file = File.OpenRead(Fixture(name));
        using var gz = new GZipStream(file, CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        gz.CopyTo(buffer);
        var bytes = buffer.ToArray();
        var values = new float[bytes.Length / 2];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BitConverter.ToUInt16(bytes, 2 * i) / 65535f;
        }
        return values;
    }

    public static double MaxAbsDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.That(a.Length, Is.EqualTo(b.Length), "lengths differ");
        double max = 0;
        for (var i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        }
        return max;
    }
}
