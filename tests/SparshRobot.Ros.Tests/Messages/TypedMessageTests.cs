using System.Reflection;
using SparshRobot.Core.Geometry;
using SparshRobot.Core.Sensing;
using SparshRobot.Core.Time;
using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Messages.GeometryMsgs;
using SparshRobot.Ros.Messages.SensorMsgs;
using SparshRobot.Ros.Messages.UniqueIdentifierMsgs;

namespace SparshRobot.Ros.Tests.Messages;

public class TypedMessageTests
{
    public static IEnumerable<string> TypeNames => SampleMessages.All.Keys;

    [Test]
    public void EveryRegisteredTypeHasASample()
    {
        Assert.That(MessageRegistry.Default.Types.Select(t => t.TypeName), Is.EquivalentTo(SampleMessages.All.Keys));
    }

    [TestCaseSource(nameof(TypeNames))]
    public void RoundTripsThroughTheRegistryCodec(string typeName)
    {
        var type = MessageRegistry.Default.Get(typeName);
        var message = SampleMessages.All[typeName];
        var bytes = type.Serialize(message);
        var copied = type.Deserialize(bytes);
        var shared = type.Deserialize(bytes, shareBuffer: true);
        Assert.That(copied, Is.TypeOf(type.ClrType!));
        Assert.That(type.Serialize(copied), Is.EqualTo(bytes), "re-encoding the decoded message changes the bytes");
        Assert.That(type.Serialize(shared), Is.EqualTo(bytes));
        // Records without collections anywhere inside compare by value; this catches a codec that swaps two fields of one type.
        if (ComparesByValue(type.ClrType!))
        {
            Assert.That(copied, Is.EqualTo(message));
        }
    }

    /// <summary>Whether record equality is value equality all the way down (collections compare by reference).</summary>
    private static bool ComparesByValue(Type type) =>
        type.IsPrimitive || type == typeof(string) || type == typeof(UUID) // UUID compares its bytes itself
        || (!typeof(System.Collections.IEnumerable).IsAssignableFrom(type) && type.IsClass
            && type.GetProperties(BindingFlags.Public | BindingFlags.Instance).All(p => ComparesByValue(p.PropertyType)));

    [TestCaseSource(nameof(TypeNames))]
    public void EveryTruncationIsAFormatError(string typeName)
    {
        var type = MessageRegistry.Default.Get(typeName);
        var bytes = type.Serialize(SampleMessages.All[typeName]);
        for (var length = 0; length < bytes.Length; length++)
        {
            var prefix = bytes[..length];
            Assert.Throws<CdrFormatException>(() => type.Deserialize(prefix), $"{typeName} truncated to {length} of {bytes.Length} bytes");
        }
    }

    [Test]
    public void RegistryNamesTypesBothWaysAndRejectsUnknownOnes()
    {
        Assert.That(MessageRegistry.Default.Get("sensor_msgs/Image").TypeName, Is.EqualTo("sensor_msgs/msg/Image"));
        Assert.That(MessageRegistry.Default.Get("geometry_msgs/msg/PoseStamped").DdsTypeName, Is.EqualTo("geometry_msgs::msg::dds_::PoseStamped_"));
        var e = Assert.Throws<KeyNotFoundException>(() => MessageRegistry.Default.Get("foo_msgs/msg/Bar"));
        Assert.That(e!.Message, Does.Contain("foo_msgs/msg/Bar").And.Contain("sensor_msgs/msg/Image"));
        Assert.Throws<InvalidOperationException>(() => MessageRegistry.Default.RegisterDefinition("a/msg/B", "int32 x"));
        var mine = MessageRegistry.CreateDefault().RegisterDefinition("my_msgs/Reading", "Header header\nfloat64 value\n");
        Assert.That(mine.Get("my_msgs/msg/Reading").ClrType, Is.Null);
        Assert.Throws<InvalidOperationException>(() => mine.Get("my_msgs/msg/Reading").Deserialize(new byte[] { 0, 1, 0, 0 }));
    }

