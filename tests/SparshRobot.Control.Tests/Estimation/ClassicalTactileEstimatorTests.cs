using SparshRobot.Control.Estimation;
using SparshRobot.Core.Geometry;
using SparshRobot.Core.Sensing;
using SparshRobot.Core.Time;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Tactile.Capture;
using SparshRobot.Tactile.Profiles;
using SparshRobot.Tactile.Simulation;
using SparshRobot.Testing;

namespace SparshRobot.Control.Tests.Estimation;

/// <summary>The classical estimator against frames the DIGIT renderer draws from known contacts on the real background.</summary>
public sealed class ClassicalTactileEstimatorTests
{
    private static readonly Lazy<BackgroundImage> Background = new(() =>
    {
        var image = RawImage.Read(TestPaths.DigitBackground);
        return new BackgroundImage(SensorProfile.Digit.Name, image.Width, image.Height, image.ToRgb());
    });

    private static ContactState Sleeve(double force, double x, double y, double angle) =>
        new(IndenterShape.Cylinder, force, Vec3.Zero, new Vec3(x, y, 0), 6, new Vec3(Math.Cos(angle), Math.Sin(angle), 0)) { LengthMm = 12 };

    private static Timestamp T(double s) => Timestamp.FromNanoseconds((long)Math.Round(s * 1e9), ClockKind.Simulated);

    private static TactileFrame Render(ContactState contact, long sequence, double t, string sensor = "digit_thumb", Func<byte, byte>? pixel = null, int seed = 3)
    {
        var simulator = new DigitSimulator(Background.Value, DigitSimulator.OptionsFor(SensorProfile.Digit, seed));
        var pixels = new byte[simulator.FrameLength];
        simulator.Render(contact, pixels, sequence);
        if (pixel is not null)
        {
            for (var i = 0; i < pixels.Length; i++)
            {
                pixels[i] = pixel(pixels[i]);
            }
        }
        return new TactileFrame(sensor, T(t), sequence, simulator.Width, simulator.Height, PixelEncoding.Rgb8, pixels);
    }

    [TestCase(1.0, 2.0, 3.0, 0.0)]
    [TestCase(2.5, -3.0, -1.0, 0.7)]
    [TestCase(4.0, 0.5, 4.0, -1.2)]
    public void Finds_offset_angle_and_normal_force_of_a_bead_sleeve(double force, double x, double y, double angle)
    {
        var e = ClassicalTactileEstimator.EstimateFrame(Render(Sleeve(force, x, y, angle), 1, 1), Background.Value);
        Assert.That(e.Contact, Is.True);
        Assert.That(e.Health, Is.EqualTo(FrameHealth.Ok));
        Assert.That(e.OffsetXMm, Is.EqualTo(x).Within(0.5));
        Assert.That(e.OffsetYMm, Is.EqualTo(y).Within(0.5));
        Assert.That(Math.Abs(Math.Sin(e.AngleRad - angle)), Is.LessThan(0.05), "a line's angle, modulo pi");
        // Area is the only force cue of this baseline; shading varies across the real background, so it is coarse off centre.
        Assert.That(e.NormalForce, Is.EqualTo(force).Within(0.25 * force));
    }

    [Test]
    public void No_contact_reads_as_no_contact()
    {
        var e = ClassicalTactileEstimator.EstimateFrame(Render(ContactState.NoContact, 1, 1), Background.Value);
        Assert.That(e.Contact, Is.False);
        Assert.That(e.Usable, Is.True);
    }

    [Test]
    public void A_lamp_drifting_brighter_is_not_touch_and_does_not_move_the_contact()
    {
        byte Brighter(byte v) => (byte)Math.Clamp(Math.Round(1.3 * v + 15), 0, 255);
        var empty = ClassicalTactileEstimator.EstimateFrame(Render(ContactState.NoContact, 1, 1, pixel: Brighter), Background.Value);
        Assert.That(empty.Contact, Is.False);
        var touched = ClassicalTactileEstimator.EstimateFrame(Render(Sleeve(2.5, 1, -2, 0.3), 1, 1, pixel: Brighter), Background.Value);
        Assert.That(touched.Contact, Is.True);
        Assert.That(touched.OffsetXMm, Is.EqualTo(1).Within(0.6));
        Assert.That(touched.OffsetYMm, Is.EqualTo(-2).Within(0.6));
    }

