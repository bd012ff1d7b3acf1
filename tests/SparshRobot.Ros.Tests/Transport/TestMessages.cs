using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Messages.StdMsgs;

namespace SparshRobot.Ros.Tests.Transport;

// Test-local stand-ins for geometry_msgs/PoseStamped and sensor_msgs/Image until the typed messages land in
// src/SparshRobot.Ros/Messages; at merge these switch to the real types. Layouts per ros2-interop-reference 3.2.

/// <summary><c>geometry_msgs/msg/PoseStamped</c> flattened: header, position xyz, orientation xyzw.</summary>
public sealed record TestPoseStamped(Header Header, double Px, double Py, double Pz, double Qx, double Qy, double Qz, double Qw)
    : IRosMessage<TestPoseStamped>
{
    public static string TypeName => "geometry_msgs/msg/PoseStamped";

    public static string Definition => "std_msgs/Header header\ngeometry_msgs/Pose pose\n";

    public void Serialize(CdrWriter writer)
    {
        Header.Serialize(writer);
        foreach (var v in new[] { Px, Py, Pz, Qx, Qy, Qz, Qw })
        {
            writer.WriteFloat64(v);
        }
    }

    public static TestPoseStamped Deserialize(ref CdrReader reader) =>
        new(Header.Deserialize(ref reader), reader.ReadFloat64(), reader.ReadFloat64(), reader.ReadFloat64(),
            reader.ReadFloat64(), reader.ReadFloat64(), reader.ReadFloat64(), reader.ReadFloat64());
}

/// <summary><c>sensor_msgs/msg/Image</c>.</summary>
public sealed record TestImage(Header Header, uint Height, uint Width, string Encoding, bool IsBigEndian, uint Step, byte[] Data)
    : IRosMessage<TestImage>
{
    public static string TypeName => "sensor_msgs/msg/Image";

    public static string Definition =>
        "std_msgs/Header header\nuint32 height\nuint32 width\nstring encoding\nuint8 is_bigendian\nuint32 step\nuint8[] data\n";

    public void Serialize(CdrWriter writer)
    {
        Header.Serialize(writer);
        writer.WriteUInt32(Height);
        writer.WriteUInt32(Width);
        writer.WriteString(Encoding);
        writer.WriteByte(IsBigEndian ? (byte)1 : (byte)0);
        writer.WriteUInt32(Step);
        writer.WriteSequenceLength(Data.Length);
        writer.WriteBytes(Data);
    }

    public static TestImage Deserialize(ref CdrReader reader)
    {
        var header = Header.Deserialize(ref reader);
        var height = reader.ReadUInt32("Image.height");
        var width = reader.ReadUInt32("Image.width");
        var encoding = reader.ReadString("Image.encoding");
        var bigEndian = reader.ReadByte("Image.is_bigendian") != 0;
        var step = reader.ReadUInt32("Image.step");
        var count = reader.ReadSequenceLength(1, "Image.data");
        return new TestImage(header, height, width, encoding, bigEndian, step, reader.ReadBytes(count, "Image.data").ToArray());
    }

    public static TestImage Gradient(string frame, uint height, uint width, int seed, int sec = 0, uint nanosec = 0)
    {
        var data = new byte[height * width * 3];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (byte)(i * 7 + seed);
        }
        return new TestImage(new Header(new Messages.BuiltinInterfaces.Time(sec, nanosec), frame), height, width, "rgb8", false, width * 3, data);
    }
}
