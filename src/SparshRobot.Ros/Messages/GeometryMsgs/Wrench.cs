using SparshRobot.Ros.Cdr;
using CoreWrench = SparshRobot.Core.Geometry.Wrench;

namespace SparshRobot.Ros.Messages.GeometryMsgs;

/// <summary><c>geometry_msgs/msg/Wrench</c>.</summary>
public sealed record Wrench(Vector3 Force, Vector3 Torque) : IRosMessage<Wrench>
{
    public static string TypeName => "geometry_msgs/msg/Wrench";

    public static string Definition => "Vector3  force\nVector3  torque\n";

    public static Wrench From(CoreWrench wrench) => new(Vector3.From(wrench.Force), Vector3.From(wrench.Torque));

    public CoreWrench ToCore() => new(Force.ToCore(), Torque.ToCore());

    public void Serialize(CdrWriter writer)
    {
        Force.Serialize(writer);
        Torque.Serialize(writer);
    }

    public static Wrench Deserialize(ref CdrReader reader) => new(Vector3.Deserialize(ref reader), Vector3.Deserialize(ref reader));
}
