using System.Globalization;
using SparshRobot.Core.IO;
using YamlDotNet.RepresentationModel;

namespace SparshRobot.Ros.Bags;

/// <summary>One entry of a topic's <c>offered_qos_profiles</c>. Enum fields keep rosbag2's names
/// (keep_last, reliable, ...); durations are nanoseconds, <see cref="long.MaxValue"/> meaning infinite.</summary>
public sealed record RecordedQos(
    string History, int Depth, string Reliability, string Durability, long DeadlineNs, long LifespanNs,
    string Liveliness, long LivelinessLeaseDurationNs, bool AvoidRosNamespaceConventions)
{
    /// <summary>rosbag2's "infinite" duration: sec 9223372036, nsec 854775807.</summary>
    public const long Infinite = long.MaxValue;

    public static RecordedQos Default { get; } = new("keep_last", 10, "reliable", "volatile", Infinite, Infinite,
        "automatic", Infinite, false);

    /// <summary>The endpoint QoS to republish with, as <c>ros2 bag play</c> offers what was recorded.</summary>
    public Transport.QosProfile ToTransport() => new(
        Reliability == "best_effort" ? Transport.Reliability.BestEffort : Transport.Reliability.Reliable,
        Durability == "transient_local" ? Transport.Durability.TransientLocal : Transport.Durability.Volatile,
        History == "keep_all" ? Transport.History.KeepAll : Transport.History.KeepLast,
        Math.Max(Depth, 1));
}

/// <summary>A topic as rosbag2 describes it.</summary>
public sealed record BagTopic(
    string Name, string Type, string SerializationFormat, IReadOnlyList<RecordedQos> OfferedQos,
    string TypeDescriptionHash = "")
{
    public static BagTopic Cdr(string name, string type) => new(name, type, "cdr", [RecordedQos.Default]);
}

public sealed record BagTopicCount(BagTopic Topic, ulong MessageCount);

public sealed record BagFileInfo(string Path, long StartingTimeNs, long DurationNs, ulong MessageCount);

/// <summary>The content of a rosbag2 <c>metadata.yaml</c> (root key <c>rosbag2_bagfile_information</c>),
/// versions 1 to 9 read, version 9 written (docs/ros2.md, "Bags: metadata.yaml"). The same fields are
/// embedded in each MCAP file as a bare mapping (<see cref="McapRecordName"/>).</summary>
public sealed record BagMetadata
{
    public const string FileName = "metadata.yaml";

    /// <summary>The root key of metadata.yaml.</summary>
    public const string RootKey = "rosbag2_bagfile_information";

    /// <summary>The MCAP metadata record rosbag2's MCAP plugin writes on each split and close
    /// (rosbag2_storage_mcap <c>update_metadata</c>) ...</summary>
    public const string McapRecordName = "rosbag2";

    /// <summary>... and its key, whose value is the metadata YAML without <see cref="RootKey"/>.</summary>
    public const string McapRecordKey = "serialized_metadata";

    public int Version { get; init; } = 9;

    public string StorageIdentifier { get; init; } = "mcap";

    public IReadOnlyList<string> RelativeFilePaths { get; init; } = [];

    public long StartingTimeNs { get; init; }

    public long DurationNs { get; init; }

    public ulong MessageCount { get; init; }

    public IReadOnlyList<BagTopicCount> Topics { get; init; } = [];

    public string CompressionFormat { get; init; } = "";

    public string CompressionMode { get; init; } = "";

    public IReadOnlyList<BagFileInfo> Files { get; init; } = [];

    public IReadOnlyDictionary<string, string> CustomData { get; init; } = new Dictionary<string, string>();

    public string RosDistro { get; init; } = "";

    public static BagMetadata Load(string path) => Parse(File.ReadAllText(path), path);

    /// <summary><see cref="Parse(string)"/>, failing with a <see cref="BagFormatException"/> that starts with
    /// <paramref name="source"/> (the file or record the YAML came from).</summary>
    public static BagMetadata Parse(string yaml, string source)
    {
        try
        {
            return Parse(yaml);
        }
        catch (Exception e) when (e is FormatException or YamlDotNet.Core.YamlException or InvalidCastException
                                      or KeyNotFoundException or OverflowException)
        {
            throw new BagFormatException($"{source}: {e.Message}", e);
        }
    }

    /// <summary>Reads both shapes rosbag2 writes: metadata.yaml's, under <see cref="RootKey"/>, and the bare mapping
    /// of the MCAP record (<see cref="McapRecordKey"/>).</summary>
    public static BagMetadata Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var root = stream.Documents.Count > 0 ? stream.Documents[0].RootNode as YamlMappingNode : null;
        var info = root is not null && root.Children.TryGetValue(RootKey, out var inner) ? inner as YamlMappingNode : root;
        if (info is null || !info.Children.ContainsKey("version"))
        {
            throw new FormatException(
                $"expected rosbag2 bag metadata: a YAML mapping with version, storage_identifier, duration, ... at the top level or under '{RootKey}'");
        }

