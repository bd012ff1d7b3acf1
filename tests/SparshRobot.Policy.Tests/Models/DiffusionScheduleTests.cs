using SparshRobot.Policy.Diffusion;

namespace SparshRobot.Policy.Tests.Models;

public class DiffusionScheduleTests
{
    [Test]
    public void CosineScheduleFollowsTheClosedForm()
    {
        var s = new NoiseSchedule(100, BetaSchedule.SquaredCosCapV2);
        static double AlphaBar(double t) => Math.Pow(Math.Cos((t + 0.008) / 1.008 * Math.PI / 2), 2);
        Assert.Multiple(() =>
        {
            Assert.That(s.Betas[0], Is.EqualTo(1 - AlphaBar(0.01) / AlphaBar(0)).Within(1e-12));
            Assert.That(s.Betas.Max(), Is.LessThanOrEqualTo(0.999));
            Assert.That(s.AlphasCumprod, Is.Ordered.Descending);
            Assert.That(s.AlphasCumprod[^1], Is.LessThan(1e-3), "the last step is almost pure noise");
        });
    }

    [Test]
    public void LinearScheduleSpansItsEndpoints()
    {
        var s = new NoiseSchedule(100, BetaSchedule.Linear, 1e-4, 0.02);
        Assert.Multiple(() =>
        {
            Assert.That(s.Betas[0], Is.EqualTo(1e-4).Within(1e-15));
            Assert.That(s.Betas[^1], Is.EqualTo(0.02).Within(1e-15));
        });
    }

    [Test]
    public void DdimVisitsLeadingStepsFromTheEnd()
    {
        var steps = DiffusionHead.DdimTimesteps(100, 16).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(steps, Has.Count.EqualTo(16));
            Assert.That(steps[0], Is.EqualTo((90, 84)));
            Assert.That(steps[^1], Is.EqualTo((0, -6)));
            Assert.That(steps.Select(s => s.Step), Is.Ordered.Descending);
        });
    }

    [Test]
    public void RejectsDegenerateSchedules()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new NoiseSchedule(1));
    }
}
