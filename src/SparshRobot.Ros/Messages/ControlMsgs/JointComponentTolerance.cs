using SparshRobot.Ros.Cdr;

namespace SparshRobot.Ros.Messages.ControlMsgs;

/// <summary><c>control_msgs/msg/JointComponentTolerance</c>: a tolerance on one component of a multi-DOF joint.</summary>
public sealed record JointComponentTolerance(string JointName, ushort Component, double Position, double Velocity, double Acceleration)
    : IRosMessage<JointComponentTolerance>
{
    public const ushort XAxis = 1;
    public const ushort YAxis = 2;
    public const ushort ZAxis = 3;
    public const ushort Translation = 4;
    public const ushort Rotation = 5;

    /// <summary>Lower bound on the encoded size: an empty name, the component, three float64.</summary>
    internal const int MinEncodedSize = 5 + 2 + 24;

    public static string TypeName => "control_msgs/msg/JointComponentTolerance";

    public static string Definition =>
        "uint16 X_AXIS=1\nuint16 Y_AXIS=2\nuint16 Z_AXIS=3\nuint16 TRANSLATION=4\nuint16 ROTATION=5\n\n"
        + "string joint_name\nuint16 component\nfloat64 position\nfloat64 velocity\nfloat64 acceleration\n";

    public void Serialize(CdrWriter writer)
    {
        writer.WriteString(JointName);
        writer.WriteUInt16(Component);
        writer.WriteFloat64(Position);
        writer.WriteFloat64(Velocity);
        writer.WriteFloat64(Acceleration);
    }

    public static JointComponentTolerance Deserialize(ref CdrReader reader) => new(
        reader.ReadString("JointComponentTolerance.joint_name"),
        reader.ReadUInt16("JointComponentTolerance.component"),
        reader.ReadFloat64("JointComponentTolerance.position"),
        reader.ReadFloat64("JointComponentTolerance.velocity"),
        reader.ReadFloat64("JointComponentTolerance.acceleration"));
}
