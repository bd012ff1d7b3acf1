using System.Collections;
using System.Reflection;
using System.Text;
using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Messages.Definitions;
using SparshRobot.Ros.Messages.Dynamic;

namespace SparshRobot.Ros.Tests.Messages;

public class DynamicDecoderTests
{
    public static IEnumerable<string> TypeNames => SampleMessages.All.Keys;

    [TestCaseSource(nameof(TypeNames))]
    public void AgreesWithTheTypedCodec(string typeName)
    {
        var type = MessageRegistry.Default.Get(typeName);
        var message = SampleMessages.All[typeName];
        var bytes = type.Serialize(message);

        var tree = DynamicMessageDecoder.ForType(typeName).Decode(bytes);

        AssertTreeMatchesRecord(tree, message, typeName);
        Assert.That(DynamicMessageEncoder.ForType(typeName).Encode(tree), Is.EqualTo(bytes), "dynamic re-encoding differs from the typed bytes");
    }

    [TestCaseSource(nameof(TypeNames))]
    public void EveryTruncationIsAFormatError(string typeName)
    {
        var bytes = MessageRegistry.Default.Get(typeName).Serialize(SampleMessages.All[typeName]);
        var decoder = DynamicMessageDecoder.ForType(typeName);
        for (var length = 0; length < bytes.Length; length++)
        {
            var prefix = bytes[..length];
            Assert.Throws<CdrFormatException>(() => decoder.Decode(prefix), $"{typeName} truncated to {length} of {bytes.Length} bytes");
        }
    }

    [Test]
    public void TruncatedFrameIdIsReportedWithItsPathAndOffset()
    {
        var bytes = MessageRegistry.Default.Get("geometry_msgs/msg/PoseStamped").Serialize(SampleMessages.All["geometry_msgs/msg/PoseStamped"]);
        var e = Assert.Throws<CdrFormatException>(() => DynamicMessageDecoder.ForType("geometry_msgs/msg/PoseStamped").Decode(bytes.AsSpan(0, 4 + 14)));
        Assert.That((e!.Field, e.Offset), Is.EqualTo(("header.frame_id", 8)));
        Assert.That(e.Message, Does.Contain("header.frame_id").And.Contain("offset 8"));
    }

    [Test]
    public void ErrorsInsideArraysNameTheElement()
    {
        var diagnostics = MessageRegistry.Default.Get("diagnostic_msgs/msg/DiagnosticArray").Serialize(SampleMessages.All["diagnostic_msgs/msg/DiagnosticArray"]);
        var e = Assert.Throws<CdrFormatException>(() => DynamicMessageDecoder.ForType("diagnostic_msgs/msg/DiagnosticArray").Decode(diagnostics[..^1]));
        Assert.That(e!.Field, Is.EqualTo("status[1].values[0].value"));

        var path = MessageRegistry.Default.Get("nav_msgs/msg/Path").Serialize(SampleMessages.All["nav_msgs/msg/Path"]);
        // Truncating here would trip the sequence count check first (2 poses cannot fit), so corrupt the length
        // of the second pose's frame id ("bc") instead.
        var secondFrame = PayloadOffsetOf(path, [0x03, 0, 0, 0, (byte)'b', (byte)'c', 0]);
        path[4 + secondFrame] = 200;
        e = Assert.Throws<CdrFormatException>(() => DynamicMessageDecoder.ForType("nav_msgs/msg/Path").Decode(path));
        Assert.That(e!.Field, Is.EqualTo("poses[1].header.frame_id"));
        Assert.That(e.Offset, Is.EqualTo(secondFrame));
    }