        int version = (int)Long(info, "version");
        if (version is < 1 or > 9)
        {
            throw new FormatException($"metadata version {version} is not supported (1 to 9)");
        }

        var topics = Seq(info, "topics_with_message_count").Select(t =>
        {
            var tm = (YamlMappingNode)((YamlMappingNode)t)["topic_metadata"];
            return new BagTopicCount(new BagTopic(Str(tm, "name"), Str(tm, "type"), Str(tm, "serialization_format", "cdr"),
                ParseQos(tm.Children.TryGetValue("offered_qos_profiles", out var q) ? q : null),
                Str(tm, "type_description_hash")), (ulong)Long((YamlMappingNode)t, "message_count"));
        }).ToList();
        var files = Seq(info, "files").Select(f =>
        {
            var fm = (YamlMappingNode)f;
            return new BagFileInfo(Str(fm, "path"), Nested(fm, "starting_time", "nanoseconds_since_epoch"),
                Nested(fm, "duration", "nanoseconds"), (ulong)Long(fm, "message_count"));
        }).ToList();
        var custom = info.Children.TryGetValue("custom_data", out var cd) && cd is YamlMappingNode cm
            ? cm.Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value ?? "", kv => ((YamlScalarNode)kv.Value).Value ?? "")
            : new Dictionary<string, string>();
        return new BagMetadata
        {
            Version = version,
            StorageIdentifier = Str(info, "storage_identifier"),
            RelativeFilePaths = Seq(info, "relative_file_paths").Select(n => ((YamlScalarNode)n).Value ?? "").ToList(),
            StartingTimeNs = Nested(info, "starting_time", "nanoseconds_since_epoch"),
            DurationNs = Nested(info, "duration", "nanoseconds"),
            MessageCount = (ulong)Long(info, "message_count"),
            Topics = topics,
            CompressionFormat = Str(info, "compression_format"),
            CompressionMode = Str(info, "compression_mode"),
            Files = files,
            CustomData = custom,
            RosDistro = Str(info, "ros_distro"),
        };
    }

    /// <summary>Parses offered_qos_profiles: a YAML string holding a list with integer codes (versions up to 8) or
    /// a list with names (version 9).</summary>
    public static IReadOnlyList<RecordedQos> ParseQos(YamlNode? node)
    {
        if (node is YamlScalarNode { Value: { } text })
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return [];
            }

            var s = new YamlStream();
            s.Load(new StringReader(text));
            node = s.Documents.Count > 0 ? s.Documents[0].RootNode : null;
        }

        if (node is not YamlSequenceNode seq)
        {
            return [];
        }

        return seq.Children.Cast<YamlMappingNode>().Select(m => new RecordedQos(
            Policy(m, "history", ["system_default", "keep_last", "keep_all"]),
            (int)Long(m, "depth"),
            Policy(m, "reliability", ["system_default", "reliable", "best_effort"]),
            Policy(m, "durability", ["system_default", "transient_local", "volatile"]),
            Duration(m, "deadline"), Duration(m, "lifespan"),
            Policy(m, "liveliness", ["system_default", "automatic", "manual_by_node", "manual_by_topic"]),
            Duration(m, "liveliness_lease_duration"),
            Str(m, "avoid_ros_namespace_conventions", "false") == "true")).ToList();
    }

    /// <summary>The QoS list as rosbag2 writes it for version 9 (names, not codes).</summary>
    public static YamlSequenceNode QosNode(IReadOnlyList<RecordedQos> profiles)
    {
        var seq = new YamlSequenceNode();
        foreach (var p in profiles)
        {
            seq.Add(new YamlMappingNode
            {
                { "history", p.History }, { "depth", Num(p.Depth) }, { "reliability", p.Reliability },
                { "durability", p.Durability }, { "deadline", DurationNode(p.DeadlineNs) },
                { "lifespan", DurationNode(p.LifespanNs) }, { "liveliness", p.Liveliness },
                { "liveliness_lease_duration", DurationNode(p.LivelinessLeaseDurationNs) },
                { "avoid_ros_namespace_conventions", p.AvoidRosNamespaceConventions ? "true" : "false" },
            });
        }

        return seq;
    }

    /// <summary>The QoS list serialised as the YAML text MCAP channel metadata carries.</summary>
    public static string QosYaml(IReadOnlyList<RecordedQos> profiles) => Serialize(QosNode(profiles)).TrimEnd();

    /// <summary>The text of metadata.yaml: the fields under <see cref="RootKey"/>.</summary>
    public string ToYaml() => Serialize(new YamlMappingNode { { RootKey, Fields() } });

    /// <summary>The value of the MCAP record's <see cref="McapRecordKey"/>: the same fields as a bare mapping, which
    /// is how rosbag2's MCAP plugin writes it and the only shape it decodes.</summary>
    public string ToSerializedMetadata() => Serialize(Fields());

    private YamlMappingNode Fields()
    {
        var topics = new YamlSequenceNode();
        foreach (var t in Topics)
        {
            topics.Add(new YamlMappingNode
            {
                {
                    "topic_metadata", new YamlMappingNode
                    {
                        { "name", t.Topic.Name }, { "type", t.Topic.Type },
                        { "serialization_format", t.Topic.SerializationFormat },
                        { "offered_qos_profiles", QosNode(t.Topic.OfferedQos) },
                        { "type_description_hash", Quoted(t.Topic.TypeDescriptionHash) },
                    }
                },
                { "message_count", Num(t.MessageCount) },
            });
        }

        var files = new YamlSequenceNode();
        foreach (var f in Files)
        {
            files.Add(new YamlMappingNode
            {
                { "path", f.Path },
                { "starting_time", new YamlMappingNode { { "nanoseconds_since_epoch", Num(f.StartingTimeNs) } } },
                { "duration", new YamlMappingNode { { "nanoseconds", Num(f.DurationNs) } } },
                { "message_count", Num(f.MessageCount) },
            });
        }

        var custom = new YamlMappingNode();
        foreach (var (k, v) in CustomData)
        {
            custom.Add(k, v);
        }

        var paths = new YamlSequenceNode();
        foreach (var p in RelativeFilePaths)
        {
            paths.Add(p);
        }

        return new YamlMappingNode
        {
            { "version", Num(Version) },
            { "storage_identifier", StorageIdentifier },
            { "duration", new YamlMappingNode { { "nanoseconds", Num(DurationNs) } } },
            { "starting_time", new YamlMappingNode { { "nanoseconds_since_epoch", Num(StartingTimeNs) } } },
            { "message_count", Num(MessageCount) },
            { "topics_with_message_count", topics },
            { "compression_format", Quoted(CompressionFormat) },
            { "compression_mode", Quoted(CompressionMode) },
            { "relative_file_paths", paths },
            { "files", files },
            { "custom_data", custom },
            { "ros_distro", RosDistro },
        };
    }

    /// <summary>Writes metadata.yaml atomically: a temporary file is written and fsynced, then renamed over the old
    /// one, so a crash leaves either the old or the new file, never half of one.</summary>
    public void SaveAtomically(string directory)
    {
        AtomicFile.WriteAllText(Path.Combine(directory, FileName), ToYaml(), flushToDisk: true);
    }

    private static string Serialize(YamlNode node)
    {
        var s = new YamlStream(new YamlDocument(node));
        var sw = new StringWriter();
        s.Save(sw, assignAnchors: false);
        string text = sw.ToString();
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }

    private static YamlScalarNode Num<T>(T n) where T : IFormattable =>
        new(n.ToString(null, CultureInfo.InvariantCulture));

    private static YamlScalarNode Quoted(string s) => new(s) { Style = YamlDotNet.Core.ScalarStyle.DoubleQuoted };

    private static YamlMappingNode DurationNode(long ns)
    {
        (long sec, long nsec) = ns == RecordedQos.Infinite ? (9223372036L, 854775807L) : (ns / 1_000_000_000, ns % 1_000_000_000);
        return new YamlMappingNode { { "sec", Num(sec) }, { "nsec", Num(nsec) } };
    }

    private static long Duration(YamlMappingNode m, string key)
    {
        if (!m.Children.TryGetValue(key, out var n) || n is not YamlMappingNode d)
        {
            return 0;
        }

        long sec = Long(d, "sec"), nsec = Long(d, "nsec");
        // Infinite is spelled both as rosbag2's constant and (in older bags) as INT32_MAX/UINT32_MAX.
        return (sec, nsec) is (9223372036L, 854775807L) or (2147483647L, 4294967295L)
            ? RecordedQos.Infinite
            : sec * 1_000_000_000 + nsec;
    }

    private static string Policy(YamlMappingNode m, string key, string[] names)
    {
        string v = Str(m, key, "0");
        return int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int code)
            ? code >= 0 && code < names.Length ? names[code] : code == 3 ? "unknown" : v
            : v;
    }

    private static IEnumerable<YamlNode> Seq(YamlMappingNode m, string key) =>
        m.Children.TryGetValue(key, out var n) && n is YamlSequenceNode s ? s.Children : [];

    private static string Str(YamlMappingNode m, string key, string fallback = "") =>
        m.Children.TryGetValue(key, out var n) && n is YamlScalarNode { Value: { } v } && v != "~" ? v : fallback;

    private static long Long(YamlMappingNode m, string key) =>
        long.Parse(Str(m, key, "0"), NumberStyles.Integer, CultureInfo.InvariantCulture);

    private static long Nested(YamlMappingNode m, string outer, string inner) =>
        m.Children.TryGetValue(outer, out var n) && n is YamlMappingNode nm ? Long(nm, inner) : 0;
}

/// <summary>A rosbag2 bag (directory, metadata or storage file) is malformed or unsupported.</summary>
public sealed class BagFormatException(string message, Exception? inner = null) : IOException(message, inner);
