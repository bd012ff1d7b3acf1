using SparshRobot.Ros.Cdr;

namespace SparshRobot.Ros.Messages.StdMsgs;

/// <summary><c>std_msgs/msg/MultiArrayDimension</c>.</summary>
public sealed record MultiArrayDimension(string Label, uint Size, uint Stride) : IRosMessage<MultiArrayDimension>
{
    /// <summary>Lower bound on the encoded size: an empty label (5 bytes) and two uint32.</summary>
    internal const int MinEncodedSize = 12;

    public static string TypeName => "std_msgs/msg/MultiArrayDimension";

    public static string Definition => "string label\nuint32 size\nuint32 stride\n";

    public void Serialize(CdrWriter writer)
    {
        writer.WriteString(Label);
        writer.WriteUInt32(Size);
        writer.WriteUInt32(Stride);
    }

    public static MultiArrayDimension Deserialize(ref CdrReader reader) => new(
        reader.ReadString("MultiArrayDimension.label"),
        reader.ReadUInt32("MultiArrayDimension.size"),
        reader.ReadUInt32("MultiArrayDimension.stride"));
}