    [Test]
    public void RejectsBadBoolsAndBoundViolations()
    {
        var flags = Decoder("test_msgs/msg/Flags", "bool[3] flags\nstring<=3 name\nint32[<=2] values\n");
        Assert.That(flags.Decode(Payload(1, 0, 1, 0, 2, 0, 0, 0, (byte)'a', 0, 0, 0, 1, 0, 0, 0, 7, 0, 0, 0))["flags"], Is.EqualTo(new[] { true, false, true }));

        var e = Assert.Throws<CdrFormatException>(() => flags.Decode(Payload(1, 0, 2)));
        Assert.That((e!.Field, e.Offset), Is.EqualTo(("flags[2]", 2)));
        e = Assert.Throws<CdrFormatException>(() => flags.Decode(Payload(1, 0, 1, 0, 5, 0, 0, 0, (byte)'a', (byte)'b', (byte)'c', (byte)'d', 0)));
        Assert.That(e!.Message, Does.Contain("name").And.Contain("string<=3"));
        e = Assert.Throws<CdrFormatException>(() => flags.Decode(Payload(1, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0)));
        Assert.That(e!.Message, Does.Contain("values").And.Contain("bound 2"));
    }

    [Test]
    public void AnEmptyMessageTakesOneByte()
    {
        var decoder = Decoder("test_msgs/msg/Outer", "Empty[2] e\nint32 x\n================================================================================\nMSG: test_msgs/Empty\nint32 CONST=3\n");
        var tree = decoder.Decode(Payload(0, 0, 0, 0, 9, 0, 0, 0));
        Assert.That(tree["x"], Is.EqualTo(9));
        Assert.That((IList)tree["e"]!, Has.Count.EqualTo(2));
        Assert.That(DynamicMessageEncoder.ForType("test_msgs/msg/Outer", Registry("test_msgs/msg/Outer", "Empty[2] e\nint32 x\n", "test_msgs/msg/Empty", "int32 CONST=3\n")).Encode(tree),
            Is.EqualTo(Payload(0, 0, 0, 0, 9, 0, 0, 0)));
    }

    [Test]
    public void WideStringsAreRejectedUpFront()
    {
        var e = Assert.Throws<MessageDefinitionException>(() => Decoder("test_msgs/msg/W", "string a\nwstring b\n"));
        Assert.That(e!.Message, Does.Contain("'b'").And.Contain("wstring"));
    }

    [Test]
    public void EncoderFillsDefaultsAndNamesBadValues()
    {
        var encoder = DynamicMessageEncoder.ForType("geometry_msgs/msg/Pose");
        var decoder = DynamicMessageDecoder.ForType("geometry_msgs/msg/Pose");
        var pose = decoder.Decode(encoder.Encode(new Dictionary<object, object> { ["position"] = new Dictionary<object, object> { ["x"] = "1.5", ["y"] = 2 } }));
        Assert.That(pose["position"], Is.EqualTo(new OrderedDictionary<string, object?> { ["x"] = 1.5, ["y"] = 2.0, ["z"] = 0.0 }));
        Assert.That(((IDictionary)pose["orientation"]!)["w"], Is.EqualTo(1.0), "Quaternion.w defaults to 1 in its .msg");

        var e = Assert.Throws<ArgumentException>(() => encoder.Encode(new Dictionary<string, object?> { ["position"] = new Dictionary<string, object?> { ["x"] = "abc" } }));
        Assert.That(e!.Message, Does.Contain("position.x").And.Contain("'abc'"));
        e = Assert.Throws<ArgumentException>(() => encoder.Encode(new Dictionary<string, object?> { ["positon"] = null }));
        Assert.That(e!.Message, Does.Contain("positon").And.Contain("position, orientation"));
        e = Assert.Throws<ArgumentException>(() => DynamicMessageEncoder.ForType("sensor_msgs/msg/Image").Encode(new Dictionary<string, object?> { ["height"] = -1 }));
        Assert.That(e!.Message, Does.Contain("height").And.Contain("uint32"));
    }