    [Test]
    public void Heavy_pixel_noise_still_finds_the_bead_and_lowers_confidence()
    {
        var random = new Random(5);
        byte Noisy(byte v) => (byte)Math.Clamp(Math.Round(v + 15 * Gaussian(random)), 0, 255);
        var empty = ClassicalTactileEstimator.EstimateFrame(Render(ContactState.NoContact, 1, 1, pixel: Noisy), Background.Value);
        Assert.That(empty.Contact, Is.False, "noise is not touch");
        var e = ClassicalTactileEstimator.EstimateFrame(Render(Sleeve(2.5, -1, 1, 0), 1, 1, pixel: Noisy), Background.Value);
        Assert.That(e.Contact, Is.True);
        Assert.That(e.OffsetYMm, Is.EqualTo(1).Within(0.6));
        var clean = ClassicalTactileEstimator.EstimateFrame(Render(Sleeve(2.5, -1, 1, 0), 1, 1), Background.Value);
        Assert.That(e.Confidence, Is.LessThan(clean.Confidence));
    }

    [Test]
    public void Frozen_stale_and_implausible_frames_are_marked_not_estimated()
    {
        using var estimator = new ClassicalTactileEstimator(Background.Value, Background.Value);
        var frame = Render(Sleeve(2.5, 0, 0, 0), 1, 1.0);
        Assert.That(estimator.Update(T(1.0), [frame]).Thumb.Health, Is.EqualTo(FrameHealth.Ok));
        var repeated = new TactileFrame("digit_thumb", T(1.02), 2, frame.Width, frame.Height, frame.Encoding, frame.Pixels);
        var state = estimator.Update(T(1.02), [repeated]);
        Assert.That(state.Thumb.Health, Is.EqualTo(FrameHealth.Frozen));
        Assert.That(state.Thumb.Usable, Is.False);
        Assert.That(estimator.Update(T(1.04), [Render(Sleeve(2.5, 0, 0, 0), 3, 1.04)]).Thumb.Health, Is.EqualTo(FrameHealth.Ok), "a fresh image clears it");
        var silent = estimator.Update(T(1.3), []);
        Assert.That(silent.Thumb.Health, Is.EqualTo(FrameHealth.Stale), "no frame for 260 ms");
        Assert.That(silent.Index.Health, Is.EqualTo(FrameHealth.NoFrame));
        var small = new TactileFrame("digit_thumb", T(1.31), 9, 10, 10, PixelEncoding.Rgb8, new byte[300]);
        Assert.That(estimator.Update(T(1.31), [small]).Thumb.Health, Is.EqualTo(FrameHealth.Implausible));
        Assert.That(estimator.ThumbMonitor.Implausible, Is.EqualTo(1));
        Assert.That(estimator.ThumbMonitor.Dropped, Is.Zero);
    }

    [Test]
    public void Sequence_gaps_are_counted_as_dropped_frames()
    {
        using var estimator = new ClassicalTactileEstimator(Background.Value, Background.Value);
        estimator.Update(T(1), [Render(ContactState.NoContact, 1, 1)]);
        estimator.Update(T(1.1), [Render(ContactState.NoContact, 5, 1.1)]);
        Assert.That(estimator.ThumbMonitor.Dropped, Is.EqualTo(3));
    }

    [Test]
    public void A_sleeve_sliding_over_the_pad_reads_as_slip_and_a_still_one_does_not()
    {
        using var estimator = new ClassicalTactileEstimator(Background.Value, Background.Value);
        FingerEstimate last = default;
        for (var k = 0; k < 10; k++)
        {
            last = estimator.Update(T(1 + k / 60.0), [Render(Sleeve(2.5, 0, 0, 0), k + 1, 1 + k / 60.0)]).Thumb;
        }
        Assert.That(last.SlipProbability, Is.LessThan(0.2));
        for (var k = 10; k < 20; k++)
        {
            // 30 mm/s along the pad.
            last = estimator.Update(T(1 + k / 60.0), [Render(Sleeve(2.5, 0.5 * (k - 9), 0, 1.57), k + 1, 1 + k / 60.0)]).Thumb;
        }
        Assert.That(last.SlipProbability, Is.GreaterThan(0.9));
        Assert.That(last.SlipSeverity, Is.EqualTo(30).Within(8));
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
