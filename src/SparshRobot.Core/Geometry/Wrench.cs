namespace SparshRobot.Core.Geometry;

/// <summary>A force (N) and torque (N m) pair, <c>geometry_msgs/Wrench</c> shaped.</summary>
public readonly record struct Wrench(Vec3 Force, Vec3 Torque)
{
    public static Wrench Zero => default;
}
