using SparshRobot.Core.Geometry;
using SparshRobot.Ros.Cdr;

namespace SparshRobot.Ros.Messages.GeometryMsgs;

/// <summary><c>geometry_msgs/msg/Pose</c>.</summary>
public sealed record Pose(Point Position, Quaternion Orientation) : IRosMessage<Pose>
{
    /// <summary>Seven float64.</summary>
    internal const int EncodedSize = 56;

    public static Pose Identity { get; } = new(new Point(0, 0, 0), Quaternion.Identity);

    public static string TypeName => "geometry_msgs/msg/Pose";

    public static string Definition => "Point position\nQuaternion orientation\n";

    public static Pose From(Pose3 pose) => new(Point.From(pose.Position), Quaternion.From(pose.Orientation));

    public Pose3 ToCore() => new(Position.ToCore(), Orientation.ToCore());

    public void Serialize(CdrWriter writer)
    {
        Position.Serialize(writer);
        Orientation.Serialize(writer);
    }

    public static Pose Deserialize(ref CdrReader reader) => new(Point.Deserialize(ref reader), Quaternion.Deserialize(ref reader));
}
