using SparshRobot.Ros.Cdr;

namespace SparshRobot.Ros.Messages.StdMsgs;

/// <summary><c>std_msgs/msg/MultiArrayLayout</c>.</summary>
public sealed record MultiArrayLayout(IReadOnlyList<MultiArrayDimension> Dim, uint DataOffset) : IRosMessage<MultiArrayLayout>
{
    public static MultiArrayLayout Empty { get; } = new([], 0);

    public static string TypeName => "std_msgs/msg/MultiArrayLayout";

    public static string Definition => "MultiArrayDimension[] dim\nuint32 data_offset\n";

    public void Serialize(CdrWriter writer)
    {
        MessageSequence.Write(writer, Dim);
        writer.WriteUInt32(DataOffset);
    }

    public static MultiArrayLayout Deserialize(ref CdrReader reader) => new(
        MessageSequence.Read<MultiArrayDimension>(ref reader, MultiArrayDimension.MinEncodedSize, "MultiArrayLayout.dim"),
        reader.ReadUInt32("MultiArrayLayout.data_offset"));
}
