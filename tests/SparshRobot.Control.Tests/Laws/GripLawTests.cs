using SparshRobot.Control.Laws;

namespace SparshRobot.Control.Tests.Laws;

public sealed class GripLawTests
{
    private static readonly GripLawOptions O = GripLawOptions.Default;

    [Test]
    public void Shear_at_target_and_no_slip_holds_the_nominal_grip()
    {
        var law = new GripLaw();
        for (var i = 0; i < 50; i++)
        {
            Assert.That(law.Update(0.02, O.ShearTarget, 0, 0), Is.EqualTo(O.Nominal).Within(1e-12));
        }
    }

    [Test]
    public void First_step_above_target_is_proportional_plus_one_integrator_step()
    {
        var law = new GripLaw();
        // error 0.2 N: Kp 1.5 x 0.2 = 0.3; integral 0.1 s x Ki 2 x 0.2 = 0.04; no derivative on the first sample.
        Assert.That(law.Update(0.1, O.ShearTarget + 0.2, 0, 0), Is.EqualTo(O.Nominal + 0.34).Within(1e-9));
    }

    [Test]
    public void Steady_error_settles_at_leaky_integral_and_returns_when_it_goes()
    {
        var law = new GripLaw();
        var grip = 0.0;
        for (var i = 0; i < 1000; i++)
        {
            grip = law.Update(0.01, O.ShearTarget + 0.2, 0, 0);
        }
        // Kp e + Ki e Leak = 0.3 + 0.4 above nominal.
        Assert.That(grip, Is.EqualTo(O.Nominal + 0.7).Within(1e-3));
        for (var i = 0; i < 1000; i++)
        {
            grip = law.Update(0.01, O.ShearTarget, 0, 0);
        }
        Assert.That(grip, Is.EqualTo(O.Nominal).Within(1e-3), "the leak takes the grip back: no ratchet");
    }

    [Test]
    public void Derivative_reacts_to_a_rising_shear()
    {
        var law = new GripLaw(O with { Ki = 0 });
        law.Update(0.1, O.ShearTarget, 0, 0);
        // 0.1 N rise in 0.1 s: Kd 0.05 x 1 N/s + Kp 1.5 x 0.1.
        Assert.That(law.Update(0.1, O.ShearTarget + 0.1, 0, 0), Is.EqualTo(O.Nominal + 0.05 + 0.15).Within(1e-9));
    }

    [Test]
    public void Slip_steps_up_capped_then_decays()
    {
        var law = new GripLaw();
        // Full probability at the severity scale for 0.1 s adds SlipGain.
        Assert.That(law.Update(0.1, O.ShearTarget, 1, O.SlipSeverityScale), Is.EqualTo(O.Nominal + O.SlipGain).Within(1e-9));
        for (var i = 0; i < 20; i++)
        {
            law.Update(0.1, O.ShearTarget, 1, 100);
        }
        Assert.That(law.SlipBoost, Is.EqualTo(O.SlipCap).Within(1e-9));
        var grip = 0.0;
        for (var i = 0; i < 100; i++)
        {
            grip = law.Update(0.1, O.ShearTarget, 0, 0);
        }
        Assert.That(grip, Is.EqualTo(O.Nominal).Within(1e-3));
    }

    [Test]
    public void Grip_stays_within_its_hard_limits()
    {
        var law = new GripLaw();
        Assert.That(law.Update(0.1, 50, 1, 1000), Is.EqualTo(O.Max));
        var low = new GripLaw(O with { Nominal = 1.5, Min = 1.5 });
        Assert.That(low.Update(0.1, 0, 0, 0), Is.EqualTo(1.5));
    }

    [Test]
    public void Non_finite_input_keeps_the_state_and_returns_a_finite_grip()
    {
        var law = new GripLaw();
        law.Update(0.1, O.ShearTarget + 0.2, 0, 0);
        var integral = law.Integral;
        var grip = law.Update(0.1, double.NaN, 0, 0);
        Assert.That(double.IsFinite(grip), Is.True);
        Assert.That(law.Integral, Is.EqualTo(integral));
    }

    [Test]
    public void Inconsistent_limits_are_refused()
    {
        Assert.That(() => new GripLaw(O with { Min = 3, Nominal = 2 }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("min (3)"));
    }
}
