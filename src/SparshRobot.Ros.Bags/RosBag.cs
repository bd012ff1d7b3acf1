using SparshRobot.Mcap;

namespace SparshRobot.Ros.Bags;

/// <summary>A rosbag2 bag opened for reading: a directory with <c>metadata.yaml</c> and its storage files, a
/// directory of storage files without one, or a single <c>.mcap</c>/<c>.db3</c> file. Split bags (several
/// storage files) read as one timeline.</summary>
public sealed class RosBag : IDisposable
{
    private readonly List<IBagStorageReader> _files;

    private RosBag(string path, BagMetadata? metadata, List<IBagStorageReader> files)
    {
        Path = path;
        Metadata = metadata;
        _files = files;
    }

    /// <summary>The path the bag was opened from.</summary>
    public string Path { get; }

    /// <summary>The parsed metadata.yaml, when the bag has one; for a single MCAP file, the metadata embedded in it.</summary>
    public BagMetadata? Metadata { get; }

    public IReadOnlyList<IBagStorageReader> Files => _files;

    public string StorageId => Metadata?.StorageIdentifier is { Length: > 0 } s ? s : _files[0].StorageId;

    public long SizeBytes => _files.Sum(f => new FileInfo(f.Path).Length);

    public ulong MessageCount => (ulong)_files.Sum(f => (decimal)f.MessageCount);

    public long StartNs => _files.Where(f => f.MessageCount > 0).Select(f => f.StartNs).DefaultIfEmpty(0).Min();

    public long EndNs => _files.Where(f => f.MessageCount > 0).Select(f => f.EndNs).DefaultIfEmpty(0).Max();

    public long DurationNs => EndNs - StartNs;

    /// <summary>Warnings from damaged storage files (e.g. a truncated MCAP read up to its last complete record).</summary>
    public IReadOnlyList<string> Warnings => _files.Select(f => f.Warning).OfType<string>().ToList();

    /// <summary>Topics with counts, in metadata.yaml order when there is one (it lists topics without messages
    /// too), otherwise in storage order.</summary>
    public IReadOnlyList<BagTopicCount> Topics
    {
        get
        {
            var counts = new Dictionary<string, ulong>();
            var connections = new Dictionary<string, BagConnection>();
            foreach (var f in _files)
            {
                foreach (var c in f.Connections)
                {
                    connections.TryAdd(c.Name, c);
                }

                foreach (var (t, n) in f.MessageCounts)
                {
                    counts[t] = counts.GetValueOrDefault(t) + n;
                }
            }

            var order = Metadata?.Topics.Select(t => t.Topic).ToList() ?? [];
            foreach (var c in connections.Values.Where(c => order.All(o => o.Name != c.Name)))
            {
                order.Add(c.Topic);
            }

            return order.Select(t => new BagTopicCount(connections.GetValueOrDefault(t.Name)?.Topic ?? t,
                counts.GetValueOrDefault(t.Name))).ToList();
        }
    }

    public IReadOnlyList<BagConnection> Connections =>
        _files.SelectMany(f => f.Connections).DistinctBy(c => c.Name).ToList();

    public static RosBag Open(string path)
    {
        if (File.Exists(path))
        {
            // A lone storage file has no metadata.yaml; an MCAP one carries the copy rosbag2 embeds.
            var storage = OpenStorage(path);
            return new RosBag(path, (storage as McapStorageReader)?.EmbeddedMetadata, [storage]);
        }

        if (!Directory.Exists(path))
        {
            throw new BagFormatException($"{path}: no such bag (expected a bag directory or a .mcap/.db3 file)");
        }

        string metadataPath = System.IO.Path.Combine(path, BagMetadata.FileName);
        BagMetadata? metadata = File.Exists(metadataPath) ? BagMetadata.Load(metadataPath) : null;
        if (metadata is { CompressionMode: "FILE" })
        {
            throw new BagFormatException(
                $"{metadataPath}: compression_mode FILE ({metadata.CompressionFormat}) bags are not supported; decompress the storage files first");
        }

        var names = metadata?.RelativeFilePaths.Count > 0
            ? metadata.RelativeFilePaths.ToList()
            : Directory.EnumerateFiles(path).Where(IsStorageFile).Select(p => System.IO.Path.GetFileName(p)!)
                .Order(StringComparer.Ordinal).ToList();
        if (names.Count == 0)
        {
            throw new BagFormatException($"{path}: no storage files (.mcap or .db3) and no metadata.yaml listing any");
        }

        var files = new List<IBagStorageReader>();
        try
        {
            foreach (var name in names)
            {
                string file = System.IO.Path.Combine(path, name);
                if (!File.Exists(file))
                {
                    // rosbag2 (Humble and older) records paths relative to the bag's parent directory.
                    string alt = System.IO.Path.Combine(path, System.IO.Path.GetFileName(name));
                    file = File.Exists(alt)
                        ? alt
                        : throw new BagFormatException($"{metadataPath}: lists storage file '{name}', which does not exist");
                }

                files.Add(OpenStorage(file, metadata?.StorageIdentifier));
            }
        }
        catch
        {
            files.ForEach(f => f.Dispose());
            throw;
        }

        return new RosBag(path, metadata, files);
    }

    /// <summary>All messages of all storage files merged by receive time (ties keep file order).</summary>
    public IEnumerable<BagMessage> ReadMessages(IEnumerable<string>? topics = null)
    {
        IReadOnlySet<string>? wanted = topics?.ToHashSet();
        var iterators = _files.Select(f => f.ReadMessages(wanted).GetEnumerator()).ToList();
        try
        {
            var heap = new PriorityQueue<int, (long, int)>();
            for (int i = 0; i < iterators.Count; i++)
            {
                if (iterators[i].MoveNext())
                {
                    heap.Enqueue(i, (iterators[i].Current.LogTimeNs, i));
                }
            }

            while (heap.TryDequeue(out int i, out _))
            {
                yield return iterators[i].Current;
                if (iterators[i].MoveNext())
                {
                    heap.Enqueue(i, (iterators[i].Current.LogTimeNs, i));
                }
            }
        }
        finally
        {
            iterators.ForEach(e => e.Dispose());
        }
    }

    public void Dispose() => _files.ForEach(f => f.Dispose());

    private static bool IsStorageFile(string p) =>
        p.EndsWith(".mcap", StringComparison.OrdinalIgnoreCase) || p.EndsWith(".db3", StringComparison.OrdinalIgnoreCase);

    private static IBagStorageReader OpenStorage(string file, string? storageId = null)
    {
        Span<byte> head = stackalloc byte[16];
        int n;
        using (var fs = File.OpenRead(file))
        {
            n = fs.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        // Sniff the content: the storage id in metadata.yaml and the extension are only hints.
        if (n >= 8 && head[..8].SequenceEqual(McapStreamReader.Magic))
        {
            return new McapStorageReader(file);
        }

        if (n >= 16 && head.SequenceEqual("SQLite format 3\0"u8))
        {
            return new SqliteStorageReader(file);
        }

        throw new BagFormatException(
            $"{file}: neither MCAP nor sqlite3 (first bytes {Convert.ToHexString(head[..n])}; metadata says storage '{storageId ?? "?"}')");
    }
}
