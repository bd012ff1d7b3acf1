using SparshRobot.Ros.Cdr;

namespace SparshRobot.Ros.Messages.StdMsgs;

/// <summary><c>std_msgs/msg/Float64MultiArray</c>. <see cref="Data"/> is owned by the message: do not mutate it.</summary>
public sealed record Float64MultiArray(MultiArrayLayout Layout, double[] Data) : IRosMessage<Float64MultiArray>
{
    public static string TypeName => "std_msgs/msg/Float64MultiArray";

    public static string Definition => "MultiArrayLayout  layout\nfloat64[]         data\n";

    /// <summary>A one-dimensional array labelled <paramref name="label"/> (what a forward command controller takes).</summary>
    public static Float64MultiArray Vector(string label, double[] data) =>
        new(new MultiArrayLayout([new MultiArrayDimension(label, (uint)data.Length, (uint)data.Length)], 0), data);

    public void Serialize(CdrWriter writer)
    {
        Layout.Serialize(writer);
        MessageSequence.WritePrimitives<double>(writer, Data);
    }

    public static Float64MultiArray Deserialize(ref CdrReader reader) => new(
        MultiArrayLayout.Deserialize(ref reader),
        MessageSequence.ReadPrimitives<double>(ref reader, "Float64MultiArray.data"));
}
