using SparshRobot.Ros.Cdr;

namespace SparshRobot.Ros.Messages.StdMsgs;

/// <summary><c>std_msgs/msg/Int8</c>.</summary>
public sealed record Int8(sbyte Data) : IRosMessage<Int8>
{
    public static string TypeName => "std_msgs/msg/Int8";

    public static string Definition => "int8 data\n";

    public void Serialize(CdrWriter writer) => writer.WriteSByte(Data);

    public static Int8 Deserialize(ref CdrReader reader) => new(reader.ReadSByte("Int8.data"));
}
