using SparshRobot.Ros.Cdr;

namespace SparshRobot.Ros.Messages.StdMsgs;

/// <summary><c>std_msgs/msg/Float32MultiArray</c>. <see cref="Data"/> is owned by the message: do not mutate it.</summary>
public sealed record Float32MultiArray(MultiArrayLayout Layout, float[] Data) : IRosMessage<Float32MultiArray>
{
    public static string TypeName => "std_msgs/msg/Float32MultiArray";

    public static string Definition => "MultiArrayLayout  layout\nfloat32[]         data\n";

    /// <summary>A one-dimensional array labelled <paramref name="label"/>.</summary>
    public static Float32MultiArray Vector(string label, float[] data) =>
        new(new MultiArrayLayout([new MultiArrayDimension(label, (uint)data.Length, (uint)data.Length)], 0), data);

    public void Serialize(CdrWriter writer)
    {
        Layout.Serialize(writer);
        MessageSequence.WritePrimitives<float>(writer, Data);
    }

    public static Float32MultiArray Deserialize(ref CdrReader reader) => new(
        MultiArrayLayout.Deserialize(ref reader),
        MessageSequence.ReadPrimitives<float>(ref reader, "Float32MultiArray.data"));
}
