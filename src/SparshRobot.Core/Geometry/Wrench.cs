using MathNet.Numerics.LinearAlgebra;

namespace SparshRobot.Core.Geometry;

/// <summary>A force (N) and torque (N m) pair, <c>geometry_msgs/Wrench</c> shaped.</summary>
public readonly record struct Wrench(Vec3 Force, Vec3 Torque)
{
    public static Wrench Zero => default;

    public Vector<double> ToVector() => Vector<double>.Build.Dense([Force.X, Force.Y, Force.Z, Torque.X, Torque.Y, Torque.Z]);

    public static Wrench FromVector(Vector<double> v) => v.Count == 6
        ? new Wrench(new Vec3(v[0], v[1], v[2]), new Vec3(v[3], v[4], v[5]))
        : throw new ArgumentException($"expected 6 elements, got {v.Count}", nameof(v));

    /// <summary>
    /// Re-expresses this wrench, given in frame B, in frame A (A_T_B = <paramref name="aFromB"/>). Wrenches
    /// transform with the inverse transpose of the twist adjoint, so power (wrench . twist) is frame independent.
    /// </summary>
    public Wrench ExpressedIn(Pose3 aFromB) => FromVector(aFromB.Inverse().Adjoint().Transpose() * ToVector());

    /// <summary>Instantaneous power delivered to a body moving with <paramref name="twist"/> (same frame).</summary>
    public double Power(Twist twist) => Vec3.Dot(Force, twist.Linear) + Vec3.Dot(Torque, twist.Angular);
}
