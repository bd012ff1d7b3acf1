using Microsoft.Data.Sqlite;
using SparshRobot.Ros.Cdr;
using SparshRobot.Testing;

namespace SparshRobot.Ros.Bags.Tests;

/// <summary>The bags ROS 2's own <c>ros2 bag record</c> wrote (shared data), in both storage formats.</summary>
public class RosbagSharedBagsTests
{
    private static readonly string[] Formats = ["mcap", "sqlite3"];

    private static string Bag(string format, string name) => TestPaths.Shared("rosbag2", format, name);

    [TestCaseSource(nameof(Formats))]
    public void TalkerHasTheRecordedTopicsCountsAndTimes(string format)
    {
        using var bag = RosBag.Open(Bag(format, "talker"));
        Assert.That(bag.StorageId, Is.EqualTo(format));
        Assert.That(bag.MessageCount, Is.EqualTo(20UL));
        Assert.That(bag.StartNs, Is.EqualTo(1585866235112411371L));
        Assert.That(bag.DurationNs, Is.EqualTo(4531096768L));
        var topics = bag.Topics.ToDictionary(t => t.Topic.Name);
        Assert.That(topics.Keys, Is.EquivalentTo(new[] { "/topic", "/rosout", "/parameter_events" }));
        Assert.That(topics["/topic"].Topic.Type, Is.EqualTo("std_msgs/msg/String"));
        Assert.That(topics["/topic"].MessageCount, Is.EqualTo(10UL));
        Assert.That(topics["/rosout"].Topic.Type, Is.EqualTo("rcl_interfaces/msg/Log"));
        Assert.That(topics["/rosout"].MessageCount, Is.EqualTo(10UL));
        Assert.That(topics["/parameter_events"].MessageCount, Is.Zero);
        Assert.That(topics.Values.All(t => t.Topic.SerializationFormat == "cdr"), Is.True);
        var qos = topics["/rosout"].Topic.OfferedQos.Single();
        Assert.That(qos.Durability, Is.EqualTo("transient_local"));
        Assert.That(qos.LifespanNs, Is.EqualTo(10_000_000_000L));
        Assert.That(bag.Warnings, Is.Empty);
    }

    [TestCaseSource(nameof(Formats))]
    public void TalkerStringsDecodeInOrder(string format)
    {
        using var bag = RosBag.Open(Bag(format, "talker"));
        var all = bag.ReadMessages().ToList();
        Assert.That(all, Has.Count.EqualTo(20));
        Assert.That(all.Select(m => m.LogTimeNs), Is.Ordered);
        Assert.That(all[0].LogTimeNs, Is.EqualTo(1585866235112411371L));
        Assert.That(all[^1].LogTimeNs, Is.EqualTo(1585866235112411371L + 4531096768L));
        var strings = bag.ReadMessages(["/topic"]).Select(m =>
        {
            var r = new CdrReader(m.Data.Span);
            return r.ReadString("data");
        }).ToList();
        Assert.That(strings, Has.Count.EqualTo(10));
        int first = int.Parse(strings[0]["Hello, world! ".Length..]);
        Assert.That(strings, Is.EqualTo(Enumerable.Range(first, 10).Select(i => $"Hello, world! {i}")));
    }

