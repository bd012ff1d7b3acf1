using SparshRobot.Core.Geometry;
using SparshRobot.Ros.Cdr;

namespace SparshRobot.Ros.Messages.GeometryMsgs;

/// <summary><c>geometry_msgs/msg/Vector3</c>.</summary>
public sealed record Vector3(double X, double Y, double Z) : IRosMessage<Vector3>
{
    public static Vector3 Zero { get; } = new(0, 0, 0);

    public static string TypeName => "geometry_msgs/msg/Vector3";

    public static string Definition => "float64 x\nfloat64 y\nfloat64 z\n";

    public static Vector3 From(Vec3 v) => new(v.X, v.Y, v.Z);

    public Vec3 ToCore() => new(X, Y, Z);

    public void Serialize(CdrWriter writer)
    {
        writer.WriteFloat64(X);
        writer.WriteFloat64(Y);
        writer.WriteFloat64(Z);
    }

    public static Vector3 Deserialize(ref CdrReader reader) =>
        new(reader.ReadFloat64("Vector3.x"), reader.ReadFloat64("Vector3.y"), reader.ReadFloat64("Vector3.z"));
}
