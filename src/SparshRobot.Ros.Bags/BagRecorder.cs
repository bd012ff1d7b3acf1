using System.Text;
using SparshRobot.Mcap;

namespace SparshRobot.Ros.Bags;

public sealed record BagRecorderOptions
{
    public McapCompressionKind Compression { get; init; } = McapCompressionKind.Zstd;

    public int ChunkSize { get; init; } = 4 << 20;

    /// <summary>The open chunk is written out once it is this old, even if no message arrives: a crash loses at
    /// most this much recording (and at most <see cref="ChunkSize"/> bytes).</summary>
    public TimeSpan ChunkMaxAge { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>fsync after each chunk and metadata rewrite (power-loss safety).</summary>
    public bool Sync { get; init; } = true;

    /// <summary>Start a new storage file (<c>name_1.mcap</c>, ...) once the current one exceeds this size.</summary>
    public long? MaxFileBytes { get; init; }

    public string RosDistro { get; init; } = "jazzy";
}

/// <summary>Records a rosbag2 bag in MCAP storage following rosbag2's conventions (profile <c>ros2</c>, <c>cdr</c>
/// channels with <c>offered_qos_profiles</c>, <c>ros2msg</c> schemas named like <c>pkg/msg/Type</c>, a
/// <c>rosbag2</c> metadata record) plus <c>metadata.yaml</c>, rewritten atomically whenever a chunk is written.
/// Thread-safe: transport callbacks may write from any thread.</summary>
public sealed class BagRecorder : IBagMessageSink, IDisposable
{
    private readonly object _gate = new();
    private readonly string _directory;
    private readonly string _name;
    private readonly BagRecorderOptions _options;
    private readonly Dictionary<string, BagConnection> _topics = [];
    private readonly Dictionary<string, ulong> _topicCounts = [];
    private readonly Dictionary<string, ushort> _channelIds = [];
    private readonly List<BagFileInfo> _closedFiles = [];
    private readonly Timer _timer;
    private McapWriter _writer;
    private string _file;
    private long _fileStart = long.MaxValue, _fileEnd = long.MinValue;
    private ulong _fileCount;
    private bool _disposed;

