namespace SparshRobot.Control.Laws;

/// <summary>Gains and limits of the grip law. Forces newtons, times seconds.</summary>
/// <param name="Nominal">Grip with no load and no slip.</param>
/// <param name="Min">Never below: the bead must stay pinched.</param>
/// <param name="Max">Never above: squeezing harder makes a cocked bead bite the wire and jam.</param>
/// <param name="ShearTarget">The sliding load the law lets the pads carry before it squeezes harder.</param>
/// <param name="Kp">Grip per newton of shear above target.</param>
/// <param name="Kd">Grip per newton-per-second of shear rise.</param>
/// <param name="Ki">Integrator rate per newton of shear error.</param>
/// <param name="Leak">The integrator decays back with this time constant, so the grip does not ratchet up.</param>
/// <param name="SlipGain">Grip step per unit of slip (probability x severity / <paramref name="SlipSeverityScale"/>).</param>
/// <param name="SlipSeverityScale">Slip speed (mm/s) that counts as one unit of severity.</param>
/// <param name="SlipCap">Largest total slip boost.</param>
/// <param name="SlipDecay">The slip boost decays back with this time constant.</param>
public sealed record GripLawOptions(
    double Nominal = 2.5,
    double Min = 1.2,
    double Max = 6,
    double ShearTarget = 0.3,
    double Kp = 1.5,
    double Kd = 0.05,
    double Ki = 2,
    double Leak = 1.0,
    double SlipGain = 0.8,
    double SlipSeverityScale = 10,
    double SlipCap = 2.5,
    double SlipDecay = 0.6)
{
    public static GripLawOptions Default { get; } = new();

    public void Validate()
    {
        if (!(Min > 0 && Min <= Nominal && Nominal <= Max))
        {
            throw new ArgumentOutOfRangeException(nameof(Nominal), $"grip limits must satisfy 0 < min ({Min}) <= nominal ({Nominal}) <= max ({Max}) N");
        }
        if (!(Leak > 0 && SlipDecay > 0 && SlipSeverityScale > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(Leak), "leak, slip decay and slip severity scale must be positive");
        }
    }
}

/// <summary>
/// Regulates the sliding friction, not "squeeze on slip": PD plus a leaky integrator on the shear the pads carry
/// towards a target (She et al.'s cable grip), plus a capped step on slip severity that decays back (Jawale et al.),
/// within hard minimum and maximum grip. A pure law: state in, grip out, no clock of its own.
/// </summary>
public sealed class GripLaw
{
    private double _integral;
    private double _slipBoost;
    private double _lastShear = double.NaN;

    public GripLaw(GripLawOptions? options = null)
    {
        Options = options ?? GripLawOptions.Default;
        Options.Validate();
    }

    public GripLawOptions Options { get; }

    public double SlipBoost => _slipBoost;

    public double Integral => _integral;

    /// <summary>
    /// The grip target after <paramref name="dt"/> seconds with the pads carrying <paramref name="shear"/> newtons
    /// (magnitude) and slipping with <paramref name="slipProbability"/> at <paramref name="slipSeverity"/> mm/s.
    /// </summary>
    public double Update(double dt, double shear, double slipProbability, double slipSeverity)
    {
        if (!(dt > 0) || !double.IsFinite(shear) || !double.IsFinite(slipProbability) || !double.IsFinite(slipSeverity))
        {
            return Output(0);
        }
        var o = Options;
        var error = shear - o.ShearTarget;
        var rate = double.IsNaN(_lastShear) ? 0 : (shear - _lastShear) / dt;
        _lastShear = shear;
        // Leaky: the integral relaxes to Ki x error x Leak under a steady error, and back to zero without one.
        _integral += dt * (o.Ki * error - _integral / o.Leak);
        _slipBoost *= Math.Exp(-dt / o.SlipDecay);
        _slipBoost = Math.Min(o.SlipCap, _slipBoost + o.SlipGain * Math.Clamp(slipProbability, 0, 1) * Math.Min(slipSeverity / o.SlipSeverityScale, 1) * dt / 0.1);
        return Output(o.Kp * error + o.Kd * rate);
    }

    /// <summary>Forgets shear and slip history (after a regrasp).</summary>
    public void Reset()
    {
        _integral = 0;
        _slipBoost = 0;
        _lastShear = double.NaN;
    }

    private double Output(double pd) => Math.Clamp(Options.Nominal + Math.Max(0, pd + _integral) + _slipBoost, Options.Min, Options.Max);
}
