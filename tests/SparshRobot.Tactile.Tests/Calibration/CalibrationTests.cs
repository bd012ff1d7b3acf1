using SparshRobot.Core.Geometry;
using SparshRobot.Core.Sensing;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Tactile.Profiles;
using SparshRobot.Tactile.Simulation;
using SparshRobot.Testing;
using static SparshRobot.Tactile.Tests.TactileTestData;

namespace SparshRobot.Tactile.Tests.Calibration;

public class CalibrationTests
{
    private DirectoryInfo _dir = null!;

    [SetUp]
    public void SetUp() => _dir = TestPaths.NewTempDirectory("sparsh-calib");

    [TearDown]
    public void TearDown() => _dir.Delete(recursive: true);

    private static CalibrationResult Calibrate(int frames, out BackgroundImage truth)
    {
        truth = DigitBackground();
        var sim = new DigitSimulator(truth, DigitSimulator.OptionsFor(SensorProfile.Digit, seed: 3));
        var calibrator = new BackgroundCalibrator("digit", frameCount: frames);
        var pixels = new byte[sim.FrameLength];
        // A finger lifting off: large, then shrinking contacts, then rest.
        var forces = new[] { 3.0, 1.5, 0.5 };
        var index = 0;
        while (!calibrator.IsComplete)
        {
            var contact = index < forces.Length
                ? new ContactState(IndenterShape.Sphere, forces[index], Vec3.Zero, Vec3.Zero, 6, Vec3.UnitX)
                : ContactState.NoContact;
            sim.Render(contact, pixels, index);
            calibrator.Offer(new TactileFrame("digit", default, index++, sim.Width, sim.Height, PixelEncoding.Rgb8, pixels.ToArray()));
            Assert.That(index, Is.LessThan(200));
        }
        return calibrator.Compute();
    }

    [Test]
    public void StableFramesGiveTheMedianBackgroundAndANoiseEstimate()
    {
        var result = Calibrate(15, out var truth);
        Assert.That(result.RejectedFrames, Is.GreaterThanOrEqualTo(2), "frames of the lifting finger are rejected");
        var meanError = truth.Rgb.Zip(result.Background.Rgb).Average(p => Math.Abs(p.First - p.Second));
        Assert.That(meanError, Is.LessThan(0.8), "median of noisy frames is close to the noiseless background");
        Assert.That(result.NoiseStd, Is.InRange(0.8, 2.0), "simulator noise std is 1.5 grey levels");
    }

    [Test]
    public void ASavedBackgroundReloadsIdenticallyWithItsSidecar()
    {
        var result = Calibrate(5, out _);
        var dir = BackgroundStore.Save(_dir.FullName, "D20001", result, "sim", new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc));
        Assert.That(dir, Is.EqualTo(Path.Combine(_dir.FullName, "D20001")));
        var (background, meta) = BackgroundStore.Load(dir, SensorProfile.Digit);
        Assert.That(background.Rgb, Is.EqualTo(result.Background.Rgb));
        Assert.That((meta.Profile, meta.Width, meta.Height, meta.FrameCount), Is.EqualTo(("digit", 240, 320, 5)));
        Assert.That(meta.CapturedUtc, Is.EqualTo(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc)));
        Assert.That(File.ReadAllText(Path.Combine(dir, "background.yaml")), Does.Contain("noise_std:"));
    }

    [Test]
    public void ABackgroundOfAnotherProfileOrSizeIsRefused()
    {
        var dir = BackgroundStore.Save(_dir.FullName, "D20001", Calibrate(3, out _), "sim", DateTime.UtcNow);
        var profile = Assert.Throws<BackgroundMismatchException>(() => BackgroundStore.Load(dir, SensorProfile.GelSightMini));
        Assert.That(profile!.Message, Does.Contain("'digit'").And.Contain("'gelsight-mini'"));
        var size = Assert.Throws<BackgroundMismatchException>(() => BackgroundStore.Load(dir, SensorProfile.Digit, 480, 640));
        Assert.That(size!.Message, Does.Contain("240x320").And.Contain("480x640"));
        var vga = Assert.Throws<BackgroundMismatchException>(() => BackgroundStore.Load(dir, SensorProfile.DigitVga));
        Assert.That(vga!.Message, Does.Contain("digit-vga"));
    }

    [Test]
    public void MissingOrInconsistentCalibrationFilesAreNamed()
    {
        var missing = Assert.Throws<FileNotFoundException>(() => BackgroundStore.Load(_dir.FullName, SensorProfile.Digit));
        Assert.That(missing!.Message, Does.Contain("background.yaml"));
        var dir = BackgroundStore.Save(_dir.FullName, "D1", Calibrate(3, out _), "sim", DateTime.UtcNow);
        var sidecar = Path.Combine(dir, "background.yaml");
        File.WriteAllText(sidecar, File.ReadAllText(sidecar).Replace("width: 240", "width: 250"));
        var ex = Assert.Throws<InvalidDataException>(() => BackgroundStore.Load(dir, SensorProfile.Digit));
        Assert.That(ex!.Message, Does.Contain("width 250"));
        Assert.Throws<ArgumentException>(() => BackgroundStore.DirectoryFor(_dir.FullName, "../x"));
    }
}
