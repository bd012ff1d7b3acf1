namespace SparshRobot.Sim.Hand;

/// <summary>
/// The hand's pinch force: a commanded force clamped to [0, max], reached through a first-order lag (the finger
/// motors and tendons take tens of milliseconds).
/// </summary>
public sealed class GripActuator(double maxForce = 15, double timeConstant = 0.05)
{
    public double MaxForce { get; } = maxForce > 0 ? maxForce : throw new ArgumentOutOfRangeException(nameof(maxForce));

    public double TimeConstant { get; } = timeConstant > 0 ? timeConstant : throw new ArgumentOutOfRangeException(nameof(timeConstant));

    /// <summary>The clamped command, newtons.</summary>
    public double Target { get; private set; }

    /// <summary>The force the pads actually squeeze with, newtons.</summary>
    public double Force { get; private set; }

    public void Command(double force)
    {
        if (!double.IsFinite(force))
        {
            throw new ArgumentOutOfRangeException(nameof(force), force, "grip force target must be finite");
        }
        Target = Math.Clamp(force, 0, MaxForce);
    }

    /// <summary>Sets the force directly (start of an episode with the bead already pinched).</summary>
    public void Reset(double force)
    {
        Command(force);
        Force = Target;
    }

    public void Step(double dt) => Force += (Target - Force) * (1 - Math.Exp(-dt / TimeConstant));
}
