using MathNet.Numerics.LinearAlgebra;

namespace SparshRobot.Core.Geometry;

/// <summary>A spatial velocity, <c>geometry_msgs/Twist</c> shaped: linear (m/s) and angular (rad/s).</summary>
public readonly record struct Twist(Vec3 Linear, Vec3 Angular)
{
    public static Twist Zero => default;

    public Vector<double> ToVector() => Vector<double>.Build.Dense([Linear.X, Linear.Y, Linear.Z, Angular.X, Angular.Y, Angular.Z]);

    public static Twist FromVector(Vector<double> v) => v.Count == 6
        ? new Twist(new Vec3(v[0], v[1], v[2]), new Vec3(v[3], v[4], v[5]))
        : throw new ArgumentException($"expected 6 elements, got {v.Count}", nameof(v));

    /// <summary>Re-expresses this twist, given in frame B, in frame A, where <paramref name="aFromB"/> is A_T_B.</summary>
    public Twist ExpressedIn(Pose3 aFromB) => FromVector(aFromB.Adjoint() * ToVector());
}
