using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages.StdMsgs;

namespace SparshRobot.Ros.Messages.SensorMsgs;

/// <summary><c>sensor_msgs/msg/CompressedImage</c>; <see cref="Data"/> follows the same copy rules as <see cref="Image.Data"/>.</summary>
public sealed record CompressedImage(Header Header, string Format, ReadOnlyMemory<byte> Data) : IRosMessage<CompressedImage>
{
    public static string TypeName => "sensor_msgs/msg/CompressedImage";

    public static string Definition => "std_msgs/Header header\nstring format\nuint8[] data\n";

    public void Serialize(CdrWriter writer)
    {
        writer.EnsureCapacity(Header.FrameId.Length + Format.Length + Data.Length + 24);
        Header.Serialize(writer);
        writer.WriteString(Format);
        writer.WriteSequenceLength(Data.Length);
        writer.WriteBytes(Data.Span);
    }

    public static CompressedImage Deserialize(ref CdrReader reader)
    {
        var header = Header.Deserialize(ref reader);
        var format = reader.ReadString("CompressedImage.format");
        var count = reader.ReadSequenceLength(1, "CompressedImage.data");
        return new CompressedImage(header, format, reader.ReadByteSequence(count, "CompressedImage.data"));
    }
}
