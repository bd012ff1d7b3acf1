using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages.StdMsgs;

namespace SparshRobot.Ros.Messages.SparshRobotMsgs;

/// <summary><c>sparsh_robot_msgs/msg/GripForce</c>: the gripper's measured and commanded pinch force, newtons.</summary>
public sealed record GripForce(Header Header, double Force, double Target) : IRosMessage<GripForce>
{
    public static string TypeName => "sparsh_robot_msgs/msg/GripForce";

    public static string Definition => "std_msgs/Header header\nfloat64 force\nfloat64 target\n";

    public void Serialize(CdrWriter writer)
    {
        Header.Serialize(writer);
        writer.WriteFloat64(Force);
        writer.WriteFloat64(Target);
    }

    public static GripForce Deserialize(ref CdrReader reader) =>
        new(Header.Deserialize(ref reader), reader.ReadFloat64("GripForce.force"), reader.ReadFloat64("GripForce.target"));
}
