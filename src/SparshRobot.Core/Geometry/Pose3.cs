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
}
