using System.Text;
using SparshRobot.Mcap;

namespace SparshRobot.Ros.Bags;

/// <summary>rosbag2 view of an MCAP file: channel = topic, schema name = type, channel message encoding =
/// serialization format, channel metadata <c>offered_qos_profiles</c> = QoS, and the bag metadata rosbag2 embeds
/// in the file's <c>rosbag2</c> metadata record.</summary>
public sealed class McapStorageReader : IBagStorageReader
{
    private readonly McapReader _reader;
    private readonly Dictionary<ushort, BagConnection> _byChannel = [];

    public McapStorageReader(string path, McapReadOptions? options = null)
    {
        _reader = McapReader.Open(path, options);
        try
        {
            EmbeddedMetadata = ReadEmbeddedMetadata(_reader);
        }
        catch
        {
            _reader.Dispose();
            throw;
        }

        foreach (var channel in _reader.Channels.Values.OrderBy(c => c.Id))
        {
            _reader.Schemas.TryGetValue(channel.SchemaId, out var schema);
            var qos = channel.Metadata.TryGetValue("offered_qos_profiles", out var q)
                ? BagMetadata.ParseQos(new YamlDotNet.RepresentationModel.YamlScalarNode(q))
                : [];
            var topic = new BagTopic(channel.Topic, schema?.Name ?? "", channel.MessageEncoding, qos,
                channel.Metadata.GetValueOrDefault("topic_type_hash", ""));
            _byChannel[channel.Id] = new BagConnection(topic, schema?.Encoding ?? "",
                schema is null ? "" : Encoding.UTF8.GetString(schema.Data.Span));
        }

        var stats = _reader.Statistics;
        var counts = new Dictionary<string, ulong>();
        foreach (var (id, conn) in _byChannel)
        {
            ulong n = stats?.ChannelMessageCounts.FirstOrDefault(kv => kv.Key == id).Value ?? 0;
            counts[conn.Name] = counts.GetValueOrDefault(conn.Name) + n;
        }

        MessageCounts = counts;
        MessageCount = stats?.MessageCount ?? 0;
        StartNs = (long)(stats?.MessageStartTime ?? 0);
        EndNs = (long)(stats?.MessageEndTime ?? 0);
    }

    public string Path => _reader.Path;

    public string StorageId => "mcap";

    public McapReader Mcap => _reader;

    public IReadOnlyList<BagConnection> Connections => _byChannel.Values.ToList();

    public IReadOnlyDictionary<string, ulong> MessageCounts { get; }

    public ulong MessageCount { get; }

    public long StartNs { get; }

    public long EndNs { get; }

    public string? Warning => _reader.Warning;

    /// <summary>The bag metadata of the file's <see cref="BagMetadata.McapRecordName"/> record (rosbag2's bare
    /// mapping, or the <see cref="BagMetadata.RootKey"/> wrapper older SparshRobot versions wrote); null when the
    /// file has none.</summary>
    public BagMetadata? EmbeddedMetadata { get; }

    public IEnumerable<BagMessage> ReadMessages(IReadOnlySet<string>? topics = null)
    {
        foreach (var view in _reader.ReadMessages(topics))
        {
            var m = view.Message;
            yield return new BagMessage(_byChannel[m.ChannelId], (long)m.LogTime, (long)m.PublishTime, m.Data);
        }
    }

    public void Dispose() => _reader.Dispose();

    /// <summary>As rosbag2 reads it: a record without the key is skipped, and a later record overrides an earlier
    /// one.</summary>
    private static BagMetadata? ReadEmbeddedMetadata(McapReader reader)
    {
        BagMetadata? found = null;
        foreach (var record in reader.ReadMetadata().Where(m => m.Name == BagMetadata.McapRecordName))
        {
            if (record.Metadata.TryGetValue(BagMetadata.McapRecordKey, out var yaml) && yaml.Length > 0)
            {
                found = BagMetadata.Parse(yaml, $"{reader.Path}: MCAP metadata record '{BagMetadata.McapRecordName}', key '{BagMetadata.McapRecordKey}'");
            }
        }

        return found;
    }
}
