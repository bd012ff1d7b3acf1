using SparshRobot.Ros.Messages.Dynamic;
using SparshRobot.Testing;

namespace SparshRobot.Ros.Bags.Tests;

/// <summary>Decoded values of the bags ROS 2's own <c>ros2 bag record</c> wrote.</summary>
public class BagMessageDecoderTests
{
    private static string Bag(string format, string name) => TestPaths.Shared("rosbag2", format, name);

    [TestCase("mcap")]
    [TestCase("sqlite3")]
    public void TalkerStringsDecodeWithTheBuiltInType(string format)
    {
        using var bag = RosBag.Open(Bag(format, "talker"));
        var decoder = new BagMessageDecoder();
        var texts = bag.ReadMessages(["/topic"]).Select(m => (string)decoder.Decode(m)["data"]!).ToList();
        Assert.That(texts, Is.Not.Empty);
        Assert.That(texts, Is.All.Match(@"^Hello, world! \d+$"));
        var numbers = texts.Select(t => int.Parse(t["Hello, world! ".Length..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.That(numbers, Is.Ordered.Ascending.And.Unique);
    }

    [Test]
    public void CdrTestValuesDecodeWithTheEmbeddedSchemas()
    {
        using var bag = RosBag.Open(Bag("mcap", "cdr_test"));
        var decoder = new BagMessageDecoder();
        var basic = bag.ReadMessages(["/test_topic"]).Select(decoder.Decode).ToList();
        var arrays = bag.ReadMessages(["/array_topic"]).Select(decoder.Decode).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(basic, Has.Count.EqualTo(3));
            Assert.That(arrays, Has.Count.EqualTo(4));
            // rosbag2's test publishes BasicTypes with int32_value = 123 and everything else default.
            Assert.That(basic.Select(m => m["int32_value"]), Is.All.EqualTo(123));
            Assert.That(basic.Select(m => m["bool_value"]), Is.All.EqualTo(false));
            Assert.That(arrays.Select(m => ((bool[])m["bool_values"]!).Length), Is.All.EqualTo(3));
            Assert.That(arrays.Select(m => ((string[])m["string_values"]!)[0]), Is.All.StartWith("Complex Hello"));
        });
    }

    [Test]
    public void SqliteCdrTestDecodesToTheSameValuesAsTheMcapBag()
    {
        // Both storage plugins embed the definitions (message_definitions table in sqlite3 schema 4).
        using var mcap = RosBag.Open(Bag("mcap", "cdr_test"));
        using var sqlite = RosBag.Open(Bag("sqlite3", "cdr_test"));
        foreach (var topic in new[] { "/test_topic", "/array_topic" })
        {
            var fromMcap = mcap.ReadMessages([topic]).Select(new BagMessageDecoder().Decode).Select(MessageYamlOf).ToList();
            var fromSqlite = sqlite.ReadMessages([topic]).Select(new BagMessageDecoder().Decode).Select(MessageYamlOf).ToList();
            Assert.That(fromSqlite, Is.EqualTo(fromMcap), topic);
            Assert.That(sqlite.Connections.Single(c => c.Name == topic).SchemaEncoding, Is.EqualTo("ros2msg"));
        }
    }

    [Test]
    public void AnUnknownTypeWithoutSchemaIsAClearError()
    {
        // What a Humble-era sqlite3 bag (schema 3, no definitions) of a custom type looks like.
        var connection = new BagConnection(BagTopic.Cdr("/test_topic", "test_msgs/msg/BasicTypes"));
        var e = Assert.Throws<InvalidDataException>(() => new BagMessageDecoder().DecoderFor(connection));
        Assert.That(e!.Message, Does.Contain("/test_topic").And.Contain("test_msgs/msg/BasicTypes").And.Contain("no ros2msg schema"));
    }

    private static string MessageYamlOf(OrderedDictionary<string, object?> tree) => MessageYaml.ToYaml(tree);
}
