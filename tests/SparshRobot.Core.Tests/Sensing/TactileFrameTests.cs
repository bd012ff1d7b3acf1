using SparshRobot.Core.Sensing;
using SparshRobot.Core.Time;

namespace SparshRobot.Core.Tests.Sensing;

public class TactileFrameTests
{
    private static readonly Timestamp Stamp = new(1, 0, ClockKind.Monotonic);

    [Test]
    public void AcceptsAFullyPackedBuffer()
    {
        var frame = new TactileFrame("digit-D20001", Stamp, 7, 240, 320, PixelEncoding.Rgb8, new byte[240 * 320 * 3]);
        Assert.Multiple(() =>
        {
            Assert.That(frame.Step, Is.EqualTo(720));
            Assert.That(frame.Sequence, Is.EqualTo(7));
        });
    }

    [Test]
    public void RejectsABufferOfTheWrongSizeNamingSensorAndSizes()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            _ = new TactileFrame("thumb", Stamp, 0, 240, 320, PixelEncoding.Bgr8, new byte[240 * 320]));
        Assert.That(e!.Message, Does.Contain("thumb").And.Contain("76800").And.Contain("230400").And.Contain("bgr8"));
    }

    [TestCase(0, 320)]
    [TestCase(240, -1)]
    public void RejectsNonPositiveSizes(int width, int height) =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            _ = new TactileFrame("thumb", Stamp, 0, width, height, PixelEncoding.Mono8, Array.Empty<byte>()));

    [Test]
    public void RejectsEmptySensorIdAndNegativeSequence()
    {
        Assert.Throws<ArgumentException>(() => _ = new TactileFrame(" ", Stamp, 0, 1, 1, PixelEncoding.Mono8, new byte[1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new TactileFrame("a", Stamp, -1, 1, 1, PixelEncoding.Mono8, new byte[1]));
    }

    [TestCase("rgb8", PixelEncoding.Rgb8, 3)]
    [TestCase("bgra8", PixelEncoding.Bgra8, 4)]
    [TestCase("mono8", PixelEncoding.Mono8, 1)]
    public void EncodingNamesRoundTrip(string name, PixelEncoding encoding, int bytes)
    {
        Assert.Multiple(() =>
        {
            Assert.That(PixelEncodings.FromRosName(name), Is.EqualTo(encoding));
            Assert.That(encoding.RosName(), Is.EqualTo(name));
            Assert.That(encoding.BytesPerPixel(), Is.EqualTo(bytes));
        });
    }

    [Test]
    public void UnknownEncodingNameIsAClearError()
    {
        var e = Assert.Throws<ArgumentException>(() => PixelEncodings.FromRosName("yuv422"));
        Assert.That(e!.Message, Does.Contain("yuv422").And.Contain("rgb8"));
    }
}
