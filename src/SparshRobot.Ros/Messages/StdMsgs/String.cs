using SparshRobot.Ros.Cdr;

namespace SparshRobot.Ros.Messages.StdMsgs;

/// <summary><c>std_msgs/msg/String</c> (named as in ROS; qualify it as <c>StdMsgs.String</c> beside <c>System.String</c>).</summary>
public sealed record String(string Data) : IRosMessage<String>
{
    public static string TypeName => "std_msgs/msg/String";

    public static string Definition => "string data\n";

    public void Serialize(CdrWriter writer) => writer.WriteString(Data);

    public static String Deserialize(ref CdrReader reader) => new(reader.ReadString("String.data"));
}
