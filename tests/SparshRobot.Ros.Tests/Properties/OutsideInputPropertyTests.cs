using System.Text;
using CsCheck;
using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Launch;
using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Messages.BuiltinInterfaces;
using SparshRobot.Ros.Messages.Dynamic;
using SparshRobot.Ros.Messages.SensorMsgs;
using SparshRobot.Ros.Messages.StdMsgs;
using SparshRobot.Testing;

namespace SparshRobot.Ros.Tests.Properties;

/// <summary>CDR messages off the wire and launch files on disk, random and mutated: the typed error or a result.</summary>
public class OutsideInputPropertyTests
{
    private static readonly byte[] ValidImage = RosSerializer.Serialize(
        new Image(new Header(new Time(1, 2), "digit_left"), 2, 3, "rgb8", 0, 9, Enumerable.Range(0, 18).Select(i => (byte)i).ToArray()));

    private static readonly byte[] ValidJointState = RosSerializer.Serialize(
        new JointState(new Header(new Time(3, 4), "base"), ["joint1", "joint2"], [0.1, 0.2], [0, 0], []));

    [Test]
    public void TypedCdrDecodingRefusesMutatedMessagesWithItsFormatError()
    {
        ParserProperties.OnlyFormatErrors<CdrFormatException>(ParserProperties.Mutations(ValidImage), bytes => RosSerializer.Deserialize<Image>(bytes));
        ParserProperties.OnlyFormatErrors<CdrFormatException>(ParserProperties.Mutations(ValidJointState), bytes => RosSerializer.Deserialize<JointState>(bytes));
    }

    [Test]
    public void DynamicCdrDecodingRefusesRandomAndMutatedMessagesWithItsFormatError()
    {
        var image = DynamicMessageDecoder.ForType(Image.TypeName);
        var joints = DynamicMessageDecoder.ForType(JointState.TypeName);
        ParserProperties.OnlyFormatErrors<CdrFormatException>(Gen.OneOf(ParserProperties.Mutations(ValidImage), Gen.Byte.Array[0, 80]), bytes => image.Decode(bytes));
        ParserProperties.OnlyFormatErrors<CdrFormatException>(ParserProperties.Mutations(ValidJointState), bytes => joints.Decode(bytes));
    }

    [Test]
    public void AHugeSequenceLengthIsRefusedBeforeAllocating()
    {
        var bytes = ValidJointState.ToArray();
        // The name sequence's count follows the 4-byte encapsulation, the stamp (8) and the frame id (4 + "base\0" + padding).
        var countAt = 4 + 8 + 4 + 8;
        Assert.That(BitConverter.ToInt32(bytes, countAt), Is.EqualTo(2), "the layout this test assumes");
        BitConverter.GetBytes(int.MaxValue).CopyTo(bytes, countAt);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<CdrFormatException>(() => RosSerializer.Deserialize<JointState>(bytes));
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(1 << 20));
    }

    [Test]
    public void LaunchParsingRefusesMutatedFilesWithTheLaunchError()
    {
        var directory = TestPaths.NewTempDirectory("sparsh-launch-property").FullName;
        File.WriteAllText(Path.Combine(directory, "child.launch.xml"), "<launch><arg name=\"robot\"/></launch>");
        var valid = """
            <launch>
              <arg name="side" default="left"/>
              <let name="rate" value="$(env SPARSH_UNSET_RATE 30)"/>
              <group>
                <push_ros_namespace namespace="$(var side)"/>
                <node pkg="sparsh_robot" exec="listener" name="$(var side)_listener">
                  <param name="rate" value="$(var rate)"/>
                  <remap from="in" to="/out"/>
                </node>
              </group>
              <include file="$(dirname)/child.launch.xml"><arg name="robot" value="r1"/></include>
            </launch>
            """;
        var path = Path.Combine(directory, "main.launch.xml");
        File.WriteAllText(path, valid);
        Assert.That(LaunchParser.ParseFile(path).Actions, Is.Not.Empty, "the unmutated file parses");
        // XML and substitution punctuation written over the text reach tags, attributes and $(...) far more often than random bytes.
        var mutations = Gen.Select(Gen.Int[0, valid.Length - 1], Gen.OneOf("<>/=\"$() a".ToCharArray())).Array[1, 4].Select(writes =>
        {
            var text = valid.ToCharArray();
            foreach (var (at, c) in writes)
            {
                text[at] = c;
            }
            return Encoding.UTF8.GetBytes(text);
        });
        ParserProperties.OnlyFormatErrors<LaunchException>(Gen.OneOf(mutations, ParserProperties.Mutations(Encoding.UTF8.GetBytes(valid))), bytes =>
        {
            File.WriteAllBytes(path, bytes);
            LaunchParser.ParseFile(path);
        }, iterations: 500);
    }
}
