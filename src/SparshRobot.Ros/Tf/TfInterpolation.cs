using SparshRobot.Core.Geometry;

namespace SparshRobot.Ros.Tf;

/// <summary>Interpolation between two poses as tf2 does it: translation linearly, rotation by slerp on the shorter arc.</summary>
public static class TfInterpolation
{
    /// <param name="fraction">0 gives <paramref name="from"/>, 1 gives <paramref name="to"/>.</param>
    public static Pose3 Interpolate(Pose3 from, Pose3 to, double fraction) => new(
        from.Position + (fraction * (to.Position - from.Position)),
        Slerp(from.Orientation, to.Orientation, fraction));

    public static Quat Slerp(Quat from, Quat to, double fraction)
    {
        var dot = (from.X * to.X) + (from.Y * to.Y) + (from.Z * to.Z) + (from.W * to.W);
        // q and -q are the same rotation; going to the one on the near side takes the short way round.
        var sign = dot < 0 ? -1.0 : 1.0;
        dot = Math.Abs(dot);
        double a, b;
        if (dot > 0.9995)
        {
            // Nearly parallel: sin(theta) is ~0, and a normalized lerp is exact to rounding.
            a = 1 - fraction;
            b = fraction;
        }
        else
        {
            var theta = Math.Acos(dot);
            a = Math.Sin((1 - fraction) * theta) / Math.Sin(theta);
            b = Math.Sin(fraction * theta) / Math.Sin(theta);
        }
        b *= sign;
        return new Quat((a * from.X) + (b * to.X), (a * from.Y) + (b * to.Y), (a * from.Z) + (b * to.Z), (a * from.W) + (b * to.W));
    }
}
