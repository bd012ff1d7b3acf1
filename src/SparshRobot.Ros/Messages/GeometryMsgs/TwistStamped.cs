using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages.StdMsgs;

namespace SparshRobot.Ros.Messages.GeometryMsgs;

/// <summary><c>geometry_msgs/msg/TwistStamped</c>.</summary>
public sealed record TwistStamped(Header Header, Twist Twist) : IRosMessage<TwistStamped>
{
    public static string TypeName => "geometry_msgs/msg/TwistStamped";

    public static string Definition => "std_msgs/Header header\nTwist twist\n";

    public void Serialize(CdrWriter writer)
    {
        Header.Serialize(writer);
        Twist.Serialize(writer);
    }

    public static TwistStamped Deserialize(ref CdrReader reader) => new(Header.Deserialize(ref reader), Twist.Deserialize(ref reader));
}
