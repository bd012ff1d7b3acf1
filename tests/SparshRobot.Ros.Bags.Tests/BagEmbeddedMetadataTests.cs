using System.Text;
using SparshRobot.Mcap;
using SparshRobot.Testing;
using YamlDotNet.RepresentationModel;

namespace SparshRobot.Ros.Bags.Tests;

/// <summary>
/// The bag metadata each MCAP file carries in its <c>rosbag2</c> metadata record: rosbag2's MCAP plugin decodes
/// <c>serialized_metadata</c> as a bare BagMetadata mapping (rosbag2_storage/yaml.hpp), so that is what we write;
/// we read that shape and the one older SparshRobot versions wrote (wrapped in rosbag2_bagfile_information).
/// </summary>
public class BagEmbeddedMetadataTests
{
    /// <summary>The keys rosbag2's <c>convert&lt;BagMetadata&gt;::encode</c> writes for version 9, in its order.</summary>
    private static readonly string[] Version9Keys =
    [
        "version", "storage_identifier", "duration", "starting_time", "message_count", "topics_with_message_count",
        "compression_format", "compression_mode", "relative_file_paths", "files", "custom_data", "ros_distro",
    ];

    private static readonly string[] TopicMetadataKeys = ["name", "type", "serialization_format", "offered_qos_profiles", "type_description_hash"];

    private DirectoryInfo _dir = null!;

    [SetUp]
    public void SetUp() => _dir = TestPaths.NewTempDirectory("embedded");

    [TearDown]
    public void TearDown() => _dir.Delete(recursive: true);

