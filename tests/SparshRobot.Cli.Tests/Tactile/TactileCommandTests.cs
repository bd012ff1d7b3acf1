using SparshRobot.Cli;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Tactile.Capture;
using SparshRobot.Tactile.Profiles;
using SparshRobot.Testing;

namespace SparshRobot.Cli.Tests.Tactile;

public class TactileCommandTests
{
    private DirectoryInfo _dir = null!;

    [SetUp]
    public void SetUp() => _dir = TestPaths.NewTempDirectory("sparsh-cli-tactile");

    [TearDown]
    public void TearDown() => _dir.Delete(recursive: true);

    private static int Run(params string[] args) => SparshCli.Build().Parse(args).Invoke();

    [Test]
    public void RenderWritesASensorFrameThatDiffersFromTheBackground()
    {
        var output = Path.Combine(_dir.FullName, "frame.png");
        Assert.That(Run("tactile", "render", "--shape", "sphere", "--force", "2.5", "--shear", "0.3,0", "--background", TestPaths.DigitBackground, "--out", output), Is.Zero);
        var frame = RawImage.Read(output);
        var background = RawImage.Read(TestPaths.DigitBackground);
        Assert.That((frame.Width, frame.Height), Is.EqualTo((240, 320)));
        Assert.That(frame.Pixels.Zip(background.Pixels).Count(p => Math.Abs(p.First - p.Second) > 10), Is.GreaterThan(1000));
    }

    [Test]
    public void CalibrationFromAnImageStoresABackgroundThatRenderAcceptsAndOtherProfilesRefuse()
    {
        var root = Path.Combine(_dir.FullName, "calibration");
        Assert.That(Run("calibrate", "background", "--sensor", "digit", "--source", TestPaths.DigitBackground, "--frames", "1", "--serial", "D20001", "--out", root), Is.Zero);
        var folder = Path.Combine(root, "D20001");
        var (background, meta) = BackgroundStore.Load(folder, SensorProfile.Digit);
        Assert.That(background.Rgb, Is.EqualTo(RawImage.Read(TestPaths.DigitBackground).ToRgb()));
        Assert.That(meta.FrameCount, Is.EqualTo(1));
        Assert.That(meta.Statistics!.Mean, Is.EqualTo(ImageStatistics.OfRgb(background.Rgb).Mean).Within(0.001), "the sidecar holds the image statistics");

        var output = Path.Combine(_dir.FullName, "mini.png");
        Assert.That(Run("tactile", "render", "--sensor", "digit", "--background", folder, "--out", output), Is.Zero);
        Assert.That(Run("tactile", "render", "--sensor", "gelsight-mini", "--background", folder, "--out", output), Is.EqualTo(1));
        Assert.That(Run("calibrate", "background", "--sensor", "digit", "--source", TestPaths.DigitBackground, "--out", root), Is.EqualTo(1), "one image cannot give 30 frames");
        Assert.That(Run("calibrate", "background", "--serial", "NO_SUCH_SENSOR", "--out", root), Is.EqualTo(1), "without --source the camera with the serial is opened");
        Assert.That(Run("calibrate", "background", "--out", root), Is.EqualTo(1), "a serial or a source is needed");
    }

    [Test]
    public void ViewWritesAContactSheetOfASimulatedPress()
    {
        var output = Path.Combine(_dir.FullName, "sheet.png");
        Assert.That(Run("tactile", "view", "--source", "sim", "--frames", "24", "--rows", "4", "--background", TestPaths.DigitBackground, "--out", output), Is.Zero);
        var sheet = RawImage.Read(output);
        Assert.That((sheet.Width, sheet.Height), Is.EqualTo((3 * 240, 4 * 320)), "raw | I_t | I_t-5 per row");
    }
}
