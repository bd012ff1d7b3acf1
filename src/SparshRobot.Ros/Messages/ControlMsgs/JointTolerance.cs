using SparshRobot.Ros.Cdr;

namespace SparshRobot.Ros.Messages.ControlMsgs;

/// <summary><c>control_msgs/msg/JointTolerance</c>: 0 means "use the controller's default", negative means "no limit".</summary>
public sealed record JointTolerance(string Name, double Position, double Velocity, double Acceleration) : IRosMessage<JointTolerance>
{
    /// <summary>Lower bound on the encoded size: an empty name and three float64.</summary>
    internal const int MinEncodedSize = 5 + 24;

    public static string TypeName => "control_msgs/msg/JointTolerance";

    public static string Definition => "string name\nfloat64 position\nfloat64 velocity\nfloat64 acceleration\n";

    public void Serialize(CdrWriter writer)
    {
        writer.WriteString(Name);
        writer.WriteFloat64(Position);
        writer.WriteFloat64(Velocity);
        writer.WriteFloat64(Acceleration);
    }

    public static JointTolerance Deserialize(ref CdrReader reader) => new(
        reader.ReadString("JointTolerance.name"),
        reader.ReadFloat64("JointTolerance.position"),
        reader.ReadFloat64("JointTolerance.velocity"),
        reader.ReadFloat64("JointTolerance.acceleration"));
}
