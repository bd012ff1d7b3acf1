using SparshRobot.Control.Laws;

namespace SparshRobot.Control.Tests.Laws;

public sealed class ClimbLawTests
{
    [Test]
    public void The_slope_integrates_the_pinch_offset_at_a_rate_that_scales_with_speed_up_to_the_reference()
    {
        var law = new ClimbLaw(new ClimbLawOptions(Gain: 400, ReferenceSpeed: 0.02, MaxSlope: 0.6));
        // 1 mm ahead along the pinch axis for 0.1 s at full speed: 400 x 0.001 x 0.1 = 0.04.
        Assert.That(law.Update(0.001, 0.02, 0.1), Is.EqualTo(0.04).Within(1e-12));
        // Faster than the reference learns no faster; half the reference speed learns half as fast.
        Assert.That(law.Update(0.001, 0.05, 0.1), Is.EqualTo(0.08).Within(1e-12));
        Assert.That(law.Update(-0.001, 0.01, 0.1), Is.EqualTo(0.06).Within(1e-12));
    }

    [Test]
    public void A_standing_hand_or_a_bad_offset_learns_nothing_and_the_slope_is_bounded()
    {
        var law = new ClimbLaw();
        Assert.That(law.Update(0.002, 0, 0.1), Is.Zero, "no climb is felt at a standstill");
        Assert.That(law.Update(double.NaN, 0.02, 0.1), Is.Zero);
        for (var i = 0; i < 1000; i++)
        {
            law.Update(0.005, 0.03, 0.1);
        }
        Assert.That(law.Slope, Is.EqualTo(law.Options.MaxSlope));
        law.Reset();
        Assert.That(law.Slope, Is.Zero);
    }
}
