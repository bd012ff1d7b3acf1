namespace SparshRobot.Core.Geometry;

/// <summary>A spatial velocity, <c>geometry_msgs/Twist</c> shaped: linear (m/s) and angular (rad/s).</summary>
public readonly record struct Twist(Vec3 Linear, Vec3 Angular)
{
    public static Twist Zero => default;
}
