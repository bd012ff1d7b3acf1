using SparshRobot.Core.Geometry;
using SparshRobot.Core.Sensing;
using SparshRobot.Core.Time;
using SparshRobot.Sim.Faults;
using SparshRobot.Sim.Hand;
using SparshRobot.Sim.Simulation;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Tactile.Profiles;
using SparshRobot.Testing;

namespace SparshRobot.Sim.Tests.Simulation;

public class DigitFrameRendererTests
{
    private static readonly ContactState Bead = new(IndenterShape.Cylinder, 2.5, new Vec3(0.2, 0, 0), Vec3.Zero, 6, Vec3.UnitY);

    private static DigitFrameRenderer NewRenderer() =>
        new(BackgroundStore.FromImageFile(TestPaths.DigitBackground, SensorProfile.Digit), seed: 3);

    private static TactileFrame Render(DigitFrameRenderer renderer, Finger finger, TactileImageConditions conditions, ContactState? contact = null) =>
        renderer.Render(new TactileRenderRequest($"digit_{finger.ToString().ToLowerInvariant()}", finger, new Timestamp(1, 0, ClockKind.Simulated), 4, contact ?? Bead, conditions));

    private static double Mean(TactileFrame frame) => frame.Pixels.ToArray().Average(b => (double)b);

    [Test]
    public void RendersADigitFrameForEachFinger()
    {
        var renderer = NewRenderer();
        var thumb = Render(renderer, Finger.Thumb, TactileImageConditions.Nominal);
        var idle = Render(renderer, Finger.Thumb, TactileImageConditions.Nominal, ContactState.NoContact);
        Assert.Multiple(() =>
        {
            Assert.That((thumb.Width, thumb.Height, thumb.Encoding), Is.EqualTo((240, 320, PixelEncoding.Rgb8)));
            Assert.That(thumb.SensorId, Is.EqualTo("digit_thumb"));
            Assert.That(thumb.Sequence, Is.EqualTo(4));
            Assert.That(thumb.Pixels.ToArray(), Is.Not.EqualTo(idle.Pixels.ToArray()), "the bead leaves an imprint");
        });
    }

    [Test]
    public void LightingDriftScalesBrightnessAndNoiseIsSeeded()
    {
        var renderer = NewRenderer();
        var nominal = Render(renderer, Finger.Index, TactileImageConditions.Nominal);
        var dimmed = Render(renderer, Finger.Index, new TactileImageConditions(0, 0.7, 0, 0));
        var noisyA = Render(renderer, Finger.Index, new TactileImageConditions(8, 1, 0, 42));
        var noisyB = Render(renderer, Finger.Index, new TactileImageConditions(8, 1, 0, 42));
        var noisyC = Render(renderer, Finger.Index, new TactileImageConditions(8, 1, 0, 43));
        Assert.Multiple(() =>
        {
            Assert.That(Mean(dimmed), Is.EqualTo(0.7 * Mean(nominal)).Within(1.0));
            Assert.That(noisyA.Pixels.ToArray(), Is.EqualTo(noisyB.Pixels.ToArray()));
            Assert.That(noisyA.Pixels.ToArray(), Is.Not.EqualTo(noisyC.Pixels.ToArray()));
            Assert.That(noisyA.Pixels.ToArray(), Is.Not.EqualTo(nominal.Pixels.ToArray()));
        });
    }
}
