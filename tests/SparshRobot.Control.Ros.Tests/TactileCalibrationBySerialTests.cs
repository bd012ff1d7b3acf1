using SparshRobot.Ros.Launch;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Transport;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Tactile.Capture;
using SparshRobot.Tactile.Profiles;
using SparshRobot.Testing;

namespace SparshRobot.Control.Ros.Tests;

/// <summary>tactile_state (and maze_controller, which declares the same inputs) taking backgrounds by sensor serial.</summary>
public class TactileCalibrationBySerialTests
{
    private DirectoryInfo _dir = null!;

    [SetUp]
    public void SetUp() => _dir = TestPaths.NewTempDirectory("sparsh-control-serials");

    [TearDown]
    public void TearDown() => _dir.Delete(recursive: true);

    private static async Task<(int Code, string Log)> RunTactileState(TimeSpan runFor, params string[] parameters)
    {
        var registry = new NodeRegistry().RegisterControlNodes((_, profile) => BackgroundStore.FromImageFile(TestPaths.DigitBackground, profile));
        Assert.That(registry.TryGet(ControlNodes.TactileState, out var entry), Is.True);
        using var context = new RosContext(new InProcessTransport());
        var log = new StringWriter();
        using var stop = new CancellationTokenSource(runFor);
        var arguments = RosArguments.Parse(["--ros-args", .. parameters.SelectMany(p => new[] { "-p", p })]);
        var code = await Task.Run(() => entry.Main(new NodeLaunchContext(context, arguments, TextWriter.Synchronized(log), stop.Token)));
        return (code, log.ToString());
    }

    private void Calibrate(string serial, DateTime capturedUtc)
    {
        var image = RawImage.Read(TestPaths.DigitBackground);
        var calibrator = new BackgroundCalibrator(SensorProfile.Digit.Name, frameCount: 1);
        calibrator.Offer(image.ToFrame(serial, default, 0));
        BackgroundStore.Save(_dir.FullName, serial, calibrator.Compute(), "test", capturedUtc);
    }

    [Test]
    public async Task CalibrationsAreLoadedBySerialAndAnOldOneWarns()
    {
        Calibrate("D20001", DateTime.UtcNow.AddDays(-2));
        Calibrate("D20002", DateTime.UtcNow.AddDays(-50));

        var (code, log) = await RunTactileState(TimeSpan.FromSeconds(1), "serials:=[D20001, D20002]", $"calibration_root:={_dir.FullName}");

        Assert.That(code, Is.Zero);
        Assert.That(log, Does.Contain("D20002 is 50 days old").And.Not.Contain("D20001 is"));
    }

    [Test]
    public void AMissingCalibrationOrBothKindsOfBackgroundAreRefused()
    {
        Calibrate("D20001", DateTime.UtcNow);
        var missing = Assert.ThrowsAsync<DirectoryNotFoundException>(() => RunTactileState(TimeSpan.FromSeconds(1), "serials:=[D20001, D29999]", $"calibration_root:={_dir.FullName}"));
        Assert.That(missing!.Message, Does.Contain("no calibration for sensor 'D29999'").And.Contain("--serial D29999"));
        var both = Assert.ThrowsAsync<ArgumentException>(() => RunTactileState(TimeSpan.FromSeconds(1), "serials:=[D20001, D20001]", $"backgrounds:=[{TestPaths.DigitBackground}, {TestPaths.DigitBackground}]"));
        Assert.That(both!.Message, Does.Contain("backgrounds lists 2 entries and serials 2"));
    }
}
