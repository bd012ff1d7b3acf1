using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages.BuiltinInterfaces;

namespace SparshRobot.Ros.Messages.TrajectoryMsgs;

/// <summary>
/// <c>trajectory_msgs/msg/JointTrajectoryPoint</c>: each array is empty or one value per joint of the trajectory;
/// the arrays are owned by the message: do not mutate them.
/// </summary>
public sealed record JointTrajectoryPoint(double[] Positions, double[] Velocities, double[] Accelerations, double[] Effort, Duration TimeFromStart)
    : IRosMessage<JointTrajectoryPoint>
{
    /// <summary>Lower bound on the encoded size: four empty sequences and the duration.</summary>
    internal const int MinEncodedSize = 24;

    public static string TypeName => "trajectory_msgs/msg/JointTrajectoryPoint";

    public static string Definition =>
        "float64[] positions\nfloat64[] velocities\nfloat64[] accelerations\nfloat64[] effort\nbuiltin_interfaces/Duration time_from_start\n";

    public void Serialize(CdrWriter writer)
    {
        MessageSequence.WritePrimitives<double>(writer, Positions);
        MessageSequence.WritePrimitives<double>(writer, Velocities);
        MessageSequence.WritePrimitives<double>(writer, Accelerations);
        MessageSequence.WritePrimitives<double>(writer, Effort);
        TimeFromStart.Serialize(writer);
    }

    public static JointTrajectoryPoint Deserialize(ref CdrReader reader) => new(
        MessageSequence.ReadPrimitives<double>(ref reader, "JointTrajectoryPoint.positions"),
        MessageSequence.ReadPrimitives<double>(ref reader, "JointTrajectoryPoint.velocities"),
        MessageSequence.ReadPrimitives<double>(ref reader, "JointTrajectoryPoint.accelerations"),
        MessageSequence.ReadPrimitives<double>(ref reader, "JointTrajectoryPoint.effort"),
        Duration.Deserialize(ref reader));
}
