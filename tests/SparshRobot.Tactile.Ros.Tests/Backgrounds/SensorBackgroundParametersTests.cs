using SparshRobot.Core.Sensing;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Transport;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Tactile.Capture;
using SparshRobot.Tactile.Profiles;
using SparshRobot.Tactile.Ros.Backgrounds;
using SparshRobot.Testing;

namespace SparshRobot.Tactile.Ros.Tests.Backgrounds;

/// <summary>How the tactile nodes (policy, estimator, controller) find each sensor's background: by file, by serial, or the default.</summary>
public class SensorBackgroundParametersTests
{
    private DirectoryInfo _dir = null!;

    [SetUp]
    public void SetUp() => _dir = TestPaths.NewTempDirectory("sparsh-backgrounds");

    [TearDown]
    public void TearDown() => _dir.Delete(recursive: true);

    /// <summary>A calibration of <paramref name="serial"/> whose background is the shared DIGIT image brightened by <paramref name="offset"/>.</summary>
    private void Calibrate(string serial, DateTime capturedUtc, byte offset)
    {
        var image = RawImage.Read(TestPaths.DigitBackground);
        var calibrator = new BackgroundCalibrator(SensorProfile.Digit.Name, frameCount: 1);
        var frame = image.ToFrame(serial, default, 0);
        var pixels = frame.Pixels.ToArray();
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)Math.Min(255, pixels[i] + offset);
        }
        calibrator.Offer(new TactileFrame(frame.SensorId, frame.Stamp, frame.Sequence, frame.Width, frame.Height, frame.Encoding, pixels));
        BackgroundStore.Save(_dir.FullName, serial, calibrator.Compute(), "test", capturedUtc);
    }

    private static (RosContext Context, RosNode Node, StringWriter Log) Node(params string[] parameters)
    {
        var log = new StringWriter();
        var context = new RosContext(new InProcessTransport(), RosArguments.Parse(["--ros-args", .. parameters.SelectMany(p => new[] { "-p", p })]));
        return (context, new RosNode(context, "tactile_policy", options: new NodeOptions { LogOutput = log }), log);
    }

    private static BackgroundImage Default(string? path, SensorProfile profile) =>
        path is null ? BackgroundStore.FromImageFile(TestPaths.DigitBackground, profile) : throw new AssertionException($"no file expected, got {path}");

    [Test]
    public void SerialsLoadEachSensorsCalibrationInOrderAndAnOldOneWarns()
    {
        Calibrate("D20001", DateTime.UtcNow.AddDays(-3), 0);
        Calibrate("D20002", DateTime.UtcNow.AddDays(-40), 20);
        var (context, node, log) = Node("serials:=[D20002, D20001]", $"calibration_root:={_dir.FullName}");
        using (context)
        using (node)
        {
            var backgrounds = SensorBackgroundParameters.Declare(node, "in sensor_topics order").Load(node, ["thumb", "index"], SensorProfile.Digit, Default);
            Assert.That(backgrounds[0].Rgb.Average(b => (double)b), Is.GreaterThan(backgrounds[1].Rgb.Average(b => (double)b) + 10), "D20002's brighter background first");
            Assert.That(log.ToString(), Does.Contain("D20002").And.Not.Contain("D20001"), "only the 40-day-old calibration warns");
        }
    }

    [Test]
    public void NoneGivesTheDefaultForEverySensor()
    {
        var (context, node, _) = Node();
        using (context)
        using (node)
        {
            var backgrounds = SensorBackgroundParameters.Declare(node, "thumb, index").Load(node, ["a", "b", "c"], SensorProfile.Digit, Default);
            Assert.That(backgrounds, Has.Length.EqualTo(3));
        }
    }

    [TestCase("serials:=[D20001]", "backgrounds lists 0 entries and serials 1; expected 2 (thumb, index)")]
    [TestCase("backgrounds:=[a.png, b.png, c.png]", "backgrounds lists 3 entries and serials 0; expected 2 (thumb, index)")]
    public void AListOfTheWrongLengthIsRefusedNamingTheSensors(string parameter, string expected)
    {
        var (context, node, _) = Node(parameter);
        using (context)
        using (node)
        {
            var sources = SensorBackgroundParameters.Declare(node, "thumb, index");
            var e = Assert.Throws<ArgumentException>(() => sources.Load(node, ["thumb", "index"], SensorProfile.Digit, Default))!;
            Assert.That(e.Message, Does.StartWith("/tactile_policy: " + expected));
        }
    }
}
