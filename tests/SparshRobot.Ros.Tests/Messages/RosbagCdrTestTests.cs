using System.Collections;
using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages.Definitions;
using SparshRobot.Ros.Messages.Dynamic;
using SparshRobot.Testing;

namespace SparshRobot.Ros.Tests.Messages;

/// <summary>
/// Schemas and CDR written by ROS 2 itself: rosbag2's cdr_test bag (test_msgs/BasicTypes and Arrays), extracted
/// from shared/data/rosbag2/mcap/cdr_test/cdr_test_0.mcap by Fixtures/cdr_test/extract.py.
/// </summary>
public class RosbagCdrTestTests
{
    private static string Fixture(string name) => TestPaths.Fixture("SparshRobot.Ros.Tests", "cdr_test", name);

    private static string Schema(string type) => File.ReadAllText(Fixture($"test_msgs_msg_{type}.schema.txt"));

    private static readonly string[] ArrayFields =
    [
        "bool_values", "byte_values", "char_values", "float32_values", "float64_values", "int8_values", "uint8_values", "int16_values",
        "uint16_values", "int32_values", "uint32_values", "int64_values", "uint64_values", "string_values", "basic_types_values",
        "constants_values", "defaults_values",
    ];

    [Test]
    public void SchemaTextRoundTripsExactly()
    {
        foreach (var type in new[] { "BasicTypes", "Arrays" })
        {
            var set = MessageDefinitionSet.Parse($"test_msgs/msg/{type}", Schema(type));
            Assert.That(set.ToSchemaText(), Is.EqualTo(Schema(type)), type);
        }
    }

    [Test]
    public void ArraysSchemaHoldsItsThreeDependencies()
    {
        var set = MessageDefinitionSet.Parse("test_msgs/msg/Arrays", Schema("Arrays"));
        Assert.That(set.Types.Keys, Is.EquivalentTo(new[] { "test_msgs/msg/Arrays", "test_msgs/msg/BasicTypes", "test_msgs/msg/Constants", "test_msgs/msg/Defaults" }));
        Assert.That(set.Root.Fields, Has.Count.EqualTo(32));
        Assert.That(set["test_msgs/Defaults"].Fields, Has.Count.EqualTo(13));
        Assert.That(set["test_msgs/Constants"].Fields, Is.Empty, "Constants has only constants: an empty struct on the wire");
        Assert.That(set["test_msgs/Constants"].Constants, Has.Count.EqualTo(13));
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(2)]
    public void BasicTypesDecodeToWhatTheTestPublished(int index)
    {
        var bytes = File.ReadAllBytes(Fixture($"test_topic_{index}.bin"));
        var tree = DynamicMessageDecoder.FromSchema("test_msgs/msg/BasicTypes", Schema("BasicTypes")).Decode(bytes);

        // rosbag2's test publishes a BasicTypes with only int32_value set (123); all else keeps its zero default.
        Assert.That(tree.Keys, Has.Count.EqualTo(13));
        Assert.That(tree["int32_value"], Is.EqualTo(123));
        Assert.That(tree["bool_value"], Is.False);
        Assert.That(tree.Where(kv => kv.Key is not ("int32_value" or "bool_value")).Select(kv => Convert.ToDouble(kv.Value)), Is.All.EqualTo(0));
        AssertReencodesExactly("test_msgs/msg/BasicTypes", Schema("BasicTypes"), tree, bytes);
    }

    [TestCase(0)]
    [TestCase(3)]
    public void ArraysDecodeToWhatTheTestPublished(int index)
    {
        var bytes = File.ReadAllBytes(Fixture($"array_topic_{index}.bin"));
        var decoder = DynamicMessageDecoder.FromSchema("test_msgs/msg/Arrays", Schema("Arrays"));
        var tree = decoder.Decode(bytes);

        // Every T[3] field holds exactly 3 elements, and the last field (the alignment regression check) is
        // reached: a wrong alignment anywhere would shift it or leave bytes over, which Decode rejects.
        foreach (var name in ArrayFields)
        {
            Assert.That((IList)tree[name]!, Has.Count.EqualTo(3), name);
        }
        Assert.That(tree["alignment_check"], Is.EqualTo(0));

        // The values rosbag2's test set explicitly.
        Assert.That(tree["bool_values"], Is.EqualTo(new[] { true, false, true }));
        Assert.That(tree["string_values"], Is.EqualTo(new[] { "Complex Hello1", "Complex Hello2", "Complex Hello3" }));

        // Fields the test left alone hold what ROS 2 default-constructs, which is what the schema's own default
        // values say: compare them with the same message encoded from the schema's defaults alone.
        var defaults = decoder.Decode(new DynamicMessageEncoder(decoder.Definitions).Encode(null));
        foreach (var field in decoder.Definitions.Root.Fields.Where(f => f.DefaultText is not null))
        {
            Assert.That(tree[field.Name], Is.EqualTo(defaults[field.Name]), field.Name);
        }
        Assert.That(tree["uint64_values_default"], Is.EqualTo(new ulong[] { 0, 1, ulong.MaxValue }), "spot check of the schema default parse");
        Assert.That(tree["string_values_default"], Is.EqualTo(new[] { "", "max value", "min value" }));
        var elementDefaults = (OrderedDictionary<string, object?>)((IList)defaults["defaults_values"]!)[0]!;
        Assert.That(elementDefaults["int64_value"], Is.EqualTo(-40000000L));
        foreach (var element in (IList)tree["defaults_values"]!)
        {
            Assert.That(element, Is.EqualTo(elementDefaults));
        }
        AssertReencodesExactly("test_msgs/msg/Arrays", Schema("Arrays"), tree, bytes);
    }

    [Test]
    public void MutatedRealMessagesOnlyRaiseCdrFormatException()
    {
        var random = new Random(7);
        var decoder = DynamicMessageDecoder.FromSchema("test_msgs/msg/Arrays", Schema("Arrays"));
        var original = File.ReadAllBytes(Fixture("array_topic_0.bin"));
        var rejected = 0;
        for (var round = 0; round < 2000; round++)
        {
            var mutated = DynamicDecoderTests.Mutate(original, random);
            try
            {
                decoder.Decode(mutated);
            }
            catch (CdrFormatException)
            {
                rejected++;
            }
        }
        Assert.That(rejected, Is.InRange(200, 1999), "mutations must sometimes be caught and sometimes decode (e.g. a flipped float bit)");
    }

    private static void AssertReencodesExactly(string type, string schema, IDictionary tree, byte[] bytes) =>
        Assert.That(new DynamicMessageEncoder(MessageDefinitionSet.Parse(type, schema)).Encode(tree), Is.EqualTo(bytes), "re-encoding differs from ROS 2's bytes");
}
