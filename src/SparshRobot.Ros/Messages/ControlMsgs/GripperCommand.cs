using SparshRobot.Ros.Cdr;

namespace SparshRobot.Ros.Messages.ControlMsgs;

/// <summary><c>control_msgs/msg/GripperCommand</c>: target opening (m) and the effort limit (N; 0 or less: none).</summary>
public sealed record GripperCommand(double Position, double MaxEffort) : IRosMessage<GripperCommand>
{
    public static string TypeName => "control_msgs/msg/GripperCommand";

    public static string Definition => "float64 position\nfloat64 max_effort\n";

    public void Serialize(CdrWriter writer)
    {
        writer.WriteFloat64(Position);
        writer.WriteFloat64(MaxEffort);
    }

    public static GripperCommand Deserialize(ref CdrReader reader) =>
        new(reader.ReadFloat64("GripperCommand.position"), reader.ReadFloat64("GripperCommand.max_effort"));
}
