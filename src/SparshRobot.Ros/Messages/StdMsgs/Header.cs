using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages.BuiltinInterfaces;

namespace SparshRobot.Ros.Messages.StdMsgs;

/// <summary><c>std_msgs/msg/Header</c>.</summary>
public sealed record Header(Time Stamp, string FrameId) : IRosMessage<Header>
{
    /// <summary>Lower bound on the encoded size: the stamp and an empty frame id.</summary>
    internal const int MinEncodedSize = 13;

    public static string TypeName => "std_msgs/msg/Header";

    public static string Definition => "builtin_interfaces/Time stamp\nstring frame_id\n";

    public void Serialize(CdrWriter writer)
    {
        Stamp.Serialize(writer);
        writer.WriteString(FrameId);
    }

    public static Header Deserialize(ref CdrReader reader) =>
        new(Time.Deserialize(ref reader), reader.ReadString("Header.frame_id"));
}
