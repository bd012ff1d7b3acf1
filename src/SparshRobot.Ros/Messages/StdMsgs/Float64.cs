using SparshRobot.Ros.Cdr;

namespace SparshRobot.Ros.Messages.StdMsgs;

/// <summary><c>std_msgs/msg/Float64</c>.</summary>
public sealed record Float64(double Data) : IRosMessage<Float64>
{
    public static string TypeName => "std_msgs/msg/Float64";

    public static string Definition => "float64 data\n";

    public void Serialize(CdrWriter writer) => writer.WriteFloat64(Data);

    public static Float64 Deserialize(ref CdrReader reader) => new(reader.ReadFloat64("Float64.data"));
}
