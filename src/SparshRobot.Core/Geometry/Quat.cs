namespace SparshRobot.Core.Geometry;

/// <summary>A rotation as a unit quaternion, stored in ROS order (x, y, z, w).</summary>
public readonly record struct Quat
{
    public Quat(double x, double y, double z, double w)
    {
        var n = Math.Sqrt(x * x + y * y + z * z + w * w);
        if (n < 1e-12 || !double.IsFinite(n))
        {
            throw new ArgumentException($"quaternion ({x}, {y}, {z}, {w}) cannot be normalized");
        }
        X = x / n;
        Y = y / n;
        Z = z / n;
        W = w / n;
    }

    public double X { get; }

    public double Y { get; }

    public double Z { get; }

    public double W { get; }

    public static Quat Identity { get; } = new(0, 0, 0, 1);

    public static Quat FromAxisAngle(Vec3 axis, double angle)
    {
        var a = axis.Normalized() * Math.Sin(angle / 2);
        return new Quat(a.X, a.Y, a.Z, Math.Cos(angle / 2));
    }

    /// <summary>Roll about x, then pitch about y, then yaw about z (the ROS <c>setRPY</c> convention).</summary>
    public static Quat FromRollPitchYaw(double roll, double pitch, double yaw) =>
        FromAxisAngle(Vec3.UnitZ, yaw) * FromAxisAngle(Vec3.UnitY, pitch) * FromAxisAngle(Vec3.UnitX, roll);

    public Quat Conjugate() => new(-X, -Y, -Z, W);

    public static Quat operator *(Quat a, Quat b) => new(
        a.W * b.X + a.X * b.W + a.Y * b.Z - a.Z * b.Y,
        a.W * b.Y - a.X * b.Z + a.Y * b.W + a.Z * b.X,
        a.W * b.Z + a.X * b.Y - a.Y * b.X + a.Z * b.W,
        a.W * b.W - a.X * b.X - a.Y * b.Y - a.Z * b.Z);

    public Vec3 Rotate(Vec3 v)
    {
        var u = new Vec3(X, Y, Z);
        var t = 2 * Vec3.Cross(u, v);
        return v + W * t + Vec3.Cross(u, t);
    }

    /// <summary>Axis times angle of this rotation, the angle in [0, pi] (the shorter way round).</summary>
    public Vec3 ToRotationVector()
    {
        var sign = W < 0 ? -1 : 1;
        var v = new Vec3(X, Y, Z) * sign;
        var s = v.Norm;
        if (s < 1e-12)
        {
            return Vec3.Zero;
        }
        var angle = 2 * Math.Atan2(s, W * sign);
        return v * (angle / s);
    }

    /// <summary>Angle of the rotation that takes this orientation to <paramref name="other"/>, in [0, pi].</summary>
    public double AngleTo(Quat other)
    {
        var d = Math.Abs(X * other.X + Y * other.Y + Z * other.Z + W * other.W);
        return 2 * Math.Acos(Math.Min(1, d));
    }
}