    [Test]
    public void WrittenRecordIsTheBareMappingRosbag2Decodes()
    {
        string outDir = Path.Combine(_dir.FullName, "talker");
        using (var src = RosBag.Open(TestPaths.Shared("rosbag2", "sqlite3", "talker")))
        using (var rec = BagRecorder.Create(outDir, new BagRecorderOptions { RosDistro = "jazzy" }))
        {
            foreach (var t in src.Topics)
            {
                rec.AddTopic(new BagConnection(t.Topic));
            }

            foreach (var m in src.ReadMessages())
            {
                rec.Write(m.Connection.Name, m.LogTimeNs, m.PublishTimeNs, m.Data.Span);
            }
        }

        using var bag = RosBag.Open(outDir);
        var record = Record(Path.Combine(outDir, bag.Metadata!.RelativeFilePaths.Single()));
        Assert.That(Keys(record), Is.EqualTo(Version9Keys), "top level: rosbag2's fields, no rosbag2_bagfile_information wrapper");
        Assert.That(Scalar(record, "version"), Is.EqualTo("9"));
        Assert.That(Scalar(record, "storage_identifier"), Is.EqualTo("mcap"));
        Assert.That(Scalar(record, "message_count"), Is.EqualTo(bag.MessageCount.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(Scalar((YamlMappingNode)record["duration"], "nanoseconds"), Is.EqualTo(bag.DurationNs.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(Scalar((YamlMappingNode)record["starting_time"], "nanoseconds_since_epoch"), Is.EqualTo(bag.StartNs.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(((YamlSequenceNode)record["relative_file_paths"]).Select(n => ((YamlScalarNode)n).Value),
            Is.EqualTo(bag.Files.Select(f => Path.GetFileName(f.Path))));
        Assert.That(Scalar(record, "ros_distro"), Is.EqualTo("jazzy"));
        var topics = ((YamlSequenceNode)record["topics_with_message_count"]).Cast<YamlMappingNode>().ToList();
        Assert.That(topics.Select(t => Keys(t)), Has.All.EqualTo(new[] { "topic_metadata", "message_count" }));
        var topicMetadata = topics.Select(t => (YamlMappingNode)t["topic_metadata"]).ToList();
        Assert.That(topicMetadata.Select(Keys), Has.All.EqualTo(TopicMetadataKeys));
        Assert.That(topicMetadata.Select(t => t["offered_qos_profiles"]), Has.All.InstanceOf<YamlSequenceNode>(),
            "version 9 writes the QoS as a YAML list, not a string");

        // The same bag as metadata.yaml describes it, and a shape rosbag2's own metadata.yaml (version 4) fits in.
        var beside = (YamlMappingNode)Load(File.ReadAllText(Path.Combine(outDir, BagMetadata.FileName)))[BagMetadata.RootKey];
        Assert.That(BagMetadata.Parse(Yaml(record)).ToYaml(), Is.EqualTo(BagMetadata.Parse(Yaml(beside)).ToYaml()));
        var rosbag2Written = (YamlMappingNode)Load(File.ReadAllText(TestPaths.Shared("rosbag2", "mcap", "talker", BagMetadata.FileName)))[BagMetadata.RootKey];
        Assert.That(Keys(record), Is.SupersetOf(Keys(rosbag2Written)));
        var rosbag2Topic = (YamlMappingNode)((YamlMappingNode)((YamlSequenceNode)rosbag2Written["topics_with_message_count"])[0])["topic_metadata"];
        Assert.That(TopicMetadataKeys, Is.SupersetOf(Keys(rosbag2Topic)));
    }

    [Test]
    public void EachSplitFileListsTheFilesUpToItselfOnce()
    {
        string outDir = Path.Combine(_dir.FullName, "split");
        using (var rec = BagRecorder.Create(outDir, new BagRecorderOptions { ChunkSize = 10_000, MaxFileBytes = 30_000, Compression = McapCompressionKind.None }))
        {
            rec.AddTopic(new BagConnection(BagTopic.Cdr("/a", "std_msgs/msg/String"), "ros2msg", "string data\n"));
            var payload = BagRecorderTests.Str(new string('x', 3000));
            for (int i = 0; i < 40; i++)
            {
                rec.Write("/a", 1_000 + i, 1_000 + i, payload);
            }
        }

        var files = BagMetadata.Load(Path.Combine(outDir, BagMetadata.FileName)).RelativeFilePaths;
        Assert.That(files, Has.Count.GreaterThan(2));
        for (int i = 0; i < files.Count; i++)
        {
            using var storage = new McapStorageReader(Path.Combine(outDir, files[i]));
            Assert.That(storage.EmbeddedMetadata!.RelativeFilePaths, Is.EqualTo(files.Take(i + 1).ToList()), files[i]);
            Assert.That(storage.EmbeddedMetadata.Files.Select(f => f.Path), Is.EqualTo(files.Take(i + 1).ToList()), files[i]);
        }
    }

    [Test]
    public void ALoneMcapFileOpensWithItsEmbeddedMetadata()
    {
        string file = WriteMcap("lone.mcap", new BagMetadata { RosDistro = "humble", MessageCount = 1 }.ToSerializedMetadata());
        using var bag = RosBag.Open(file);
        Assert.That(bag.Metadata!.RosDistro, Is.EqualTo("humble"));
        Assert.That(BagInfo.Format(bag), Does.Contain("ROS Distro:        humble"));
    }

    [Test]
    public void AFileWithTheOldWrappedRecordStillOpens()
    {
        // What SparshRobot wrote before: metadata.yaml's text, root key included.
        var old = new BagMetadata { RosDistro = "jazzy", MessageCount = 1, RelativeFilePaths = ["old.mcap"] };
        string file = WriteMcap("old.mcap", old.ToYaml());
        Assert.That(old.ToYaml(), Does.StartWith(BagMetadata.RootKey + ":"));
        using var storage = new McapStorageReader(file);
        Assert.That(storage.EmbeddedMetadata!.ToYaml(), Is.EqualTo(old.ToYaml()));
        using var bag = RosBag.Open(file);
        Assert.That(bag.ReadMessages().Count(), Is.EqualTo(1));
        Assert.That(bag.Metadata!.RosDistro, Is.EqualTo("jazzy"));
    }

    [Test]
    public void AnEmptyRecordIsSkippedAsRosbag2SkipsIt()
    {
        using var storage = new McapStorageReader(WriteMcap("empty.mcap", ""));
        Assert.That(storage.EmbeddedMetadata, Is.Null);
    }

    [TestCase("- version: 9\n", TestName = "a list")]
    [TestCase("storage_identifier: mcap\nmessage_count: 1\n", TestName = "a mapping without version")]
    [TestCase("rosbag2_bagfile_information: 9\n", TestName = "a wrapper that is not a mapping")]
    public void AMalformedRecordNamesTheRecordAndWhatWasExpected(string yaml)
    {
        string file = WriteMcap("bad.mcap", yaml);
        var e = Assert.Throws<BagFormatException>(() => RosBag.Open(file).Dispose());
        Assert.That(e!.Message, Does.StartWith($"{file}: MCAP metadata record 'rosbag2', key 'serialized_metadata': "));
        Assert.That(e.Message, Does.Contain("expected rosbag2 bag metadata").And.Contain("version, storage_identifier"));
    }

    [Test]
    public void RecordWithBrokenYamlOrValuesNamesTheRecord()
    {
        string syntax = WriteMcap("syntax.mcap", "version: [9\n");
        var e = Assert.Throws<BagFormatException>(() => new McapStorageReader(syntax).Dispose());
        Assert.That(e!.Message, Does.StartWith($"{syntax}: MCAP metadata record 'rosbag2', key 'serialized_metadata': "));
        string value = WriteMcap("value.mcap", "version: nine\n");
        e = Assert.Throws<BagFormatException>(() => new McapStorageReader(value).Dispose());
        Assert.That(e!.Message, Does.StartWith($"{value}: MCAP metadata record 'rosbag2'"));
    }

    /// <summary>An MCAP file with one message on /a and a <c>rosbag2</c> record holding <paramref name="serialized"/>.</summary>
    private string WriteMcap(string name, string serialized)
    {
        string path = Path.Combine(_dir.FullName, name);
        using var w = McapWriter.Create(path, new McapWriterOptions { Profile = "ros2" });
        ushort schema = w.AddSchema("std_msgs/msg/String", "ros2msg", Encoding.UTF8.GetBytes("string data"));
        ushort channel = w.AddChannel("/a", "cdr", schema);
        w.WriteMessage(channel, 5, 5, BagRecorderTests.Str("hi"));
        w.WriteMetadata(BagMetadata.McapRecordName, new Dictionary<string, string> { [BagMetadata.McapRecordKey] = serialized });
        return path;
    }

    private static YamlMappingNode Record(string mcapFile)
    {
        using var reader = McapReader.Open(mcapFile);
        var record = reader.ReadMetadata().Single(m => m.Name == BagMetadata.McapRecordName);
        Assert.That(record.Metadata.Keys, Is.EqualTo(new[] { BagMetadata.McapRecordKey }), "rosbag2 writes only serialized_metadata");
        return Load(record.Metadata[BagMetadata.McapRecordKey]);
    }

    private static YamlMappingNode Load(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static string Yaml(YamlNode node)
    {
        var writer = new StringWriter();
        new YamlStream(new YamlDocument(node)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    private static string[] Keys(YamlMappingNode node) => node.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToArray();

    private static string? Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value;
}
