using SparshRobot.Core.Geometry;

namespace SparshRobot.Control.Laws;

/// <summary>Gains of the centring law.</summary>
/// <param name="CrossGain">Velocity per metre of bead offset across the wire, 1/s.</param>
/// <param name="AlongGain">Velocity per metre of bead offset along the wire, 1/s (the hand drags the bead that way anyway).</param>
/// <param name="MaxSpeed">Largest correction speed, m/s.</param>
/// <param name="DeadBand">Offsets smaller than this are left alone, metres (estimator noise).</param>
public sealed record CentringLawOptions(double CrossGain = 9, double AlongGain = 3, double MaxSpeed = 0.04, double DeadBand = 0.0002)
{
    public static CentringLawOptions Default { get; } = new();
}

/// <summary>
/// Keeps the bead centred between the pads: a small end-effector velocity towards where the pads feel the bead,
/// stronger across the wire than along it. Pulling across the wire is what presses the bead onto it and jams it, and
/// a bead centred by touch is also what corrects a drifting calibration (the pads feel where the wire really is).
/// </summary>
public sealed class CentringLaw(CentringLawOptions? options = null)
{
    public CentringLawOptions Options { get; } = options ?? CentringLawOptions.Default;

    /// <param name="offset">Bead minus pinch point, world, metres.</param>
    /// <param name="axis">Unit wire direction (either sign), world; zero when unknown (then both gains are the cross gain).</param>
    public Vec3 Correction(Vec3 offset, Vec3 axis)
    {
        var o = Options;
        var along = Vec3.Dot(offset, axis);
        var alongPart = axis * along;
        var crossPart = offset - alongPart;
        var v = ShrinkBy(crossPart, o.DeadBand) * o.CrossGain + ShrinkBy(alongPart, o.DeadBand) * (axis == Vec3.Zero ? o.CrossGain : o.AlongGain);
        var n = v.Norm;
        return n > o.MaxSpeed ? v * (o.MaxSpeed / n) : v;
    }

    private static Vec3 ShrinkBy(Vec3 v, double amount)
    {
        var n = v.Norm;
        return n <= amount ? Vec3.Zero : v * ((n - amount) / n);
    }
}
