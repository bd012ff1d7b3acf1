using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages.GeometryMsgs;

namespace SparshRobot.Ros.Messages.Tf2Msgs;

/// <summary><c>tf2_msgs/msg/TFMessage</c>, what <c>/tf</c> and <c>/tf_static</c> carry.</summary>
public sealed record TFMessage(IReadOnlyList<TransformStamped> Transforms) : IRosMessage<TFMessage>
{
    public static string TypeName => "tf2_msgs/msg/TFMessage";

    public static string Definition => "geometry_msgs/TransformStamped[] transforms\n";

    public void Serialize(CdrWriter writer) => MessageSequence.Write(writer, Transforms);

    public static TFMessage Deserialize(ref CdrReader reader) =>
        new(MessageSequence.Read<TransformStamped>(ref reader, TransformStamped.MinEncodedSize, "TFMessage.transforms"));
}
