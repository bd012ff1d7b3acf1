using SparshRobot.Ros.Cdr;

namespace SparshRobot.Ros.Messages.StdMsgs;

/// <summary><c>std_msgs/msg/Bool</c>.</summary>
public sealed record Bool(bool Data) : IRosMessage<Bool>
{
    public static string TypeName => "std_msgs/msg/Bool";

    public static string Definition => "bool data\n";

    public void Serialize(CdrWriter writer) => writer.WriteBool(Data);

    public static Bool Deserialize(ref CdrReader reader) => new(reader.ReadBool("Bool.data"));
}
