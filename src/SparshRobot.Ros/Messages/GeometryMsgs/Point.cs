using SparshRobot.Core.Geometry;
using SparshRobot.Ros.Cdr;

namespace SparshRobot.Ros.Messages.GeometryMsgs;

/// <summary><c>geometry_msgs/msg/Point</c>.</summary>
public sealed record Point(double X, double Y, double Z) : IRosMessage<Point>
{
    public static string TypeName => "geometry_msgs/msg/Point";

    public static string Definition => "float64 x\nfloat64 y\nfloat64 z\n";

    public static Point From(Vec3 v) => new(v.X, v.Y, v.Z);

    public Vec3 ToCore() => new(X, Y, Z);

    public void Serialize(CdrWriter writer)
    {
        writer.WriteFloat64(X);
        writer.WriteFloat64(Y);
        writer.WriteFloat64(Z);
    }

    public static Point Deserialize(ref CdrReader reader) =>
        new(reader.ReadFloat64("Point.x"), reader.ReadFloat64("Point.y"), reader.ReadFloat64("Point.z"));
}
