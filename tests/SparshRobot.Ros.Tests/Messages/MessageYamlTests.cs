using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Messages.Dynamic;

namespace SparshRobot.Ros.Tests.Messages;

public class MessageYamlTests
{
    private static string Echo(string typeName, int? truncate = null) => MessageYaml.ToYaml(
        DynamicMessageDecoder.ForType(typeName).Decode(MessageRegistry.Default.Get(typeName).Serialize(SampleMessages.All[typeName])), truncate);

    [Test]
    public void PrintsNestedMessagesLikeRos2TopicEcho()
    {
        Assert.That(Echo("geometry_msgs/msg/PoseStamped"), Is.EqualTo("""
            header:
              stamp:
                sec: 1700000000
                nanosec: 123456789
              frame_id: base_link
            pose:
              position:
                x: 1.5
                y: -2.25
                z: 3.0
              orientation:
                x: 0.0
                y: 0.0
                z: 0.7071067811865476
                w: 0.7071067811865476

            """.ReplaceLineEndings("\n")));
    }

    [Test]
    public void PrintsSequencesOfMessagesAndEmptyLists()
    {
        Assert.That(Echo("diagnostic_msgs/msg/DiagnosticArray"), Is.EqualTo("""
            header:
              stamp:
                sec: 1700000000
                nanosec: 123456789
              frame_id: x
            status:
            - level: 0
              name: a
              message: ''
              hardware_id: ''
              values: []
            - level: 2
              name: bcd
              message: lost
              hardware_id: hw
              values:
              - key: k
                value: v

            """.ReplaceLineEndings("\n")));
    }

    [Test]
    public void PrintsPrimitiveArraysAsLists()
    {
        var yaml = Echo("sensor_msgs/msg/JointState");
        Assert.That(yaml, Does.Contain("name:\n- wrist\n- finger_a\n- b\nposition:\n- 0.1\n- 0.2\n- 0.3\nvelocity: []\neffort:\n- 1.0\n- 2.0\n- 3.0\n"));
        Assert.That(Echo("sensor_msgs/msg/CompressedImage"), Does.EndWith("format: jpeg\ndata:\n- 255\n- 216\n- 255\n- 224\n- 0\n"));
    }

    [Test]
    public void TruncatesLongArraysAndStringsOnRequest()
    {
        var tree = new OrderedDictionary<string, object?> { ["data"] = Enumerable.Range(0, 200).Select(i => (byte)i).ToArray(), ["s"] = new string('a', 10) };
        var yaml = MessageYaml.ToYaml(tree, truncateLength: 3);
        Assert.That(yaml, Is.EqualTo("data:\n- 0\n- 1\n- 2\n- '...'\ns: aaa...\n"));
        Assert.That(MessageYaml.ToYaml(tree).Split('\n'), Has.Length.EqualTo(203));
    }

    [TestCase(1.0, "1.0")]
    [TestCase(-2.5, "-2.5")]
    [TestCase(0.1, "0.1")]
    [TestCase(123456.789, "123456.789")]
    [TestCase(1e15, "1000000000000000.0")]
    [TestCase(1e16, "1.0e+16")]
    [TestCase(1.5e300, "1.5e+300")]
    [TestCase(0.0001, "0.0001")]
    [TestCase(0.00001, "1.0e-05")]
    [TestCase(-1.25e-7, "-1.25e-07")]
    [TestCase(-0.0, "-0.0")]
    [TestCase(double.NaN, ".nan")]
    [TestCase(double.NegativeInfinity, "-.inf")]
    public void FloatsPrintAsPythonRepr(double value, string expected)
    {
        Assert.That(MessageYaml.PythonFloat(value), Is.EqualTo(expected));
    }

    [Test]
    public void Float32PrintsWidenedLikeRclpy()
    {
        Assert.That(MessageYaml.Scalar(0.1f), Is.EqualTo("0.10000000149011612"));
        Assert.That(MessageYaml.Scalar(1.125f), Is.EqualTo("1.125"));
    }

    [TestCase("map", "map")]
    [TestCase("", "''")]
    [TestCase("true", "'true'")]
    [TestCase("Off", "'Off'")]
    [TestCase("123", "'123'")]
    [TestCase("1.5", "'1.5'")]
    [TestCase("a: b", "'a: b'")]
    [TestCase("it's", "it's")]
    [TestCase("'q'", "'''q'''")]
    [TestCase("- x", "'- x'")]
    [TestCase("two\nlines", "\"two\\nlines\"")]
    [TestCase("Complex Hello1", "Complex Hello1")]
    public void StringsAreQuotedOnlyWhereYamlWouldMisreadThem(string value, string expected)
    {
        Assert.That(MessageYaml.Scalar(value), Is.EqualTo(expected));
    }

    [Test]
    public void ParsedYamlValuesEncodeLikeRos2TopicPub()
    {
        var values = MessageYaml.ParseValues("{header: {frame_id: map}, pose: {position: {x: 1.5, z: -2}, orientation: {w: 1}}}");
        var bytes = DynamicMessageEncoder.ForType("geometry_msgs/msg/PoseStamped").Encode(values);
        var pose = RosSerializer.Deserialize<SparshRobot.Ros.Messages.GeometryMsgs.PoseStamped>(bytes);
        Assert.That(pose.Header.FrameId, Is.EqualTo("map"));
        Assert.That(pose.Pose.Position, Is.EqualTo(new SparshRobot.Ros.Messages.GeometryMsgs.Point(1.5, 0, -2)));
        Assert.That(pose.Pose.Orientation.W, Is.EqualTo(1));

        var joints = MessageYaml.ParseValues("name: [a, b]\nposition: [0.5, 1]\n");
        var state = RosSerializer.Deserialize<SparshRobot.Ros.Messages.SensorMsgs.JointState>(DynamicMessageEncoder.ForType("sensor_msgs/msg/JointState").Encode(joints));
        Assert.That((state.Name, state.Position, state.Velocity), Is.EqualTo((new[] { "a", "b" }, new[] { 0.5, 1.0 }, Array.Empty<double>())));

        Assert.That(MessageYaml.ParseValues(""), Is.Null);
        Assert.That(() => MessageYaml.ParseValues("[1, 2]"), Throws.ArgumentException.With.Message.Contains("mapping"));
        Assert.That(() => MessageYaml.ParseValues("{a: [1, 2}"), Throws.ArgumentException.With.Message.Contains("not valid YAML"));
        var e = Assert.Throws<ArgumentException>(() => DynamicMessageEncoder.ForType("sensor_msgs/msg/JointState").Encode(MessageYaml.ParseValues("position: [0.5, x]")));
        Assert.That(e!.Message, Does.StartWith("position[1]: 'x'"));
    }
}
