using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages.StdMsgs;

namespace SparshRobot.Ros.Messages.GeometryMsgs;

/// <summary><c>geometry_msgs/msg/PoseArray</c>.</summary>
public sealed record PoseArray(Header Header, IReadOnlyList<Pose> Poses) : IRosMessage<PoseArray>
{
    public static string TypeName => "geometry_msgs/msg/PoseArray";

    public static string Definition => "std_msgs/Header header\nPose[] poses\n";

    public void Serialize(CdrWriter writer)
    {
        Header.Serialize(writer);
        MessageSequence.Write(writer, Poses);
    }

    public static PoseArray Deserialize(ref CdrReader reader) =>
        new(Header.Deserialize(ref reader), MessageSequence.Read<Pose>(ref reader, Pose.EncodedSize, "PoseArray.poses"));
}
