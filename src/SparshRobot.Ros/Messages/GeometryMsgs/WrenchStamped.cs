using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages.StdMsgs;

namespace SparshRobot.Ros.Messages.GeometryMsgs;

/// <summary><c>geometry_msgs/msg/WrenchStamped</c>.</summary>
public sealed record WrenchStamped(Header Header, Wrench Wrench) : IRosMessage<WrenchStamped>
{
    public static string TypeName => "geometry_msgs/msg/WrenchStamped";

    public static string Definition => "std_msgs/Header header\nWrench wrench\n";

    public void Serialize(CdrWriter writer)
    {
        Header.Serialize(writer);
        Wrench.Serialize(writer);
    }

    public static WrenchStamped Deserialize(ref CdrReader reader) => new(Header.Deserialize(ref reader), Wrench.Deserialize(ref reader));
}
