namespace SparshRobot.Control.Laws;

/// <summary>Gains of the climb law.</summary>
/// <param name="Gain">Slope change per second per metre of felt pinch-axis offset at full speed, 1/(m s).</param>
/// <param name="ReferenceSpeed">Advance speed at and above which the slope adapts at the full rate, m/s.</param>
/// <param name="MaxSlope">Largest climb the law believes, rise over run.</param>
public sealed record ClimbLawOptions(double Gain = 400, double ReferenceSpeed = 0.02, double MaxSlope = 0.6)
{
    public static ClimbLawOptions Default { get; } = new();
}

/// <summary>
/// The pads feel the wire's direction only in their own plane. Where the wire climbs out of it, a hand advancing
/// along the felt axis falls behind the bead along the pinch axis by speed x climb / centring gain, and that lag is a
/// load across the wire that presses the bead onto it (on a sticky section it is what jams). This law learns the
/// climb from the pinch-axis offset felt while advancing, so the advance can be tilted by it: a feed-forward that
/// scales with speed and stops when the hand stops.
/// </summary>
public sealed class ClimbLaw(ClimbLawOptions? options = null)
{
    public ClimbLawOptions Options { get; } = options ?? ClimbLawOptions.Default;

    /// <summary>Learned climb along the pinch axis per metre advanced.</summary>
    public double Slope { get; private set; }

    /// <param name="pinchOffset">Felt bead offset from the pinch point along the pinch axis, metres.</param>
    /// <param name="speed">Advance speed commanded this tick, m/s (the offset says nothing about the climb at a standstill).</param>
    /// <param name="dt">Seconds since the last update.</param>
    public double Update(double pinchOffset, double speed, double dt)
    {
        var o = Options;
        if (dt > 0 && speed > 0 && double.IsFinite(pinchOffset))
        {
            var rate = o.Gain * pinchOffset * Math.Min(1, speed / o.ReferenceSpeed);
            Slope = Math.Clamp(Slope + rate * dt, -o.MaxSlope, o.MaxSlope);
        }
        return Slope;
    }

    public void Reset() => Slope = 0;
}
