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

    private static TactileFrame Shifted(BackgroundImage background, int delta) => new(
        "D20001", default, 0, background.Width, background.Height, PixelEncoding.Rgb8,
        background.Rgb.Select(v => (byte)Math.Clamp(v + delta, 0, 255)).ToArray());

    [Test]
    public void ACalibrationBySerialRoundTripsWithItsImageStatistics()
    {
        var result = Calibrate(5, out _);
        var captured = new DateTime(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);
        BackgroundStore.Save(_dir.FullName, "D20001", result, "/dev/v4l/by-id/usb-Digit_DIGIT_D20001-video-index0", captured);

        var calibration = SensorCalibration.Load(_dir.FullName, "D20001", SensorProfile.Digit);

        var expected = ImageStatistics.OfRgb(result.Background.Rgb);
        Assert.That(calibration.Background.Rgb, Is.EqualTo(result.Background.Rgb));
        Assert.That((calibration.Metadata.SensorSerial, calibration.Metadata.Profile, calibration.Metadata.CapturedUtc), Is.EqualTo(("D20001", "digit", captured)));
        Assert.That(calibration.Metadata.Statistics!.Mean, Is.EqualTo(expected.Mean).Within(0.001));
        Assert.That(calibration.Metadata.Statistics.Std, Is.EqualTo(expected.Std).Within(0.001));
        Assert.That(expected.Std, Is.All.GreaterThan(1), "a real background is not flat");
        Assert.That(File.ReadAllText(Path.Combine(calibration.Directory, "background.yaml")), Does.Contain("channel_mean:").And.Contain("channel_std:"));
        var none = Assert.Throws<DirectoryNotFoundException>(() => SensorCalibration.Load(_dir.FullName, "D20002", SensorProfile.Digit));
        Assert.That(none!.Message, Does.Contain("D20002").And.Contain("calibrate background --serial D20002"));
    }

    [Test]
    public void AnOldSidecarWithoutStatisticsStillLoadsAndSkipsTheLiveCheck()
    {
        var dir = BackgroundStore.Save(_dir.FullName, "D1", Calibrate(3, out _), "sim", DateTime.UtcNow);
        var sidecar = Path.Combine(dir, "background.yaml");
        File.WriteAllLines(sidecar, File.ReadAllLines(sidecar).TakeWhile(l => !l.StartsWith("channel_mean:", StringComparison.Ordinal)));

        var calibration = SensorCalibration.Load(_dir.FullName, "D1", SensorProfile.Digit);

        Assert.That(calibration.Metadata.Statistics, Is.Null);
        Assert.That(calibration.StatisticsWarning(Shifted(calibration.Background, 60), 8), Is.Null, "nothing to compare with");
    }

    [Test]
    public void AnOldCalibrationWarnsWithItsAgeAndTheFix()
    {
        var captured = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        BackgroundStore.Save(_dir.FullName, "D20001", Calibrate(3, out _), "sim", captured);
        var calibration = SensorCalibration.Load(_dir.FullName, "D20001", SensorProfile.Digit);

        Assert.That(calibration.AgeWarning(captured.AddDays(29), SensorCalibration.DefaultMaxAge), Is.Null);
        var warning = calibration.AgeWarning(captured.AddDays(45), SensorCalibration.DefaultMaxAge);
        Assert.That(warning, Does.Contain("45 days old").And.Contain("2026-01-01").And.Contain("limit 30 days").And.Contain("--serial D20001"));
        Assert.That(calibration.AgeWarning(captured.AddDays(45), TimeSpan.FromDays(60)), Is.Null, "the limit is configurable");
    }

    [Test]
    public void ALiveFrameWhoseMeansDriftedWarnsAndANoisyOneDoesNot()
    {
        BackgroundStore.Save(_dir.FullName, "D20001", Calibrate(3, out _), "sim", DateTime.UtcNow);
        var calibration = SensorCalibration.Load(_dir.FullName, "D20001", SensorProfile.Digit);

        Assert.That(calibration.StatisticsWarning(Shifted(calibration.Background, 3), SensorCalibration.DefaultMeanTolerance), Is.Null);
        var dimmer = calibration.StatisticsWarning(Shifted(calibration.Background, -20), SensorCalibration.DefaultMeanTolerance);
        Assert.That(dimmer, Does.Contain("sensor 'D20001' no longer matches").And.Contain("tolerance 8.0").And.Contain("recalibrate"));
        Assert.That(calibration.StatisticsWarning(Shifted(calibration.Background, -20), 30), Is.Null, "the tolerance is configurable");
    }

    /// <summary>Sets a top-level field of a sidecar to <paramref name="value"/>, dropping a block list it held.</summary>
    private static string SetField(string yaml, string field, string value)
    {
        var lines = yaml.Split('\n').ToList();
        var at = lines.FindIndex(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        Assert.That(at, Is.GreaterThanOrEqualTo(0), $"{field} in the sidecar");
        lines[at] = $"{field}: {value}";
        while (at + 1 < lines.Count && lines[at + 1].StartsWith("- ", StringComparison.Ordinal))
        {
            lines.RemoveAt(at + 1);
        }
        return string.Join('\n', lines);
    }

    [TestCase("width", "wide", ": line 3: `width`: 'wide' is not an integer")]
    [TestCase("profile", "''", "field 'profile' is missing")]
    [TestCase("channel_mean", "[1, 2]", "field 'channel_mean' is [1, 2]")]
    [TestCase("channel_std", "[1, 2, 300]", "field 'channel_std' is [1, 2, 300]")]
    [TestCase("captured_utc", "[not, a, date]", ": line 6: `captured_utc`: '[not, a, date]' is not a date and time")]
    public void ABadSidecarNamesTheFileAndTheField(string field, string value, string expected)
    {
        var dir = BackgroundStore.Save(_dir.FullName, "D1", Calibrate(3, out _), "sim", DateTime.UtcNow);
        var sidecar = Path.Combine(dir, "background.yaml");
        File.WriteAllText(sidecar, SetField(File.ReadAllText(sidecar), field, value));

        var e = Assert.Throws<InvalidDataException>(() => SensorCalibration.Load(_dir.FullName, "D1", SensorProfile.Digit));

        Assert.That(e!.Message, Does.StartWith(sidecar).And.Contain(expected));
    }

    [Test]
    public void AnUnknownSidecarKeyIsRefusedByName()
    {
        var dir = BackgroundStore.Save(_dir.FullName, "D1", Calibrate(3, out _), "sim", DateTime.UtcNow);
        var sidecar = Path.Combine(dir, "background.yaml");
        File.WriteAllText(sidecar, "profle: digit\n" + File.ReadAllText(sidecar));

        var e = Assert.Throws<InvalidDataException>(() => SensorCalibration.Load(_dir.FullName, "D1", SensorProfile.Digit));

        Assert.That(e!.Message, Is.EqualTo($"{sidecar}: line 1: `profle`: unknown key; did you mean `profile`?"));
    }
}