    [TestCaseSource(nameof(Formats))]
    public void CdrTestHasItsSevenMessages(string format)
    {
        using var bag = RosBag.Open(Bag(format, "cdr_test"));
        Assert.That(bag.MessageCount, Is.EqualTo(7UL));
        Assert.That(bag.StartNs, Is.EqualTo(1586406456763032325L));
        Assert.That(bag.DurationNs, Is.EqualTo(151137181L));
        var topics = bag.Topics.ToDictionary(t => t.Topic.Name);
        Assert.That(topics["/test_topic"].Topic.Type, Is.EqualTo("test_msgs/msg/BasicTypes"));
        Assert.That(topics["/test_topic"].MessageCount, Is.EqualTo(3UL));
        Assert.That(topics["/array_topic"].Topic.Type, Is.EqualTo("test_msgs/msg/Arrays"));
        Assert.That(topics["/array_topic"].MessageCount, Is.EqualTo(4UL));
        var msgs = bag.ReadMessages().ToList();
        Assert.That(msgs.Count(m => m.Connection.Name == "/test_topic"), Is.EqualTo(3));
        Assert.That(msgs.Select(m => m.LogTimeNs), Is.Ordered);
        // Every payload is little-endian CDR with its encapsulation header.
        Assert.That(msgs.All(m => m.Data.Span[..2].SequenceEqual(new byte[] { 0, 1 })), Is.True);
        Assert.That(bag.Metadata!.Version, Is.EqualTo(7));
    }

    [Test]
    public void CdrTestMcapEmbedsTheRos2msgSchemas()
    {
        using var bag = RosBag.Open(Bag("mcap", "cdr_test"));
        var basic = bag.Connections.Single(c => c.Name == "/test_topic");
        Assert.That(basic.SchemaEncoding, Is.EqualTo("ros2msg"));
        Assert.That(basic.SchemaText, Does.Contain("float64 float64_value"));
    }

    [Test]
    public void SingleStorageFileOpensWithoutMetadata()
    {
        using var bag = RosBag.Open(Bag("mcap", "talker") + "/talker.mcap");
        Assert.That(bag.Metadata, Is.Null);
        Assert.That(bag.MessageCount, Is.EqualTo(20UL));
        using var db = RosBag.Open(Bag("sqlite3", "talker") + "/talker.db3");
        Assert.That(db.ReadMessages(["/rosout"]).Count(), Is.EqualTo(10));
    }

    [Test]
    public void MetadataVersionsAndBothQosEncodingsParse()
    {
        var v4 = BagMetadata.Load(Path.Combine(Bag("mcap", "talker"), "metadata.yaml"));
        Assert.That(v4.Version, Is.EqualTo(4));
        Assert.That(v4.Topics.Single(t => t.Topic.Name == "/topic").Topic.OfferedQos.Single().Reliability, Is.EqualTo("reliable"));
        var written = (v4 with { Version = 9 }).ToYaml();
        var v9 = BagMetadata.Parse(written);
        Assert.That(written, Does.Contain("durability: volatile"), "version 9 writes QoS as a list with names");
        Assert.That(v9.Topics.Select(t => t.Topic.OfferedQos.Single()),
            Is.EqualTo(v4.Topics.Select(t => t.Topic.OfferedQos.Single())));
        Assert.That(v9.StartingTimeNs, Is.EqualTo(v4.StartingTimeNs));
        Assert.That(v9.Topics.Select(t => t.MessageCount), Is.EqualTo(v4.Topics.Select(t => t.MessageCount)));
        var e = Assert.Throws<BagFormatException>(() =>
        {
            var dir = TestPaths.NewTempDirectory("meta");
            File.WriteAllText(Path.Combine(dir.FullName, "metadata.yaml"), "rosbag2_bagfile_information:\n  version: 12\n");
            BagMetadata.Load(Path.Combine(dir.FullName, "metadata.yaml"));
        });
        Assert.That(e!.Message, Does.Contain("version 12"));
    }

