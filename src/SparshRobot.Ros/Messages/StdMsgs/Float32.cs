using SparshRobot.Ros.Cdr;

namespace SparshRobot.Ros.Messages.StdMsgs;

/// <summary><c>std_msgs/msg/Float32</c>.</summary>
public sealed record Float32(float Data) : IRosMessage<Float32>
{
    public static string TypeName => "std_msgs/msg/Float32";

    public static string Definition => "float32 data\n";

    public void Serialize(CdrWriter writer) => writer.WriteFloat32(Data);

    public static Float32 Deserialize(ref CdrReader reader) => new(reader.ReadFloat32("Float32.data"));
}
