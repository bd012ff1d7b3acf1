using Microsoft.Data.Sqlite;

namespace SparshRobot.Ros.Bags;

/// <summary>rosbag2's sqlite3 storage: Foxy/Galactic/Humble (schema up to 3) and Iron/Jazzy (schema 4, with
/// <c>message_definitions</c> and <c>type_description_hash</c>). Columns are discovered, not assumed.</summary>
public sealed class SqliteStorageReader : IBagStorageReader
{
    private readonly SqliteConnection _db;
    private readonly Dictionary<long, BagConnection> _byId = [];

    public SqliteStorageReader(string path)
    {
        Path = path;
        if (!File.Exists(path))
        {
            throw new BagFormatException($"{path}: storage file not found");
        }

        _db = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        try
        {
            _db.Open();
            Load();
        }
        catch (SqliteException e)
        {
            _db.Dispose();
            throw new BagFormatException($"{path}: not a readable rosbag2 sqlite3 file ({e.Message})", e);
        }
    }

    public string Path { get; }

    public string StorageId => "sqlite3";

    /// <summary>The <c>schema</c> table's version (0 for bags older than the table).</summary>
    public int SchemaVersion { get; private set; }

    public string RosDistro { get; private set; } = "";

    public IReadOnlyList<BagConnection> Connections => _byId.Values.ToList();

    public IReadOnlyDictionary<string, ulong> MessageCounts { get; private set; } = new Dictionary<string, ulong>();

    public ulong MessageCount { get; private set; }

    public long StartNs { get; private set; }

    public long EndNs { get; private set; }

    public string? Warning => null;

    public IEnumerable<BagMessage> ReadMessages(IReadOnlySet<string>? topics = null)
    {
        using var cmd = _db.CreateCommand();
        var ids = _byId.Where(kv => topics is null || topics.Contains(kv.Value.Name)).Select(kv => kv.Key).ToList();
        if (ids.Count == 0)
        {
            yield break;
        }

        cmd.CommandText = "SELECT topic_id, timestamp, data FROM messages" +
                          (topics is null ? "" : $" WHERE topic_id IN ({string.Join(',', ids)})") +
                          " ORDER BY timestamp, id";
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            long topicId = r.GetInt64(0);
            long t = r.GetInt64(1);
            var data = (byte[])r.GetValue(2);
            if (!_byId.TryGetValue(topicId, out var conn))
            {
                throw new BagFormatException($"{Path}: message at {t} refers to topic id {topicId}, which is not in 'topics'");
            }

            yield return new BagMessage(conn, t, t, data);
        }
    }

    public void Dispose() => _db.Dispose();

    private void Load()
    {
        var tables = Column<string>("SELECT name FROM sqlite_master WHERE type = 'table'").ToHashSet();
        if (!tables.Contains("topics") || !tables.Contains("messages"))
        {
            throw new BagFormatException($"{Path}: sqlite3 file has no 'topics'/'messages' tables: not a rosbag2 bag");
        }

        if (tables.Contains("schema"))
        {
            using var cmd = _db.CreateCommand();
            cmd.CommandText = "SELECT schema_version, ros_distro FROM schema";
            using var r = cmd.ExecuteReader();
            if (r.Read())
            {
                SchemaVersion = r.GetInt32(0);
                RosDistro = r.GetString(1);
            }
        }

        var definitions = new Dictionary<string, (string Encoding, string Text)>();
        if (tables.Contains("message_definitions"))
        {
            using var cmd = _db.CreateCommand();
            cmd.CommandText = "SELECT topic_type, encoding, encoded_message_definition FROM message_definitions";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                definitions[r.GetString(0)] = (r.GetString(1), r.GetString(2));
            }
        }

        var columns = Column<string>("SELECT name FROM pragma_table_info('topics')").ToHashSet();
        string qos = columns.Contains("offered_qos_profiles") ? "offered_qos_profiles" : "''";
        string hash = columns.Contains("type_description_hash") ? "type_description_hash" : "''";
        using (var cmd = _db.CreateCommand())
        {
            cmd.CommandText = $"SELECT id, name, type, serialization_format, {qos}, {hash} FROM topics ORDER BY id";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var topic = new BagTopic(r.GetString(1), r.GetString(2), r.GetString(3),
                    BagMetadata.ParseQos(new YamlDotNet.RepresentationModel.YamlScalarNode(r.GetString(4))), r.GetString(5));
                var def = definitions.GetValueOrDefault(topic.Type, (Encoding: "", Text: ""));
                _byId[r.GetInt64(0)] = new BagConnection(topic, def.Encoding, def.Text);
            }
        }

        var counts = _byId.Values.ToDictionary(c => c.Name, _ => 0UL);
        using (var cmd = _db.CreateCommand())
        {
            cmd.CommandText = "SELECT topic_id, COUNT(*), MIN(timestamp), MAX(timestamp) FROM messages GROUP BY topic_id";
            using var r = cmd.ExecuteReader();
            long start = long.MaxValue, end = long.MinValue;
            while (r.Read())
            {
                if (_byId.TryGetValue(r.GetInt64(0), out var conn))
                {
                    counts[conn.Name] += (ulong)r.GetInt64(1);
                }

                MessageCount += (ulong)r.GetInt64(1);
                start = Math.Min(start, r.GetInt64(2));
                end = Math.Max(end, r.GetInt64(3));
            }

            (StartNs, EndNs) = MessageCount == 0 ? (0, 0) : (start, end);
        }

        MessageCounts = counts;
    }

    private List<T> Column<T>(string sql)
    {
        using var cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var list = new List<T>();
        while (r.Read())
        {
            list.Add(r.GetFieldValue<T>(0));
        }

        return list;
    }
}
