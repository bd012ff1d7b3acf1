using SparshRobot.Core.Sensing;
using SparshRobot.Tactile.Capture;
using SparshRobot.Tactile.Preprocessing;
using static SparshRobot.Tactile.Tests.TactileTestData;

namespace SparshRobot.Tactile.Tests.Preprocessing;

/// <summary>Parity with Fixtures/make_fixtures.py (numpy + torch 1.13 interpolate(bilinear, antialias=True)).</summary>
public class PreprocessingParityTests
{
    private const double OneLevel = 1.0 / 255;

    [Test]
    public void IntegerDiffEqualsTheReferenceFloatFormulaForEveryDifference()
    {
        for (var image = 0; image < 256; image++)
        {
            foreach (var bg in new[] { 0, 1, 100, 127, 128, 200, 254, 255 })
            {
                Assert.That(BackgroundSubtraction.Diff((byte)image, (byte)bg), Is.EqualTo(BackgroundSubtraction.DiffReferenceFormula(image, bg)), $"img {image} bg {bg}");
            }
        }
        Assert.That(BackgroundSubtraction.Diff(10, 10), Is.EqualTo(127));
    }

    [Test]
    public void VectorisedDiffOverBuffersEqualsThePerByteDiff()
    {
        var random = new Random(5);
        var image = new byte[1000];
        var background = new byte[1000];
        random.NextBytes(image);
        random.NextBytes(background);
        var output = new byte[1000];
        BackgroundSubtraction.Diff(image, background, output);
        Assert.That(output, Is.EqualTo(image.Zip(background, BackgroundSubtraction.Diff).ToArray()));
    }

    [Test]
    public void DigitFrameAt320x240MatchesTheReferenceDiff()
    {
        var frame = Frame(RawImage.Read(Fixture("contact_digit_320x240.png")));
        var expectedImage = RawImage.Read(Fixture("expected_digit_320x240.png")).ToRgb();
        var output = new float[SparshInputSize.Default.FrameLength];

        new SparshPreprocessor(SparshInputSize.Default).Process(frame, DigitBackground(), output);

        var expected = new float[output.Length];
        var plane = SparshInputSize.Default.PlaneLength;
        for (var p = 0; p < plane; p++)
        {
            for (var c = 0; c < 3; c++)
            {
                expected[c * plane + p] = expectedImage[p * 3 + c] / 255f;
            }
        }
        var maxDiff = MaxAbsDifference(output, expected);
        TestContext.Out.WriteLine($"max |C# - reference| at 320x240: {maxDiff * 255:0.###} grey levels");
        Assert.That(maxDiff, Is.LessThanOrEqualTo(OneLevel + 1e-6));
    }

    [Test]
    public void DigitFrameAt224x224MatchesTorchAntialiasedResize()
    {
        var frame = Frame(RawImage.Read(Fixture("contact_digit_320x240.png")));
        var output = new float[SparshInputSize.ForceField.FrameLength];

        new SparshPreprocessor(SparshInputSize.ForceField).Process(frame, DigitBackground(), output);

        var maxDiff = MaxAbsDifference(output, ReadU16Fixture("expected_digit_224x224.u16.gz"));
        TestContext.Out.WriteLine($"max |C# - torch| at 224x224: {maxDiff * 255:0.###} grey levels");
        Assert.That(maxDiff, Is.LessThanOrEqualTo(OneLevel));
    }

    [Test]
    public void LandscapeGelSight2017FrameIsRotatedClockwiseAndDownscaledLikeTorch()
    {
        var frame = Frame(RawImage.Read(Fixture("frame_gelsight2017_480x640.png")));
        Assert.That((frame.Width, frame.Height), Is.EqualTo((640, 480)));
        var output = new float[SparshInputSize.Default.FrameLength];

        new SparshPreprocessor(SparshInputSize.Default).Process(frame, background: null, output);

        var maxDiff = MaxAbsDifference(output, ReadU16Fixture("expected_gelsight2017_320x240.u16.gz"));
        TestContext.Out.WriteLine($"max |C# - torch| GelSight 2017 640x480 -> 320x240: {maxDiff * 255:0.###} grey levels");
        // Pure float arithmetic on identical PNG bytes: far tighter than the 1/255 requirement.
        Assert.That(maxDiff, Is.LessThan(1e-4));
    }

    [Test]
    public void RgbAndBgrFramesOfTheSameImageGiveTheSameInput()
    {
        var bgr = RawImage.Read(Fixture("contact_digit_320x240.png"));
        var rgb = new RawImage(bgr.Width, bgr.Height, Core.Sensing.PixelEncoding.Rgb8, bgr.ToRgb());
        var pre = new SparshPreprocessor(SparshInputSize.Default);
        var a = new float[SparshInputSize.Default.FrameLength];
        var b = new float[a.Length];
        pre.Process(Frame(bgr), DigitBackground(), a);
        pre.Process(Frame(rgb), DigitBackground(), b);
        Assert.That(b, Is.EqualTo(a));
    }

    [Test]
    public void BackgroundOfAnotherSizeIsRefused()
    {
        var frame = Frame(RawImage.Read(Fixture("frame_gelsight2017_480x640.png")));
        var output = new float[SparshInputSize.Default.FrameLength];
        var ex = Assert.Throws<SparshRobot.Tactile.Calibration.BackgroundMismatchException>(
            () => new SparshPreprocessor(SparshInputSize.Default).Process(frame, DigitBackground(), output));
        Assert.That(ex!.Message, Does.Contain("240x320").And.Contain("640x480"));
    }

    [Test]
    public void Mono8FramesAreRejectedWithTheirEncodingNamed()
    {
        var frame = new Core.Sensing.TactileFrame("s", default, 0, 4, 4, Core.Sensing.PixelEncoding.Mono8, new byte[16]);
        var ex = Assert.Throws<ArgumentException>(() => new SparshPreprocessor(SparshInputSize.Default).Process(frame, null, new float[SparshInputSize.Default.FrameLength]));
        Assert.That(ex!.Message, Does.Contain("mono8"));
    }

    [Test]
    public void QuantizedInputsRoundToTheNearestByteAndClipToItsRange()
    {
        var bytes = new byte[6];
        SparshPreprocessor.Quantize([-0.1f, 0f, 0.25f, 0.502f, 1f, 1.2f], bytes);
        // 0.25 x 255 = 63.75; 0.502 x 255 = 128.01.
        Assert.That(bytes, Is.EqualTo(new byte[] { 0, 0, 64, 128, 255, 255 }));
    }
}
