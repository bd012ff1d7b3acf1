using OpenCvSharp;
using SparshRobot.Core.Sensing;
using SparshRobot.Tactile.Capture;
using SparshRobot.Tactile.Preprocessing;
using SparshRobot.Tactile.Profiles;
using static SparshRobot.Tactile.Tests.TactileTestData;

namespace SparshRobot.Tactile.Tests.Profiles;

/// <summary>Each profile's geometry on a frame of its native capture size carrying a red block at a known place.</summary>
public class ProfileGeometryTests
{
    /// <summary>Captures a black BGR frame with a red rectangle, orients it, preprocesses it to 320x240; returns the R plane.</summary>
    private static float[] RedPlane(SensorProfile profile, int width, int height, Rect red, bool orient = true)
    {
        using var captured = new Mat(height, width, MatType.CV_8UC3, Scalar.All(0));
        captured[red].SetTo(new Scalar(0, 0, 255));
        using var sensor = orient ? DeviceOrientationTransform.ToSensorFrame(captured, profile, "test") : captured.Clone();
        var frame = Frame(RawImage.FromBgrMat(sensor, "test"));
        var output = new float[SparshInputSize.Default.FrameLength];
        new SparshPreprocessor(SparshInputSize.Default).Process(frame, null, output);
        Assert.That(output.AsSpan(SparshInputSize.Default.PlaneLength).ToArray().Max(), Is.EqualTo(0f), "green/blue must stay black");
        return output[..SparshInputSize.Default.PlaneLength];
    }

    private static float At(float[] plane, int row, int col) => plane[row * 240 + col];

    [Test]
    public void DigitQvgaIsTurnedCounterClockwiseByTheDriverAndNotResized()
    {
        Assert.That(SensorProfile.Digit.SensorFrameSize, Is.EqualTo((240, 320)));
        // Captured 240 high x 320 wide; block at rows 0-9, columns 100-109 lands at rows 210-219, columns 0-9.
        var plane = RedPlane(SensorProfile.Digit, 320, 240, new Rect(100, 0, 10, 10));
        Assert.That(At(plane, 215, 5), Is.EqualTo(1f));
        Assert.That(At(plane, 5, 215), Is.EqualTo(0f));
        Assert.That(plane.Count(v => v > 0), Is.EqualTo(100), "identity resize keeps the block 10x10");
    }

    [Test]
    public void DigitVgaIsTurnedLikeQvgaAndHalvedWithAntialiasing()
    {
        var plane = RedPlane(SensorProfile.DigitVga, 640, 480, new Rect(200, 0, 20, 20));
        Assert.That(At(plane, 214, 4), Is.EqualTo(1f).Within(1e-6));
        Assert.That(At(plane, 205, 4), Is.EqualTo(0f));
    }

    [Test]
    public void GelSightMiniIsFlippedResizedAndTurnedClockwise()
    {
        Assert.That(SensorProfile.GelSightMini.SensorFrameSize, Is.EqualTo((240, 320)));
        // Top-left tenth of the 3280x2464 capture: vertical flip sends it bottom-left, clockwise rotation top-left.
        var plane = RedPlane(SensorProfile.GelSightMini, 3280, 2464, new Rect(0, 0, 328, 250));
        Assert.That(At(plane, 10, 10), Is.GreaterThan(0.99f));
        Assert.That(At(plane, 310, 10), Is.EqualTo(0f));
        Assert.That(At(plane, 10, 230), Is.EqualTo(0f));
    }

    [Test]
    public void GelSight2017LandscapeFrameIsRotatedClockwiseByPreprocessing()
    {
        Assert.That(SensorProfile.GelSight2017.SubtractBackground, Is.False);
        var plane = RedPlane(SensorProfile.GelSight2017, 640, 480, new Rect(0, 0, 64, 48));
        Assert.That(At(plane, 10, 230), Is.EqualTo(1f).Within(1e-6), "top-left goes to top-right");
        Assert.That(At(plane, 10, 10), Is.EqualTo(0f));
    }

    [Test]
    public void NonFourByThreeFramesKeepTheCentralRowsAfterRotation()
    {
        // 640x360 landscape -> 640 high x 360 wide portrait -> rows 80..559 kept -> 320x240.
        var cropped = RedPlane(SensorProfile.GelSight2017, 640, 360, new Rect(0, 0, 80, 360), orient: false);
        Assert.That(cropped.Max(), Is.EqualTo(0f), "the first 80 portrait rows are cut away");
        var kept = RedPlane(SensorProfile.GelSight2017, 640, 360, new Rect(80, 0, 6, 360), orient: false);
        Assert.That(kept[0], Is.EqualTo(1f).Within(1e-6));
        Assert.That(At(kept, 10, 100), Is.EqualTo(0f));
    }

    [Test]
    public void FramesOfAnUnexpectedSizeAreRefusedWithBothSizesNamed()
    {
        using var odd = new Mat(100, 100, MatType.CV_8UC3, Scalar.All(0));
        var ex = Assert.Throws<InvalidDataException>(() => DeviceOrientationTransform.ToSensorFrame(odd, SensorProfile.Digit, "cam0"));
        Assert.That(ex!.Message, Does.Contain("cam0").And.Contain("100x100").And.Contain("320x240").And.Contain("240x320"));
    }

    [Test]
    public void ProfilesAreFoundByNameAndUnknownNamesListTheChoices()
    {
        Assert.That(SensorProfile.FromName("GelSight-Mini"), Is.SameAs(SensorProfile.GelSightMini));
        Assert.That(SensorProfile.DigitVga.StrideMilliseconds(5), Is.EqualTo(166.67).Within(0.01));
        var ex = Assert.Throws<ArgumentException>(() => SensorProfile.FromName("biotac"));
        Assert.That(ex!.Message, Does.Contain("biotac").And.Contain("digit-vga"));
    }
}
