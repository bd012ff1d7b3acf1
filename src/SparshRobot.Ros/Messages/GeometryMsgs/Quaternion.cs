using SparshRobot.Core.Geometry;
using SparshRobot.Ros.Cdr;

namespace SparshRobot.Ros.Messages.GeometryMsgs;

/// <summary><c>geometry_msgs/msg/Quaternion</c>; the wire does not require unit length, <see cref="ToCore"/> normalizes.</summary>
public sealed record Quaternion(double X, double Y, double Z, double W) : IRosMessage<Quaternion>
{
    public static Quaternion Identity { get; } = new(0, 0, 0, 1);

    public static string TypeName => "geometry_msgs/msg/Quaternion";

    public static string Definition => "float64 x 0\nfloat64 y 0\nfloat64 z 0\nfloat64 w 1\n";

    public static Quaternion From(Quat q) => new(q.X, q.Y, q.Z, q.W);

    /// <summary>Throws <see cref="ArgumentException"/> for a zero or non-finite quaternion, which is no rotation.</summary>
    public Quat ToCore() => new(X, Y, Z, W);

    public void Serialize(CdrWriter writer)
    {
        writer.WriteFloat64(X);
        writer.WriteFloat64(Y);
        writer.WriteFloat64(Z);
        writer.WriteFloat64(W);
    }

    public static Quaternion Deserialize(ref CdrReader reader) => new(
        reader.ReadFloat64("Quaternion.x"),
        reader.ReadFloat64("Quaternion.y"),
        reader.ReadFloat64("Quaternion.z"),
        reader.ReadFloat64("Quaternion.w"));
}
