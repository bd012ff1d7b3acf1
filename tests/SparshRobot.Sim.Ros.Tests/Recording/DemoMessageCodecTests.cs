using OpenCvSharp;
using SparshRobot.Core.Geometry;
using SparshRobot.Core.Sensing;
using SparshRobot.Core.Time;
using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Messages.SensorMsgs;
using SparshRobot.Sim.Faults;
using SparshRobot.Sim.Hand;
using SparshRobot.Sim.Recording;
using SparshRobot.Sim.Ros.Recording;
using SparshRobot.Sim.Simulation;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Tactile.Profiles;
using SparshRobot.Testing;

namespace SparshRobot.Sim.Ros.Tests.Recording;

public class DemoMessageCodecTests
{
    private static readonly Timestamp Stamp = new(12, 345_000_000, ClockKind.Simulated);

    /// <summary>A real simulated DIGIT frame with the bead pressed in, so JPEG has texture, markers and an imprint to keep.</summary>
    private static TactileFrame RenderedFrame()
    {
        var renderer = new DigitFrameRenderer(BackgroundStore.FromImageFile(TestPaths.DigitBackground, SensorProfile.Digit), seed: 5);
        var bead = new ContactState(IndenterShape.Cylinder, 2.5, new Vec3(0.2, 0, 0), Vec3.Zero, 6, Vec3.UnitY);
        return renderer.Render(new TactileRenderRequest("digit_thumb", Finger.Thumb, Stamp, 7, bead, TactileImageConditions.Nominal));
    }

    private static CompressedImage EncodeCompressed(DemoMessageCodec codec, TactileFrame frame) =>
        RosSerializer.Deserialize<CompressedImage>(codec.Encode(DemoTopics.ThumbImage, frame.Stamp, new TactileImageMessage(frame)));

    [Test]
    public void CompressedFramesAreJpegAsImageTransportWritesThemAndDecodeCloseToTheRenderedFrame()
    {
        var frame = RenderedFrame();
        var message = EncodeCompressed(new DemoMessageCodec(), frame);
        using var decoded = Cv2.ImDecode(message.Data.ToArray(), ImreadModes.Color);
        using var raw = Mat.FromPixelData(frame.Height, frame.Width, MatType.CV_8UC3, frame.Pixels.ToArray());
        using var rawBgr = raw.CvtColor(ColorConversionCodes.RGB2BGR);
        using var difference = new Mat();
        Cv2.Absdiff(decoded, rawBgr, difference);
        var meanAbs = Cv2.Mean(difference);
        TestContext.Out.WriteLine($"JPEG {message.Data.Length} B (raw {frame.Pixels.Length} B), mean abs difference B/G/R {meanAbs.Val0:F2}/{meanAbs.Val1:F2}/{meanAbs.Val2:F2}");
        Assert.Multiple(() =>
        {
            Assert.That(message.Format, Is.EqualTo("rgb8; jpeg compressed bgr8"));
            Assert.That(message.Header.FrameId, Is.EqualTo("digit_thumb"));
            Assert.That(message.Header.Stamp.ToTimestamp(ClockKind.Simulated), Is.EqualTo(Stamp));
            Assert.That((decoded.Rows, decoded.Cols, decoded.Channels()), Is.EqualTo((320, 240, 3)));
            // About 2 grey levels, mostly the sensor noise JPEG smooths away; per channel, so swapped red and blue
            // (a JPEG of the RGB bytes) would show up, at about 29.
            Assert.That(new[] { meanAbs.Val0, meanAbs.Val1, meanAbs.Val2 }, Is.All.LessThan(3.0));
            Assert.That(message.Data.Length, Is.LessThan(frame.Pixels.Length / 5));
        });
    }

    [Test]
    public void JpegQualityTradesSizeForFidelity()
    {
        var frame = RenderedFrame();
        var low = EncodeCompressed(new DemoMessageCodec(30), frame);
        var high = EncodeCompressed(new DemoMessageCodec(95), frame);
        Assert.That(low.Data.Length, Is.LessThan(high.Data.Length));
    }

    [Test]
    public void RawTopicsStayUncompressedImages()
    {
        var frame = RenderedFrame();
        var image = RosSerializer.Deserialize<Image>(new DemoMessageCodec().Encode(DemoTopics.ThumbImageRaw, frame.Stamp, new TactileImageMessage(frame)));
        Assert.That((image.Height, image.Width, image.Encoding, image.Header.FrameId), Is.EqualTo((320u, 240u, "rgb8", "digit_thumb")));
        Assert.That(image.Data.ToArray(), Is.EqualTo(frame.Pixels.ToArray()));
    }

    [TestCase(0)]
    [TestCase(101)]
    public void JpegQualityOutsideOneToHundredIsRejected(int quality)
    {
        Assert.That(() => new DemoMessageCodec(quality),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains($"JPEG quality {quality} must be in [1, 100]"));
    }
}
