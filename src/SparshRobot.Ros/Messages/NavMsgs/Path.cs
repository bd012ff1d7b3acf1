using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages.GeometryMsgs;
using SparshRobot.Ros.Messages.StdMsgs;

namespace SparshRobot.Ros.Messages.NavMsgs;

/// <summary><c>nav_msgs/msg/Path</c> (named as in ROS; qualify it as <c>NavMsgs.Path</c> beside <c>System.IO.Path</c>).</summary>
public sealed record Path(Header Header, IReadOnlyList<PoseStamped> Poses) : IRosMessage<Path>
{
    public static string TypeName => "nav_msgs/msg/Path";

    public static string Definition => "std_msgs/Header header\ngeometry_msgs/PoseStamped[] poses\n";

    public void Serialize(CdrWriter writer)
    {
        Header.Serialize(writer);
        MessageSequence.Write(writer, Poses);
    }

    public static Path Deserialize(ref CdrReader reader) =>
        new(Header.Deserialize(ref reader), MessageSequence.Read<PoseStamped>(ref reader, PoseStamped.MinEncodedSize, "Path.poses"));
}
