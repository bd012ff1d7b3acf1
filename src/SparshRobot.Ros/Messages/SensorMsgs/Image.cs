using SparshRobot.Core.Sensing;
using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages.BuiltinInterfaces;
using SparshRobot.Ros.Messages.StdMsgs;
using ClockKind = SparshRobot.Core.Time.ClockKind;

namespace SparshRobot.Ros.Messages.SensorMsgs;

/// <summary>
/// <c>sensor_msgs/msg/Image</c>. <see cref="Data"/> is written and read with one bulk copy; decode with
/// <see cref="RosSerializer.DeserializeShared{T}"/> (or a <see cref="CdrReader"/> built over
/// <see cref="ReadOnlyMemory{T}"/>) to get it as a slice of the received buffer with no copy at all.
/// </summary>
public sealed record Image(Header Header, uint Height, uint Width, string Encoding, byte IsBigendian, uint Step, ReadOnlyMemory<byte> Data)
    : IRosMessage<Image>
{
    public static string TypeName => "sensor_msgs/msg/Image";

    public static string Definition =>
        "std_msgs/Header header\nuint32 height\nuint32 width\nstring encoding\nuint8 is_bigendian\nuint32 step\nuint8[] data\n";

    /// <summary>Wraps a tactile frame without copying its pixels; the sensor id becomes the frame id.</summary>
    public static Image From(TactileFrame frame) => new(
        new Header(Time.From(frame.Stamp), frame.SensorId),
        (uint)frame.Height,
        (uint)frame.Width,
        frame.Encoding.RosName(),
        0,
        (uint)frame.Step,
        frame.Pixels);

    /// <summary>
    /// The image as a tactile frame from sensor <paramref name="sensorId"/>, by default <c>header.frame_id</c>. ROS
    /// images carry no sequence number and no clock kind, so the receiver supplies both. Rows padded beyond
    /// <c>width * bytes per pixel</c> are repacked.
    /// </summary>
    public TactileFrame ToTactileFrame(ClockKind clock, long sequence, string? sensorId = null)
    {
        var encoding = PixelEncodings.FromRosName(Encoding);
        var rowBytes = (long)Width * encoding.BytesPerPixel();
        if (Step < rowBytes)
        {
            throw new InvalidDataException($"sensor_msgs/Image step {Step} is shorter than one row of {Width} {Encoding} pixels ({rowBytes} bytes)");
        }
        if (Data.Length < (long)Step * Height)
        {
            throw new InvalidDataException(
                $"sensor_msgs/Image data holds {Data.Length} bytes; {Height} rows of step {Step} need {(long)Step * Height}");
        }
        var pixels = Step == rowBytes ? Data[..(int)(rowBytes * Height)] : Repack((int)rowBytes);
        return new TactileFrame(sensorId ?? Header.FrameId, Header.Stamp.ToTimestamp(clock), sequence, (int)Width, (int)Height, encoding, pixels);
    }

    public void Serialize(CdrWriter writer)
    {
        writer.EnsureCapacity(Header.FrameId.Length + Encoding.Length + Data.Length + 40);
        Header.Serialize(writer);
        writer.WriteUInt32(Height);
        writer.WriteUInt32(Width);
        writer.WriteString(Encoding);
        writer.WriteByte(IsBigendian);
        writer.WriteUInt32(Step);
        writer.WriteSequenceLength(Data.Length);
        writer.WriteBytes(Data.Span);
    }

    public static Image Deserialize(ref CdrReader reader)
    {
        var header = Header.Deserialize(ref reader);
        var height = reader.ReadUInt32("Image.height");
        var width = reader.ReadUInt32("Image.width");
        var encoding = reader.ReadString("Image.encoding");
        var bigEndian = reader.ReadByte("Image.is_bigendian");
        var step = reader.ReadUInt32("Image.step");
        var count = reader.ReadSequenceLength(1, "Image.data");
        return new Image(header, height, width, encoding, bigEndian, step, reader.ReadByteSequence(count, "Image.data"));
    }

    private byte[] Repack(int rowBytes)
    {
        var packed = new byte[rowBytes * (int)Height];
        var source = Data.Span;
        for (var row = 0; row < Height; row++)
        {
            source.Slice(row * (int)Step, rowBytes).CopyTo(packed.AsSpan(row * rowBytes));
        }
        return packed;
    }
}