    private BagRecorder(string directory, BagRecorderOptions options)
    {
        _directory = directory;
        _name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)));
        _options = options;
        (_writer, _file) = OpenFile(0);
        SaveMetadata();
        var period = options.ChunkMaxAge / 2;
        _timer = new Timer(_ => Tick(), null, period, period);
    }

    /// <summary>Starts a bag in <paramref name="directory"/>, which must not exist yet (or be empty).</summary>
    public static BagRecorder Create(string directory, BagRecorderOptions? options = null)
    {
        if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
        {
            throw new IOException($"{directory}: output bag directory already exists and is not empty");
        }

        Directory.CreateDirectory(directory);
        return new BagRecorder(directory, options ?? new BagRecorderOptions());
    }

    public string BagDirectory => _directory;

    /// <summary>Messages already in a written chunk (survive a crash).</summary>
    public ulong DurableMessages { get; private set; }

    public ulong MessageCount { get; private set; }

    /// <summary>Raised (under the recorder's lock) after each chunk reaches the file and metadata.yaml is updated.</summary>
    public event Action<BagRecorder>? Flushed;

    public void AddTopic(BagConnection connection)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_topics.TryGetValue(connection.Name, out var existing))
            {
                if (existing.Type != connection.Type)
                {
                    throw new ArgumentException(
                        $"topic {connection.Name} is already recorded as {existing.Type}, not {connection.Type}");
                }

                return;
            }

            _topics[connection.Name] = connection;
            _topicCounts[connection.Name] = 0;
            long before = _writer.DurablePosition;
            AddChannel(connection); // closes an open uncompressed chunk, which the writer streams
            if (_writer.DurablePosition != before)
            {
                AfterChunk();
            }
            else
            {
                SaveMetadata();
            }
        }
    }

    public void Write(string topic, long logTimeNs, long publishTimeNs, ReadOnlySpan<byte> cdr)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_channelIds.TryGetValue(topic, out ushort channel))
            {
                throw new ArgumentException($"topic {topic} was not added to the recorder", nameof(topic));
            }

            long before = _writer.DurablePosition;
            _writer.WriteMessage(channel, (ulong)logTimeNs, (ulong)publishTimeNs, cdr);
            MessageCount++;
            _fileCount++;
            _topicCounts[topic]++;
            _fileStart = Math.Min(_fileStart, logTimeNs);
            _fileEnd = Math.Max(_fileEnd, logTimeNs);
            if (_writer.DurablePosition != before)
            {
                AfterChunk();
            }

            if (_options.MaxFileBytes is { } max && _writer.Position >= max)
            {
                Split();
            }
        }
    }

    /// <summary>Writes the open chunk now and updates metadata.yaml.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _writer.FlushChunk();
                AfterChunk();
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _timer.Dispose();
            try
            {
                CloseFile();
            }
            finally
            {
                SaveMetadata();
            }
        }
    }

    private void Tick()
    {
        lock (_gate)
        {
            if (_disposed || _writer.Fault is not null || !_writer.OpenChunkOlderThan(_options.ChunkMaxAge))
            {
                return;
            }

            try
            {
                _writer.FlushChunk();
                AfterChunk();
            }
            catch (BagWriteException)
            {
                // Reported to the next Write caller (the writer stays faulted); a timer thread has no one to tell.
            }
        }
    }

    private void AfterChunk()
    {
        DurableMessages = MessageCount;
        SaveMetadata();
        Flushed?.Invoke(this);
    }

    private (McapWriter, string) OpenFile(int index)
    {
        string file = $"{_name}_{index}.mcap";
        var writer = McapWriter.Create(Path.Combine(_directory, file), new McapWriterOptions
        {
            Profile = "ros2",
            Library = "sparsh-robot rosbag2",
            Compression = _options.Compression,
            ChunkSize = _options.ChunkSize,
            ChunkMaxAge = _options.ChunkMaxAge,
            SyncEachChunk = _options.Sync,
            // A chunk in flight would be lost with the open one in a crash; the recorder promises only the open one.
            WriteBehind = false,
        });
        return (writer, file);
    }

    private void AddChannel(BagConnection c)
    {
        var text = Encoding.UTF8.GetBytes(c.SchemaText);
        ushort schema = _writer.AddSchema(c.Type, c.SchemaEncoding.Length > 0 ? c.SchemaEncoding : "ros2msg", text);
        _channelIds[c.Name] = _writer.AddChannel(c.Name, c.Topic.SerializationFormat, schema,
            new Dictionary<string, string>
            {
                ["offered_qos_profiles"] = BagMetadata.QosYaml(c.Topic.OfferedQos),
                ["topic_type_hash"] = c.Topic.TypeDescriptionHash,
            });
    }

    private void Split()
    {
        CloseFile();
        (_writer, _file) = OpenFile(_closedFiles.Count);
        _channelIds.Clear();
        foreach (var c in _topics.Values)
        {
            AddChannel(c);
        }

        SaveMetadata();
    }

    private void CloseFile()
    {
        _closedFiles.Add(CurrentFileInfo());
        if (_writer.Fault is null)
        {
            _writer.WriteMetadata(BagMetadata.McapRecordName,
                new Dictionary<string, string> { [BagMetadata.McapRecordKey] = Metadata(_closedFiles).ToSerializedMetadata() });
        }

        _writer.Dispose();
        DurableMessages = MessageCount;
        _fileCount = 0;
        _fileStart = long.MaxValue;
        _fileEnd = long.MinValue;
    }

    private BagFileInfo CurrentFileInfo() => new(_file, _fileCount == 0 ? 0 : _fileStart,
        _fileCount == 0 ? 0 : _fileEnd - _fileStart, _fileCount);

    /// <summary>The bag as it stands with <paramref name="files"/>: a file's embedded record lists the files up to
    /// and including itself, as rosbag2 writes it on each split.</summary>
    private BagMetadata Metadata(IReadOnlyList<BagFileInfo> files)
    {
        var withMessages = files.Where(f => f.MessageCount > 0).ToList();
        long start = withMessages.Count == 0 ? 0 : withMessages.Min(f => f.StartingTimeNs);
        long end = withMessages.Count == 0 ? 0 : withMessages.Max(f => f.StartingTimeNs + f.DurationNs);
        return new BagMetadata
        {
            Version = 9,
            StorageIdentifier = "mcap",
            RelativeFilePaths = files.Select(f => f.Path).ToList(),
            StartingTimeNs = start,
            DurationNs = end - start,
            MessageCount = MessageCount,
            Topics = _topics.Values.Select(t => new BagTopicCount(t.Topic, _topicCounts[t.Name])).ToList(),
            Files = files,
            RosDistro = _options.RosDistro,
        };
    }

    private void SaveMetadata() =>
        Metadata(_disposed ? [.. _closedFiles] : [.. _closedFiles, CurrentFileInfo()]).SaveAtomically(_directory);
}
