using SparshRobot.Ros.Cdr;
using CoreTwist = SparshRobot.Core.Geometry.Twist;

namespace SparshRobot.Ros.Messages.GeometryMsgs;

/// <summary><c>geometry_msgs/msg/Twist</c>.</summary>
public sealed record Twist(Vector3 Linear, Vector3 Angular) : IRosMessage<Twist>
{
    /// <summary>Six float64, no padding.</summary>
    internal const int EncodedSize = 48;

    public static string TypeName => "geometry_msgs/msg/Twist";

    public static string Definition => "Vector3  linear\nVector3  angular\n";

    public static Twist From(CoreTwist twist) => new(Vector3.From(twist.Linear), Vector3.From(twist.Angular));

    public CoreTwist ToCore() => new(Linear.ToCore(), Angular.ToCore());

    public void Serialize(CdrWriter writer)
    {
        Linear.Serialize(writer);
        Angular.Serialize(writer);
    }

    public static Twist Deserialize(ref CdrReader reader) => new(Vector3.Deserialize(ref reader), Vector3.Deserialize(ref reader));
}
