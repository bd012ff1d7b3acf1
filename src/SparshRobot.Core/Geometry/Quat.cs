using MathNet.Numerics.LinearAlgebra;

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

    public Matrix<double> ToRotationMatrix() => Matrix<double>.Build.DenseOfArray(new[,]
    {
        { 1 - 2 * (Y * Y + Z * Z), 2 * (X * Y - Z * W), 2 * (X * Z + Y * W) },
        { 2 * (X * Y + Z * W), 1 - 2 * (X * X + Z * Z), 2 * (Y * Z - X * W) },
        { 2 * (X * Z - Y * W), 2 * (Y * Z + X * W), 1 - 2 * (X * X + Y * Y) },
    });

    /// <summary>Converts a proper rotation matrix (Shepperd's method, stable for every angle).</summary>
    public static Quat FromRotationMatrix(Matrix<double> r)
    {
        if (r.RowCount != 3 || r.ColumnCount != 3)
        {
            throw new ArgumentException($"expected a 3x3 matrix, got {r.RowCount}x{r.ColumnCount}", nameof(r));
        }
        var trace = r[0, 0] + r[1, 1] + r[2, 2];
        if (trace > 0)
        {
            var s = Math.Sqrt(trace + 1) * 2;
            return new Quat((r[2, 1] - r[1, 2]) / s, (r[0, 2] - r[2, 0]) / s, (r[1, 0] - r[0, 1]) / s, s / 4);
        }
        if (r[0, 0] > r[1, 1] && r[0, 0] > r[2, 2])
        {
            var s = Math.Sqrt(1 + r[0, 0] - r[1, 1] - r[2, 2]) * 2;
            return new Quat(s / 4, (r[0, 1] + r[1, 0]) / s, (r[0, 2] + r[2, 0]) / s, (r[2, 1] - r[1, 2]) / s);
        }
        if (r[1, 1] > r[2, 2])
        {
            var s = Math.Sqrt(1 + r[1, 1] - r[0, 0] - r[2, 2]) * 2;
            return new Quat((r[0, 1] + r[1, 0]) / s, s / 4, (r[1, 2] + r[2, 1]) / s, (r[0, 2] - r[2, 0]) / s);
        }
        var t = Math.Sqrt(1 + r[2, 2] - r[0, 0] - r[1, 1]) * 2;
        return new Quat((r[0, 2] + r[2, 0]) / t, (r[1, 2] + r[2, 1]) / t, t / 4, (r[1, 0] - r[0, 1]) / t);
    }
}
