using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages.StdMsgs;

namespace SparshRobot.Ros.Messages.GeometryMsgs;

/// <summary><c>geometry_msgs/msg/TransformStamped</c>: the pose of <see cref="ChildFrameId"/> in <c>Header.FrameId</c>.</summary>
public sealed record TransformStamped(Header Header, string ChildFrameId, Transform Transform) : IRosMessage<TransformStamped>
{
    /// <summary>Lower bound on the encoded size: the header, an empty child frame id, the transform.</summary>
    internal const int MinEncodedSize = Header.MinEncodedSize + 5 + Transform.EncodedSize;

    public static string TypeName => "geometry_msgs/msg/TransformStamped";

    public static string Definition => "std_msgs/Header header\nstring child_frame_id\nTransform transform\n";

    public void Serialize(CdrWriter writer)
    {
        Header.Serialize(writer);
        writer.WriteString(ChildFrameId);
        Transform.Serialize(writer);
    }

    public static TransformStamped Deserialize(ref CdrReader reader) => new(
        Header.Deserialize(ref reader),
        reader.ReadString("TransformStamped.child_frame_id"),
        Transform.Deserialize(ref reader));
}
