using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages.GeometryMsgs;
using SparshRobot.Ros.Messages.StdMsgs;

namespace SparshRobot.Ros.Messages.SparshRobotMsgs;

/// <summary>
/// <c>sparsh_robot_msgs/msg/BeadGroundTruth</c>: what only a simulator knows about the bead and the grasp.
/// Forces in newtons, lengths in metres, world frame.
/// </summary>
public sealed record BeadGroundTruth(
    Header Header,
    double S,
    double SDot,
    Point Position,
    Vector3 Tangent,
    bool Grasped,
    bool Slipping,
    bool Stuck,
    bool Jammed,
    Vector3 GraspForce,
    double CrossForce,
    double FrictionLimit,
    double PadShear,
    double SlipDistance,
    Pose TrueEePose,
    double GripForce,
    Vector3 CalibrationOffset,
    double CommandLatency) : IRosMessage<BeadGroundTruth>
{
    public static string TypeName => "sparsh_robot_msgs/msg/BeadGroundTruth";

    public static string Definition =>
        "std_msgs/Header header\nfloat64 s\nfloat64 s_dot\ngeometry_msgs/Point position\ngeometry_msgs/Vector3 tangent\n" +
        "bool grasped\nbool slipping\nbool stuck\nbool jammed\ngeometry_msgs/Vector3 grasp_force\nfloat64 cross_force\n" +
        "float64 friction_limit\nfloat64 pad_shear\nfloat64 slip_distance\ngeometry_msgs/Pose true_ee_pose\nfloat64 grip_force\n" +
        "geometry_msgs/Vector3 calibration_offset\nfloat64 command_latency\n";

    public void Serialize(CdrWriter writer)
    {
        Header.Serialize(writer);
        writer.WriteFloat64(S);
        writer.WriteFloat64(SDot);
        Position.Serialize(writer);
        Tangent.Serialize(writer);
        writer.WriteBool(Grasped);
        writer.WriteBool(Slipping);
        writer.WriteBool(Stuck);
        writer.WriteBool(Jammed);
        GraspForce.Serialize(writer);
        writer.WriteFloat64(CrossForce);
        writer.WriteFloat64(FrictionLimit);
        writer.WriteFloat64(PadShear);
        writer.WriteFloat64(SlipDistance);
        TrueEePose.Serialize(writer);
        writer.WriteFloat64(GripForce);
        CalibrationOffset.Serialize(writer);
        writer.WriteFloat64(CommandLatency);
    }

    public static BeadGroundTruth Deserialize(ref CdrReader reader) => new(
        Header.Deserialize(ref reader),
        reader.ReadFloat64("BeadGroundTruth.s"),
        reader.ReadFloat64("BeadGroundTruth.s_dot"),
        Point.Deserialize(ref reader),
        Vector3.Deserialize(ref reader),
        reader.ReadBool("BeadGroundTruth.grasped"),
        reader.ReadBool("BeadGroundTruth.slipping"),
        reader.ReadBool("BeadGroundTruth.stuck"),
        reader.ReadBool("BeadGroundTruth.jammed"),
        Vector3.Deserialize(ref reader),
        reader.ReadFloat64("BeadGroundTruth.cross_force"),
        reader.ReadFloat64("BeadGroundTruth.friction_limit"),
        reader.ReadFloat64("BeadGroundTruth.pad_shear"),
        reader.ReadFloat64("BeadGroundTruth.slip_distance"),
        Pose.Deserialize(ref reader),
        reader.ReadFloat64("BeadGroundTruth.grip_force"),
        Vector3.Deserialize(ref reader),
        reader.ReadFloat64("BeadGroundTruth.command_latency"));
}