    [Test]
    public void GeometryConvertsToAndFromCore()
    {
        var pose3 = new Pose3(new Vec3(1, -2, 0.5), Quat.FromRollPitchYaw(0.1, -0.2, 1.3));
        var back = RosSerializer.Deserialize<Pose>(RosSerializer.Serialize(Pose.From(pose3))).ToCore();
        Assert.That(back.Position, Is.EqualTo(pose3.Position));
        Assert.That(back.Orientation.AngleTo(pose3.Orientation), Is.LessThan(1e-12));

        var twist = new SparshRobot.Core.Geometry.Twist(new Vec3(0.1, 0.2, 0.3), new Vec3(-1, 0, 1));
        Assert.That(SparshRobot.Ros.Messages.GeometryMsgs.Twist.From(twist).ToCore(), Is.EqualTo(twist));
        var wrench = new SparshRobot.Core.Geometry.Wrench(new Vec3(0, 0, -9.81), new Vec3(0.01, 0.02, 0));
        Assert.That(SparshRobot.Ros.Messages.GeometryMsgs.Wrench.From(wrench).ToCore(), Is.EqualTo(wrench));
        Assert.That(Vector3.From(new Vec3(1, 2, 3)), Is.EqualTo(new Vector3(1, 2, 3)));
        Assert.Throws<ArgumentException>(() => new Quaternion(0, 0, 0, 0).ToCore());
    }

    [Test]
    public void TactileFrameBecomesAnImageAndBack()
    {
        var pixels = Enumerable.Range(0, 320 * 240 * 3).Select(i => (byte)(i * 7)).ToArray();
        var frame = new TactileFrame("digit_left", new Timestamp(12, 34, ClockKind.Monotonic), 5, 240, 320, PixelEncoding.Rgb8, pixels);
        var image = Image.From(frame);
        Assert.That((image.Header.FrameId, image.Width, image.Height, image.Encoding, image.Step), Is.EqualTo(("digit_left", 240u, 320u, "rgb8", 720u)));
        var bytes = RosSerializer.Serialize(image);
        Assert.That(bytes, Has.Length.EqualTo(4 + 24 + 8 + 9 + 3 + 8 + pixels.Length), "header 'digit_left', sizes, 'rgb8', pad, step+count, data");

        var received = RosSerializer.Deserialize<Image>(bytes).ToTactileFrame(ClockKind.Monotonic, 5);
        Assert.That((received.SensorId, received.Stamp, received.Sequence, received.Width, received.Height, received.Encoding),
            Is.EqualTo((frame.SensorId, frame.Stamp, 5L, 240, 320, PixelEncoding.Rgb8)));
        Assert.That(received.Pixels.Span.SequenceEqual(pixels), Is.True);
    }

    [Test]
    public void ImageWithPaddedRowsIsRepackedAndBadImagesAreRejected()
    {
        // 2x2 mono8 with step 4: two padding bytes per row.
        var padded = new Image(SampleMessages.Header("t"), 2, 2, "mono8", 0, 4, new byte[] { 1, 2, 99, 99, 3, 4, 99, 99 });
        Assert.That(padded.ToTactileFrame(ClockKind.Wall, 0).Pixels.ToArray(), Is.EqualTo(new byte[] { 1, 2, 3, 4 }));

        var shortStep = padded with { Step = 1 };
        Assert.That(() => shortStep.ToTactileFrame(ClockKind.Wall, 0), Throws.TypeOf<InvalidDataException>().With.Message.Contains("step 1"));
        var shortData = padded with { Data = new byte[5] };
        Assert.That(() => shortData.ToTactileFrame(ClockKind.Wall, 0), Throws.TypeOf<InvalidDataException>().With.Message.Contains("holds 5 bytes"));
        var badEncoding = padded with { Encoding = "bayer_rggb8" };
        Assert.That(() => badEncoding.ToTactileFrame(ClockKind.Wall, 0), Throws.ArgumentException.With.Message.Contains("bayer_rggb8"));
    }

    [Test]
    public void SharedDecodingAliasesTheCallersBufferAndCopyingDoesNot()
    {
        var bytes = RosSerializer.Serialize(new Image(SampleMessages.Header("cam"), 1, 4, "mono8", 0, 4, new byte[] { 1, 2, 3, 4 }));
        var shared = RosSerializer.DeserializeShared<Image>(bytes);
        var copied = RosSerializer.Deserialize<Image>(bytes);
        bytes[^1] = 42;
        Assert.That(shared.Data.Span[3], Is.EqualTo(42), "DeserializeShared must hand out a slice of the input");
        Assert.That(copied.Data.Span[3], Is.EqualTo(4), "Deserialize must copy");
    }

    [Test]
    public void ReusedWriterProducesTheSameBytes()
    {
        var writer = new CdrWriter();
        var poses = (PoseArray)SampleMessages.All["geometry_msgs/msg/PoseArray"];
        var first = RosSerializer.Serialize(poses, writer).ToArray();
        var again = RosSerializer.Serialize(poses, writer).ToArray();
        Assert.That(again, Is.EqualTo(first));
        Assert.That(first, Is.EqualTo(RosSerializer.Serialize(poses)));
    }
}