    [Test]
    public void HumbleSchema3SqliteBagReads()
    {
        // Humble's layout: schema version 3, no message_definitions table, no type_description_hash column.
        var dir = TestPaths.NewTempDirectory("humble");
        string db = Path.Combine(dir.FullName, "humble_0.db3");
        using (var src = RosBag.Open(Bag("mcap", "talker")))
        using (var c = new SqliteConnection($"Data Source={db};Pooling=False"))
        {
            c.Open();
            Exec(c, "CREATE TABLE schema(schema_version INTEGER PRIMARY KEY, ros_distro TEXT NOT NULL);" +
                    "INSERT INTO schema VALUES (3, 'humble');" +
                    "CREATE TABLE metadata(id INTEGER PRIMARY KEY, metadata_version INTEGER NOT NULL, metadata TEXT NOT NULL);" +
                    "CREATE TABLE topics(id INTEGER PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL, serialization_format TEXT NOT NULL, offered_qos_profiles TEXT NOT NULL);" +
                    "CREATE TABLE messages(id INTEGER PRIMARY KEY, topic_id INTEGER NOT NULL, timestamp INTEGER NOT NULL, data BLOB NOT NULL);");
            var ids = new Dictionary<string, long>();
            foreach (var t in src.Topics)
            {
                ids[t.Topic.Name] = ids.Count + 1;
                using var cmd = c.CreateCommand();
                cmd.CommandText = "INSERT INTO topics VALUES ($id, $n, $t, 'cdr', '')";
                cmd.Parameters.AddWithValue("$id", ids[t.Topic.Name]);
                cmd.Parameters.AddWithValue("$n", t.Topic.Name);
                cmd.Parameters.AddWithValue("$t", t.Topic.Type);
                cmd.ExecuteNonQuery();
            }

            foreach (var m in src.ReadMessages())
            {
                using var cmd = c.CreateCommand();
                cmd.CommandText = "INSERT INTO messages(topic_id, timestamp, data) VALUES ($t, $ts, $d)";
                cmd.Parameters.AddWithValue("$t", ids[m.Connection.Name]);
                cmd.Parameters.AddWithValue("$ts", m.LogTimeNs);
                cmd.Parameters.AddWithValue("$d", m.Data.ToArray());
                cmd.ExecuteNonQuery();
            }
        }

        using var bag = RosBag.Open(dir.FullName);
        var storage = (SqliteStorageReader)bag.Files.Single();
        Assert.That(storage.SchemaVersion, Is.EqualTo(3));
        Assert.That(storage.RosDistro, Is.EqualTo("humble"));
        Assert.That(bag.MessageCount, Is.EqualTo(20UL));
        Assert.That(bag.ReadMessages(["/topic"]).Count(), Is.EqualTo(10));
        dir.Delete(true);
    }

    [Test]
    public void InfoPrintsWhatRos2BagInfoPrints()
    {
        using var bag = RosBag.Open(Bag("sqlite3", "talker"));
        string info = BagInfo.Format(bag, TimeZoneInfo.Utc);
        Assert.That(info, Does.Contain("Files:             talker.db3\n"));
        Assert.That(info, Does.Contain("Bag size:          28.0 KiB\n"));
        Assert.That(info, Does.Contain("Storage id:        sqlite3\n"));
        Assert.That(info, Does.Contain("Duration:          4.531096768s\n"));
        Assert.That(info, Does.Contain("Start:             Apr  2 2020 22:23:55.112411371 (1585866235.112411371)\n"));
        Assert.That(info, Does.Contain("Messages:          20\n"));
        Assert.That(info, Does.Contain(
            "Topic information: Topic: /topic | Type: std_msgs/msg/String | Count: 10 | Serialization Format: cdr\n" +
            "                   Topic: /rosout | Type: rcl_interfaces/msg/Log | Count: 10 | Serialization Format: cdr\n" +
            "                   Topic: /parameter_events | Type: rcl_interfaces/msg/ParameterEvent | Count: 0 | Serialization Format: cdr\n"));
    }

    [Test]
    public void MissingStorageFileIsNamed()
    {
        var dir = TestPaths.NewTempDirectory("nofile");
        File.Copy(Path.Combine(Bag("mcap", "talker"), "metadata.yaml"), Path.Combine(dir.FullName, "metadata.yaml"));
        var e = Assert.Throws<BagFormatException>(() => RosBag.Open(dir.FullName));
        Assert.That(e!.Message, Does.Contain("talker.mcap").And.Contain("does not exist"));
        dir.Delete(true);
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
