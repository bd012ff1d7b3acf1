using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Messages.Definitions;

namespace SparshRobot.Ros.Tests.Messages;

public class MessageDefinitionTests
{
    [Test]
    public void ParsesEveryFieldForm()
    {
        const string text = """
            # A comment line
            Header header           # trailing comment
            int32 MAX=10
            string GREETING="hi # not a comment"
            uint8[] data
            float64[3] xyz [1.0, 2.0, 3.5]
            int16[<=4] small
            string<=8 name "robot"
            string<=5[<=2] tags
            Point p
            geometry_msgs/Pose pose
            nav_msgs/msg/Path path
            """;
        var spec = MessageDefinitionParser.Parse("my_pkg/msg/Thing", text);

        Assert.That(spec.Fields.Select(f => f.Name), Is.EqualTo(new[] { "header", "data", "xyz", "small", "name", "tags", "p", "pose", "path" }));
        Assert.That(spec.Fields.Select(f => f.Type.ToString()), Is.EqualTo(new[]
        {
            "std_msgs/msg/Header", "uint8[]", "float64[3]", "int16[<=4]", "string<=8", "string<=5[<=2]", "my_pkg/msg/Point",
            "geometry_msgs/msg/Pose", "nav_msgs/msg/Path",
        }));
        Assert.That(spec.Fields[2].DefaultText, Is.EqualTo("[1.0, 2.0, 3.5]"));
        Assert.That(spec.Fields[4].DefaultText, Is.EqualTo("\"robot\""));
        Assert.That(spec.Constants.Select(c => (c.Name, c.ValueText)), Is.EqualTo(new[] { ("MAX", "10"), ("GREETING", "\"hi # not a comment\"") }));
        Assert.That(spec.Dependencies, Is.EqualTo(new[] { "geometry_msgs/msg/Pose", "my_pkg/msg/Point", "nav_msgs/msg/Path", "std_msgs/msg/Header" }));
        Assert.That(spec.Fields[1].Line, Is.EqualTo(5));
    }

    [TestCase("int32", "expected '<type> <name>'")]
    [TestCase("float-64 x", "neither a primitive type nor a message type name")]
    [TestCase("int32[0] x", "bound '0'")]
    [TestCase("int32[<=x] y", "bound 'x'")]
    [TestCase("int32<=3 x", "only string and wstring take a bound")]
    [TestCase("int32[3 x", "closing ']'")]
    [TestCase("int32 2x", "not a valid field name")]
    [TestCase("int32[] A=1", "constants must be of a primitive, non-array type")]
    public void RejectsBadDefinitionsNamingTheLine(string text, string expected)
    {
        var e = Assert.Throws<MessageDefinitionException>(() => MessageDefinitionParser.Parse("p/msg/T", "\n" + text));
        Assert.That(e!.Message, Does.Contain(expected).And.Contain("p/msg/T line 2"));
    }

    [Test]
    public void RejectsDuplicateFieldNames()
    {
        var e = Assert.Throws<MessageDefinitionException>(() => MessageDefinitionParser.Parse("p/msg/T", "int32 x\nfloat64 y\nint32 x\n"));
        Assert.That(e!.Message, Does.Contain("'x' is declared twice").And.Contain("line 3"));
    }

    [Test]
    public void RegistrySetsProduceRosbag2SchemaText()
    {
        var text = MessageRegistry.Default.DefinitionSet("geometry_msgs/msg/PoseStamped").ToSchemaText();
        var bar = new string('=', 80);
        Assert.That(text, Is.EqualTo(
            "std_msgs/Header header\nPose pose\n"
            + $"\n{bar}\nMSG: geometry_msgs/Pose\nPoint position\nQuaternion orientation\n"
            + $"\n{bar}\nMSG: geometry_msgs/Point\nfloat64 x\nfloat64 y\nfloat64 z\n"
            + $"\n{bar}\nMSG: geometry_msgs/Quaternion\nfloat64 x 0\nfloat64 y 0\nfloat64 z 0\nfloat64 w 1\n"
            + $"\n{bar}\nMSG: std_msgs/Header\nbuiltin_interfaces/Time stamp\nstring frame_id\n"
            + $"\n{bar}\nMSG: builtin_interfaces/Time\nint32 sec\nuint32 nanosec\n"));
    }

    [Test]
    public void EveryBuiltinSchemaParsesBackToTheSameTypes()
    {
        foreach (var type in MessageRegistry.Default.Types)
        {
            var set = MessageRegistry.Default.DefinitionSet(type.TypeName);
            // An empty fallback registry proves the text is self-contained.
            var reparsed = MessageDefinitionSet.Parse(type.TypeName, set.ToSchemaText(), new MessageRegistry());
            Assert.That(reparsed.Types.Keys, Is.EquivalentTo(set.Types.Keys), type.TypeName);
            Assert.That(reparsed.ToSchemaText(), Is.EqualTo(set.ToSchemaText()), type.TypeName);
        }
    }

    [Test]
    public void MissingDependenciesComeFromTheRegistryOrFailClearly()
    {
        // A schema without its dependency blocks still works when the types are built in.
        var set = MessageDefinitionSet.Parse("geometry_msgs/msg/PoseStamped", "std_msgs/Header header\nPose pose\n");
        Assert.That(set.Types.Keys, Has.Member("builtin_interfaces/msg/Time"));

        var e = Assert.Throws<MessageDefinitionException>(() => MessageDefinitionSet.Parse("my_pkg/msg/A", "int32 x\nB b\n"));
        Assert.That(e!.Message, Does.Contain("my_pkg/msg/A.b").And.Contain("my_pkg/msg/B").And.Contain("line 2"));
    }

    [Test]
    public void RejectsCyclesAndMalformedSeparators()
    {
        var bar = new string('=', 80);
        var e = Assert.Throws<MessageDefinitionException>(() => MessageDefinitionSet.Parse("p/msg/A", $"B[] b\n{bar}\nMSG: p/B\nA[] a\n"));
        Assert.That(e!.Message, Does.Contain("cycle").And.Contain("p/msg/A -> p/msg/B -> p/msg/A"));
        e = Assert.Throws<MessageDefinitionException>(() => MessageDefinitionSet.Parse("p/msg/A", $"int32 x\n{bar}\nint32 y\n"));
        Assert.That(e!.Message, Does.Contain("expected 'MSG: pkg/Type'").And.Contain("line 3"));
        e = Assert.Throws<MessageDefinitionException>(() => MessageDefinitionSet.Parse("p/msg/A", $"int32 x\n{bar}\nMSG: p/A\nint32 y\n"));
        Assert.That(e!.Message, Does.Contain("defined twice"));
    }
}
