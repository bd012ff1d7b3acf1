using SparshRobot.Core.Geometry;
using SparshRobot.Core.Sensing;
using SparshRobot.Core.Time;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Tactile.Capture;
using SparshRobot.Tactile.Preprocessing;
using SparshRobot.Tactile.Profiles;
using SparshRobot.Tactile.Simulation;

namespace SparshRobot.Tactile.Tests.Calibration;

/// <summary>The illumination fit on frames the DIGIT renderer draws on the real background, relit as a drifting lamp would.</summary>
public class IlluminationFitTests
{
    private static readonly Lazy<BackgroundImage> Background = new(TactileTestData.DigitBackground);

    [TestCase(1.3, 15.0, IlluminationFitMethod.Trimmed)]
    [TestCase(0.8, -10.0, IlluminationFitMethod.Trimmed)]
    [TestCase(1.0, 25.0, IlluminationFitMethod.Trimmed)]
    [TestCase(1.3, 15.0, IlluminationFitMethod.OutlierLimit)]
    [TestCase(0.8, -10.0, IlluminationFitMethod.OutlierLimit)]
    public void A_relit_touch_is_restored_to_the_backgrounds_lighting(double gain, double offset, IlluminationFitMethod method)
    {
        var touch = Touch();
        var relit = Relit(touch, gain, offset);
        var fit = new IlluminationFit(Background.Value, method: method);
        Assert.That(fit.Fit(relit), Is.True);
        for (var c = 0; c < 3; c++)
        {
            Assert.That(fit.Gain(c), Is.EqualTo(gain).Within(0.03), $"gain of colour {c}");
            Assert.That(fit.Offset(c), Is.EqualTo(offset).Within(4), $"offset of colour {c}");
        }
        Assert.That(fit.Departs, Is.True);
        var restored = fit.Undo(relit).Pixels.Span;
        var original = touch.Pixels.Span;
        // Pixels the relighting saturated cannot come back; all others land within a few grey levels, touch included.
        var far = 0;
        var unsaturated = 0;
        var relitPixels = relit.Pixels.Span;
        for (var i = 0; i < original.Length; i++)
        {
            if (relitPixels[i] is 0 or 255)
            {
                continue;
            }
            unsaturated++;
            far += Math.Abs(restored[i] - original[i]) > 3 ? 1 : 0;
        }
        Assert.That(far, Is.LessThan(unsaturated / 100), "at most 1 % of the values off by more than 3 grey levels");
        var raw = Difference(relitPixels, original);
        Assert.That(Difference(restored, original), Is.LessThan(raw / 5), "undoing the lighting removes most of the change it made");
    }

    [Test]
    public void A_frame_lit_as_its_background_passes_unchanged()
    {
        var touch = Touch();
        var fit = new IlluminationFit(Background.Value);
        Assert.That(fit.Fit(touch), Is.True);
        Assert.That(fit.Departs, Is.False, $"gains {fit.Gain(0):F3} {fit.Gain(1):F3} {fit.Gain(2):F3}, offsets {fit.Offset(0):F2} {fit.Offset(1):F2} {fit.Offset(2):F2}");
        Assert.That(fit.Undo(touch), Is.SameAs(touch));
    }

    [Test]
    public void A_black_or_blown_out_image_is_not_of_this_pad()
    {
        var fit = new IlluminationFit(Background.Value);
        foreach (var level in new byte[] { 0, 255 })
        {
            var pixels = new byte[Background.Value.Rgb.Length];
            Array.Fill(pixels, level);
            Assert.That(fit.Fit(Frame(pixels)), Is.False, $"uniform {level}");
        }
        Assert.That(fit.Fit(Relit(Touch(), 3.0, 0)), Is.False, "a gain of 3 is beyond the default bound of 2.5");
    }

    [Test]
    public void A_bgr_frame_is_fitted_colour_by_colour()
    {
        var relit = Relit(Touch(), 1.2, 10);
        var bgr = new TactileFrame(relit.SensorId, relit.Stamp, relit.Sequence, relit.Width, relit.Height, PixelEncoding.Bgr8,
            RawImage.SwapRedBlue(relit.Pixels.ToArray()));
        var rgbFit = new IlluminationFit(Background.Value);
        var bgrFit = new IlluminationFit(Background.Value);
        Assert.That(rgbFit.Fit(relit) && bgrFit.Fit(bgr), Is.True);
        for (var c = 0; c < 3; c++)
        {
            Assert.That(bgrFit.Gain(c), Is.EqualTo(rgbFit.Gain(c)).Within(1e-9));
        }
        Assert.That(bgrFit.Undo(bgr).Pixels.ToArray(), Is.EqualTo(RawImage.SwapRedBlue(rgbFit.Undo(relit).Pixels.ToArray())));
        Assert.That(() => rgbFit.Fit(Frame(new byte[12])), Throws.ArgumentException.With.Message.Contains("12 bytes"));
        var mono = new TactileFrame("digit_thumb", relit.Stamp, 1, relit.Width, relit.Height, PixelEncoding.Mono8, new byte[relit.Width * relit.Height]);
        Assert.That(() => rgbFit.Fit(mono), Throws.ArgumentException.With.Message.Contains("mono8").And.Message.Contains("digit_thumb"));
        Assert.That(() => new IlluminationFit(new BackgroundImage("digit", 4, 4, new byte[48])),
            Throws.ArgumentException.With.Message.Contains("4x4 background is too small"));
    }

