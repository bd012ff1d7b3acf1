using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages.StdMsgs;

namespace SparshRobot.Ros.Messages.GeometryMsgs;

/// <summary><c>geometry_msgs/msg/PoseStamped</c>.</summary>
public sealed record PoseStamped(Header Header, Pose Pose) : IRosMessage<PoseStamped>
{
    /// <summary>Lower bound on the encoded size: a header with an empty frame id and seven float64.</summary>
    internal const int MinEncodedSize = Header.MinEncodedSize + Pose.EncodedSize;

    public static string TypeName => "geometry_msgs/msg/PoseStamped";

    public static string Definition => "std_msgs/Header header\nPose pose\n";

    public void Serialize(CdrWriter writer)
    {
        Header.Serialize(writer);
        Pose.Serialize(writer);
    }

    public static PoseStamped Deserialize(ref CdrReader reader) => new(Header.Deserialize(ref reader), Pose.Deserialize(ref reader));
}
