using SparshRobot.Core.Sensing;
using SparshRobot.Core.Time;
using SparshRobot.Policy.Datasets.Frames;
using SparshRobot.Ros.Messages.SensorMsgs;
using SparshRobot.Ros.Messages.StdMsgs;
using SparshRobot.Tactile.Compression;
using RosTime = SparshRobot.Ros.Messages.BuiltinInterfaces.Time;

namespace SparshRobot.Policy.Tests.Datasets;

public class CompressedImageDecodingTests
{
    [Test]
    public void AJpegFromTheEncoderDecodesToTheSameImageInBgr()
    {
        const int width = 64, height = 48;
        var rgb = new byte[width * height * 3];
        for (var i = 0; i < rgb.Length; i += 3)
        {
            var (x, y) = (i / 3 % width, i / 3 / width);
            (rgb[i], rgb[i + 1], rgb[i + 2]) = ((byte)(4 * x), (byte)(5 * y), 200);
        }
        var frame = new TactileFrame("thumb", Timestamp.FromNanoseconds(1_000, ClockKind.Wall), 0, width, height, PixelEncoding.Rgb8, rgb);
        var (format, jpeg) = new JpegFrameEncoder().Encode(frame);
        var message = new CompressedImage(new Header(RosTime.From(frame.Stamp), frame.SensorId), format, jpeg);

        var decoded = message.DecodePixels("/tactile/thumb/image_raw/compressed");

        Assert.That((decoded.Width, decoded.Height, decoded.Encoding), Is.EqualTo((width, height, PixelEncoding.Bgr8)));
        var back = decoded.ToRgb();
        var meanError = rgb.Zip(back, (a, b) => Math.Abs(a - b)).Average();
        Assert.That(meanError, Is.LessThan(3), "a smooth gradient survives JPEG at the default quality, channels in order");
    }

    [Test]
    public void APayloadThatIsNoImageIsRefusedNamingTheSourceAndFormat()
    {
        var message = new CompressedImage(new Header(new RosTime(0, 0), "thumb"), "jpeg", "not an image"u8.ToArray());
        Assert.That(() => message.DecodePixels("/tactile/thumb/image_raw/compressed message 7"),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("/tactile/thumb/image_raw/compressed message 7 (jpeg)")
                .And.Message.Contains("could not decode"));
    }
}