    [TestCase(1, 0)]
    [TestCase(2, 1)]
    [TestCase(1200, 839)]
    [TestCase(1200, 0)]
    [TestCase(1200, 1199)]
    [TestCase(37, 18)]
    public void Selection_puts_the_sorted_value_at_k_with_no_larger_before_and_no_smaller_after(int count, int k)
    {
        var random = new Random(count * 31 + k);
        // Few distinct values, so ties with the pivot are the common case.
        var values = Enumerable.Range(0, count).Select(_ => (double)random.Next(0, 9)).ToArray();
        var sorted = values.Order().ToArray();
        var selected = IlluminationFit.SelectSmallest(values, k);
        Assert.Multiple(() =>
        {
            Assert.That(selected, Is.EqualTo(sorted[k]));
            Assert.That(values[k], Is.EqualTo(sorted[k]));
            Assert.That(values.Take(k), Is.All.LessThanOrEqualTo(selected));
            Assert.That(values.Skip(k + 1), Is.All.GreaterThanOrEqualTo(selected));
            Assert.That(values.Order(), Is.EqualTo(sorted), "a permutation of the input");
        });
    }

    [Test]
    public void A_compensating_pipeline_feeds_the_encoder_the_nominally_lit_touch()
    {
        var size = SparshInputSize.ForceField;
        var touch = Touch();
        var relit = Relit(touch, 1.35, 18);
        float[] Input(TactileFrame frame, bool compensate)
        {
            var pipeline = new SparshSensorPipeline(SensorProfile.Digit, Background.Value, size, stride: 1, compensate);
            Assert.That(pipeline.Push(frame), Is.True);
            var input = new float[2 * size.FrameLength];
            pipeline.WriteInput(input);
            return input;
        }
        var nominal = Input(touch, compensate: false);
        Assert.That(Input(touch, compensate: true), Is.EqualTo(nominal), "nominal lighting: Sparsh's input byte for byte");
        var compensated = Input(relit, compensate: true);
        var uncompensated = Input(relit, compensate: false);
        double Error(float[] input) => input.Zip(nominal, (a, b) => Math.Abs(a - b)).Average();
        Assert.That(Error(compensated), Is.LessThan(Error(uncompensated) / 5));
        Assert.That(Error(compensated), Is.LessThan(2 / 255.0));

        var dark = new SparshSensorPipeline(SensorProfile.Digit, Background.Value, size, stride: 1, compensateIllumination: true);
        Assert.That(dark.Push(Frame(new byte[Background.Value.Rgb.Length])), Is.False, "a black frame is refused");
        Assert.That(dark.Stack.Count, Is.Zero);
        Assert.That(() => new SparshSensorPipeline(SensorProfile.GelSight2017, null, size, compensateIllumination: true),
            Throws.ArgumentException.With.Message.Contains("gelsight"));
    }

    private static TactileFrame Touch()
    {
        var simulator = new DigitSimulator(Background.Value, DigitSimulator.OptionsFor(SensorProfile.Digit, 5));
        var pixels = new byte[simulator.FrameLength];
        var sleeve = new ContactState(IndenterShape.Cylinder, 2.5, Vec3.Zero, new Vec3(1.5, -2, 0), 6, new Vec3(0.8, 0.6, 0)) { LengthMm = 12 };
        simulator.Render(sleeve, pixels, 1);
        return Frame(pixels);
    }

    private static TactileFrame Relit(TactileFrame frame, double gain, double offset) =>
        Frame([.. frame.Pixels.ToArray().Select(v => (byte)Math.Clamp(Math.Round(gain * v + offset), 0, 255))]);

    private static TactileFrame Frame(byte[] pixels) => new("digit_thumb", new Timestamp(0, 0, ClockKind.Monotonic), 1,
        pixels.Length == 12 ? 2 : Background.Value.Width, pixels.Length == 12 ? 2 : Background.Value.Height, PixelEncoding.Rgb8, pixels);

    private static double Difference(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += Math.Abs(a[i] - b[i]);
        }
        return sum / a.Length;
    }
}
