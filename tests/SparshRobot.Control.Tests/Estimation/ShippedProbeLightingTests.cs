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

/// <summary>The shipped probes on bead-sleeve touch rendered on the real DIGIT background, lit as recorded and a little brighter.</summary>
[Category("torch")]
public class ShippedProbeLightingTests
{
    [Test]
    public void AOneGreyLevelBrighterImageReadsAsTheSameTouch()
    {
        var image = RawImage.Read(TestPaths.DigitBackground);
        var background = new BackgroundImage(SensorProfile.Digit.Name, image.Width, image.Height, image.ToRgb());
        var models = Path.Combine(TestPaths.RepoRoot, "policies", "models");
        List<FingerEstimate> Estimates(int shift)
        {
            using var estimator = ProbeTactileEstimator.Load(Path.Combine(models, "probes"), Path.Combine(models, "encoder", "encoder.safetensors"),
                background, background, new ProbeEstimatorOptions { MinPassInterval = TimeSpan.Zero });
            var renderer = new DigitSimulator(background, DigitSimulator.OptionsFor(SensorProfile.Digit, 3));
            var estimates = new List<FingerEstimate>();
            for (var k = 0; k < 24; k++)
            {
                var axis = 0.3 * Math.Sin(0.2 * k);
                var sleeve = new ContactState(IndenterShape.Cylinder, 1 + k % 7 * 0.4, Vec3.Zero, new Vec3(-3 + 0.25 * k, -2 + 0.17 * k, 0), 6,
                    new Vec3(Math.Cos(axis), Math.Sin(axis), 0))
                { LengthMm = 12 };
                var pixels = new byte[renderer.FrameLength];
                renderer.Render(sleeve, pixels, k);
                for (var i = 0; i < pixels.Length; i++)
                {
                    pixels[i] = (byte)Math.Min(255, pixels[i] + shift);
                }
                var t = Timestamp.FromSeconds(k / 60.0, ClockKind.Simulated);
                estimates.Add(estimator.Update(t, [new TactileFrame("digit_thumb", t, k, renderer.Width, renderer.Height, PixelEncoding.Rgb8, pixels)]).Thumb);
            }
            return estimates;
        }
        var nominal = Estimates(0);
        var brighter = Estimates(1);
        // Pairs need a stride of history; compare once the stack is full.
        double Change(Func<FingerEstimate, double> value) => nominal.Zip(brighter).Skip(6).Average(p => Math.Abs(value(p.First) - value(p.Second)));
        Assert.That(nominal.Skip(6).Average(e => e.NormalForce), Is.GreaterThan(1), "the probes feel the pressed sleeve");
        // The probes trained without shifted-lighting copies moved by 1.7 N and 1.6 mm here.
        Assert.That(Change(e => e.NormalForce), Is.LessThan(0.3), "normal force, N");
        Assert.That(Change(e => e.OffsetXMm), Is.LessThan(0.5), "contact offset x, mm");
        Assert.That(Change(e => e.OffsetYMm), Is.LessThan(0.5), "contact offset y, mm");
    }
}
