using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages.StdMsgs;

namespace SparshRobot.Ros.Messages.SparshRobotMsgs;

/// <summary>
/// <c>sparsh_robot_msgs/msg/GripForce</c>: the gripper's measured and commanded pinch force, newtons, and where its
/// fingertips' midpoint sits along the pinch axis relative to the nominal pinch point, metres (NaN where the gripper
/// does not report finger positions).
/// </summary>
public sealed record GripForce(Header Header, double Force, double Target, double FingerOffset = double.NaN) : IRosMessage<GripForce>
{
    public static string TypeName => "sparsh_robot_msgs/msg/GripForce";

    public static string Definition => "std_msgs/Header header\nfloat64 force\nfloat64 target\nfloat64 finger_offset\n";

    public void Serialize(CdrWriter writer)
    {
        Header.Serialize(writer);
        writer.WriteFloat64(Force);
        writer.WriteFloat64(Target);
        writer.WriteFloat64(FingerOffset);
    }

    public static GripForce Deserialize(ref CdrReader reader) =>
        new(Header.Deserialize(ref reader), reader.ReadFloat64("GripForce.force"), reader.ReadFloat64("GripForce.target"),
            reader.ReadFloat64("GripForce.finger_offset"));
}
