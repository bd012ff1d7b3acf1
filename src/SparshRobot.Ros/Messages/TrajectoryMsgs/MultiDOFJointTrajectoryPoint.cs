using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages.BuiltinInterfaces;
using SparshRobot.Ros.Messages.GeometryMsgs;

namespace SparshRobot.Ros.Messages.TrajectoryMsgs;

/// <summary><c>trajectory_msgs/msg/MultiDOFJointTrajectoryPoint</c>: one transform (and optional twists) per multi-DOF joint.</summary>
public sealed record MultiDOFJointTrajectoryPoint(
    IReadOnlyList<Transform> Transforms, IReadOnlyList<Twist> Velocities, IReadOnlyList<Twist> Accelerations, Duration TimeFromStart)
    : IRosMessage<MultiDOFJointTrajectoryPoint>
{
    /// <summary>Lower bound on the encoded size: three empty sequences and the duration.</summary>
    internal const int MinEncodedSize = 20;

    public static string TypeName => "trajectory_msgs/msg/MultiDOFJointTrajectoryPoint";

    public static string Definition =>
        "geometry_msgs/Transform[] transforms\ngeometry_msgs/Twist[] velocities\ngeometry_msgs/Twist[] accelerations\nbuiltin_interfaces/Duration time_from_start\n";

    public void Serialize(CdrWriter writer)
    {
        MessageSequence.Write(writer, Transforms);
        MessageSequence.Write(writer, Velocities);
        MessageSequence.Write(writer, Accelerations);
        TimeFromStart.Serialize(writer);
    }

    public static MultiDOFJointTrajectoryPoint Deserialize(ref CdrReader reader) => new(
        MessageSequence.Read<Transform>(ref reader, Transform.EncodedSize, "MultiDOFJointTrajectoryPoint.transforms"),
        MessageSequence.Read<Twist>(ref reader, Twist.EncodedSize, "MultiDOFJointTrajectoryPoint.velocities"),
        MessageSequence.Read<Twist>(ref reader, Twist.EncodedSize, "MultiDOFJointTrajectoryPoint.accelerations"),
        Duration.Deserialize(ref reader));
}
