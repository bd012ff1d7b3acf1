using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Messages.Definitions;

namespace SparshRobot.Ros.Bags;

/// <summary>A topic in a storage file together with its type definition, when the file carries one.</summary>
public sealed record BagConnection(BagTopic Topic, string SchemaEncoding = "", string SchemaText = "")
{
    public string Name => Topic.Name;

    public string Type => Topic.Type;

    /// <summary>
    /// A CDR topic to record, with the <c>ros2msg</c> schema of its type embedded when the registry knows the type (as
    /// rosbag2 does), so the bag decodes anywhere; unknown types are recorded without a schema.
    /// </summary>
    public static BagConnection ForRecording(string topic, string rosType, MessageRegistry? registry = null)
    {
        registry ??= MessageRegistry.Default;
        return registry.TryGet(rosType, out _)
            ? new BagConnection(BagTopic.Cdr(topic, rosType), "ros2msg", MessageDefinitionSet.FromRegistry(rosType, registry).ToSchemaText())
            : new BagConnection(BagTopic.Cdr(topic, rosType));
    }
}

/// <summary>One serialized message: the CDR bytes include the 4-byte encapsulation header.</summary>
public sealed record BagMessage(BagConnection Connection, long LogTimeNs, long PublishTimeNs, ReadOnlyMemory<byte> Data);

/// <summary>One rosbag2 storage file (an <c>.mcap</c> or a sqlite3 <c>.db3</c>).</summary>
public interface IBagStorageReader : IDisposable
{
    string Path { get; }

    string StorageId { get; }

    IReadOnlyList<BagConnection> Connections { get; }

    /// <summary>Messages per topic name.</summary>
    IReadOnlyDictionary<string, ulong> MessageCounts { get; }

    ulong MessageCount { get; }

    /// <summary>First and last receive time (ns since epoch); both 0 when the file holds no message.</summary>
    long StartNs { get; }

    long EndNs { get; }

    /// <summary>Set when the file was damaged (e.g. truncated) and read as far as possible.</summary>
    string? Warning { get; }

    /// <summary>Messages in receive-time order, optionally only on <paramref name="topics"/>.</summary>
    IEnumerable<BagMessage> ReadMessages(IReadOnlySet<string>? topics = null);
}

/// <summary>Where messages go when recorded or converted: the bag side of <c>bag record</c>.</summary>
public interface IBagMessageSink
{
    void AddTopic(BagConnection connection);

    void Write(string topic, long logTimeNs, long publishTimeNs, ReadOnlySpan<byte> cdr);
}