    [Test]
    public void FuzzedInputOnlyEverRaisesCdrFormatException()
    {
        var random = new Random(20261124);
        var failures = 0;
        var decoded = 0;
        foreach (var (typeName, message) in SampleMessages.All)
        {
            var original = MessageRegistry.Default.Get(typeName).Serialize(message);
            var decoder = DynamicMessageDecoder.ForType(typeName);
            var typed = MessageRegistry.Default.Get(typeName);
            for (var round = 0; round < 400; round++)
            {
                var mutated = Mutate(original, random);
                foreach (var decode in new Action[] { () => decoder.Decode(mutated), () => typed.Deserialize(mutated) })
                {
                    try
                    {
                        decode();
                        decoded++;
                    }
                    catch (CdrFormatException)
                    {
                        failures++;
                    }
                }
            }
        }
        // Both outcomes must occur, or the mutations are too timid (or too destructive) to test anything.
        Assert.That(failures, Is.GreaterThan(1000));
        Assert.That(decoded, Is.GreaterThan(1000));
    }

    internal static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = original.ToList();
        var edits = random.Next(1, 4);
        for (var i = 0; i < edits && bytes.Count > 0; i++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 1:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 2:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 3:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
                default:
                    bytes[at] = 0xff; // huge counts and lengths
                    break;
            }
        }
        return [.. bytes];
    }

    internal static void AssertTreeMatchesRecord(object? value, object? record, string path)
    {
        switch (record)
        {
            case ReadOnlyMemory<byte> memory:
                Assert.That(value, Is.EqualTo(memory.ToArray()), path);
                return;
            case string or bool or byte or sbyte or short or ushort or int or uint or long or ulong or float or double:
                Assert.That(value, Is.EqualTo(record), path);
                return;
            case Array array when array.GetType().GetElementType()!.IsPrimitive:
                Assert.That(value, Is.EqualTo(array), path);
                return;
            case IEnumerable items:
                var list = (IList)value!;
                var i = 0;
                foreach (var item in items)
                {
                    AssertTreeMatchesRecord(list[i], item, $"{path}[{i}]");
                    i++;
                }
                Assert.That(list, Has.Count.EqualTo(i), path);
                return;
        }
        var tree = (OrderedDictionary<string, object?>)value!;
        var properties = record!.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.Name != "EqualityContract" && p.GetMethod!.GetParameters().Length == 0)
            .Where(p => record.GetType().GetConstructors().Any(c => c.GetParameters().Any(a => a.Name == p.Name)))
            .ToArray();
        Assert.That(tree.Keys, Is.EqualTo(properties.Select(p => SnakeCase(p.Name))), $"{path}: field names and order");
        foreach (var property in properties)
        {
            AssertTreeMatchesRecord(tree[SnakeCase(property.Name)], property.GetValue(record), $"{path}.{SnakeCase(property.Name)}");
        }
    }

    private static string SnakeCase(string pascal)
    {
        var text = new StringBuilder();
        foreach (var c in pascal)
        {
            if (char.IsUpper(c) && text.Length > 0)
            {
                text.Append('_');
            }
            text.Append(char.ToLowerInvariant(c));
        }
        return text.ToString();
    }

    private static int PayloadOffsetOf(byte[] haystack, byte[] needle)
    {
        for (var i = haystack.Length - needle.Length; i >= 0; i--)
        {
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                return i - 4;
            }
        }
        throw new InvalidOperationException("pattern not found");
    }

    private static byte[] Payload(params byte[] payload) => [0, 1, 0, 0, .. payload];

    private static MessageRegistry Registry(params string[] nameThenDefinition)
    {
        var registry = MessageRegistry.CreateDefault();
        for (var i = 0; i < nameThenDefinition.Length; i += 2)
        {
            registry.RegisterDefinition(nameThenDefinition[i], nameThenDefinition[i + 1]);
        }
        return registry;
    }

    private static DynamicMessageDecoder Decoder(string typeName, string schema) => DynamicMessageDecoder.FromSchema(typeName, schema);
}
