using MathNet.Numerics.LinearAlgebra;

namespace SparshRobot.Core.Geometry;

/// <summary>
/// A rigid transform in SE(3), <c>geometry_msgs/Pose</c> shaped: the pose of a child frame expressed in a parent
/// frame. <c>parent_T_child * child_T_grandchild = parent_T_grandchild</c>.
/// </summary>
public readonly record struct Pose3(Vec3 Position, Quat Orientation)
{
    public static Pose3 Identity { get; } = new(Vec3.Zero, Quat.Identity);

    public static Pose3 operator *(Pose3 a, Pose3 b) =>
        new(a.Position + a.Orientation.Rotate(b.Position), a.Orientation * b.Orientation);

    public Pose3 Inverse()
    {
        var inv = Orientation.Conjugate();
        return new Pose3(-inv.Rotate(Position), inv);
    }

    /// <summary>Maps a point from the child frame into the parent frame.</summary>
    public Vec3 TransformPoint(Vec3 p) => Position + Orientation.Rotate(p);

    public Matrix<double> ToMatrix()
    {
        var m = Matrix<double>.Build.DenseIdentity(4);
        m.SetSubMatrix(0, 0, Orientation.ToRotationMatrix());
        m[0, 3] = Position.X;
        m[1, 3] = Position.Y;
        m[2, 3] = Position.Z;
        return m;
    }

    public static Pose3 FromMatrix(Matrix<double> m)
    {
        if (m.RowCount != 4 || m.ColumnCount != 4)
        {
            throw new ArgumentException($"expected a 4x4 homogeneous matrix, got {m.RowCount}x{m.ColumnCount}", nameof(m));
        }
        return new Pose3(new Vec3(m[0, 3], m[1, 3], m[2, 3]), Quat.FromRotationMatrix(m.SubMatrix(0, 3, 0, 3)));
    }

    /// <summary>
    /// The 6x6 adjoint that maps a twist [v; w] given in the child frame to the same motion in the parent frame:
    /// [[R, [p]x R], [0, R]].
    /// </summary>
    public Matrix<double> Adjoint()
    {
        var r = Orientation.ToRotationMatrix();
        var ad = Matrix<double>.Build.Dense(6, 6);
        ad.SetSubMatrix(0, 0, r);
        ad.SetSubMatrix(0, 3, Position.Skew() * r);
        ad.SetSubMatrix(3, 3, r);
        return ad;
    }
}
