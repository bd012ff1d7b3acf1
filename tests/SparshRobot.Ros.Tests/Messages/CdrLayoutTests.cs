using System.Buffers.Binary;
using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Messages.BuiltinInterfaces;
using SparshRobot.Ros.Messages.GeometryMsgs;
using SparshRobot.Ros.Messages.SensorMsgs;
using SparshRobot.Ros.Messages.StdMsgs;

namespace SparshRobot.Ros.Tests.Messages;

/// <summary>Byte-exact layouts of the XCDR1 rules (docs/design-notes.md, "CDR byte layouts"), worked out by hand.</summary>
public class CdrLayoutTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "").Replace("|", ""));

    [Test]
    public void HeaderMatchesWorkedExample()
    {
        var bytes = RosSerializer.Serialize(new Header(new Time(1, 2), "map"));
        Assert.That(bytes, Is.EqualTo(Hex("00 01 00 00 | 01 00 00 00 | 02 00 00 00 | 04 00 00 00 | 6d 61 70 00")));
    }

    [TestCase("map", 76, 16)]
    [TestCase("base_link", 84, 24)]
    public void PoseStampedPadsTheDoublesToEight(string frame, int size, int firstDouble)
    {
        var pose = new Pose(new Point(1, 2, 3), new Quaternion(4, 5, 6, 7));
        var bytes = RosSerializer.Serialize(new PoseStamped(new Header(new Time(1, 2), frame), pose));
        var payload = bytes.AsSpan(4);
        Assert.That(bytes, Has.Length.EqualTo(size));
        var headerEnd = 12 + frame.Length + 1;
        Assert.That(payload[headerEnd..firstDouble].ToArray(), Is.All.EqualTo(0), "alignment padding must be zero");
        for (var i = 0; i < 7; i++)
        {
            Assert.That(BinaryPrimitives.ReadDoubleLittleEndian(payload[(firstDouble + 8 * i)..]), Is.EqualTo(i + 1));
        }
    }

    [Test]
    public void ImageTwoByTwoMatchesWorkedExample()
    {
        var data = Enumerable.Range(1, 12).Select(i => (byte)i).ToArray();
        var bytes = RosSerializer.Serialize(new Image(new Header(new Time(1, 2), "cam"), 2, 2, "rgb8", 0, 6, data));
        var expected = Hex("00 01 00 00 | 01 00 00 00 02 00 00 00 04 00 00 00 63 61 6d 00 | 02 00 00 00 | 02 00 00 00 | 05 00 00 00 72 67 62 38 00"
            + " | 00 | 00 00 | 06 00 00 00 | 0c 00 00 00 | 01 02 03 04 05 06 07 08 09 0a 0b 0c");
        Assert.That(bytes, Is.EqualTo(expected));
        Assert.That(bytes, Has.Length.EqualTo(60));
    }

    [Test]
    public void CompressedImageMatchesWorkedExample()
    {
        var bytes = RosSerializer.Serialize(new CompressedImage(new Header(new Time(1, 2), "cam"), "jpeg", new byte[] { 0xaa, 0xbb, 0xcc }));
        var expected = Hex("00 01 00 00 | 01 00 00 00 02 00 00 00 04 00 00 00 63 61 6d 00 | 05 00 00 00 6a 70 65 67 00 | 00 00 00 | 03 00 00 00 | aa bb cc");
        Assert.That(bytes, Is.EqualTo(expected));
        Assert.That(bytes, Has.Length.EqualTo(39));
    }

    [Test]
    public void Float32MultiArrayMatchesWorkedExample()
    {
        var bytes = RosSerializer.Serialize(Float32MultiArray.Vector("x", [1, 2, 3]));
        var expected = Hex("00 01 00 00 | 01 00 00 00 | 02 00 00 00 78 00 | 00 00 | 03 00 00 00 | 03 00 00 00 | 00 00 00 00 | 03 00 00 00"
            + " | 00 00 80 3f 00 00 00 40 00 00 40 40");
        Assert.That(bytes, Is.EqualTo(expected));
        Assert.That(bytes, Has.Length.EqualTo(44));
    }

    [Test]
    public void EmptyFloat32MultiArrayHasATwelveBytePayload()
    {
        var bytes = RosSerializer.Serialize(new Float32MultiArray(MultiArrayLayout.Empty, []));
        Assert.That(bytes, Is.EqualTo(Hex("00 01 00 00 | 00 00 00 00 | 00 00 00 00 | 00 00 00 00")));
    }

    [Test]
    public void ScalarsMatchWorkedExamples()
    {
        Assert.That(RosSerializer.Serialize(new Float64(1.5)), Is.EqualTo(Hex("00 01 00 00 | 00 00 00 00 00 00 f8 3f")));
        Assert.That(RosSerializer.Serialize(new Bool(true)), Is.EqualTo(Hex("00 01 00 00 | 01")));
        Assert.That(RosSerializer.Serialize(new SparshRobot.Ros.Messages.StdMsgs.String("hi")), Is.EqualTo(Hex("00 01 00 00 | 03 00 00 00 68 69 00")));
        Assert.That(RosSerializer.Serialize(new SparshRobot.Ros.Messages.StdMsgs.String("")), Is.EqualTo(Hex("00 01 00 00 | 01 00 00 00 00")));
    }

    [Test]
    public void DecodesTheWorkedExamplesBack()
    {
        var image = RosSerializer.Deserialize<Image>(RosSerializer.Serialize(
            new Image(new Header(new Time(1, 2), "cam"), 2, 2, "rgb8", 0, 6, Enumerable.Range(1, 12).Select(i => (byte)i).ToArray())));
        Assert.That((image.Header.FrameId, image.Height, image.Width, image.Encoding, image.Step), Is.EqualTo(("cam", 2u, 2u, "rgb8", 6u)));
        Assert.That(image.Data.ToArray(), Is.EqualTo(Enumerable.Range(1, 12).Select(i => (byte)i).ToArray()));
        var pose = RosSerializer.Deserialize<PoseStamped>(Hex(
            "00 01 00 00 01 00 00 00 02 00 00 00 04 00 00 00 6d 61 70 00"
            + " 00 00 00 00 00 00 f0 3f 00 00 00 00 00 00 00 40 00 00 00 00 00 00 08 40"
            + " 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 f0 3f"));
        Assert.That(pose, Is.EqualTo(new PoseStamped(new Header(new Time(1, 2), "map"), new Pose(new Point(1, 2, 3), Quaternion.Identity))));
    }

    [Test]
    public void AcceptsRmwPaddingButNotMore()
    {
        var bytes = RosSerializer.Serialize(new Bool(true));
        Assert.That(RosSerializer.Deserialize<Bool>([.. bytes, 0, 0, 0]).Data, Is.True);
        var e = Assert.Throws<SparshRobot.Ros.Cdr.CdrFormatException>(() => RosSerializer.Deserialize<Bool>([.. bytes, 0, 0, 0, 0]));
        Assert.That(e!.Message, Does.Contain("std_msgs/msg/Bool").And.Contain("4 unread bytes"));
    }
}
