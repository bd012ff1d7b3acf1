using SparshRobot.Mcap;

namespace SparshRobot.Ros.Bags;

/// <summary>Repairs a bag whose recording was killed: each MCAP storage file without a valid summary is rewritten
/// (<see cref="McapRecovery.RecoverInPlace"/>, original kept as <c>.orig</c>) and metadata.yaml is rebuilt from
/// what the files really hold.</summary>
public static class BagRecovery
{
    public static IReadOnlyList<McapRecoveryReport> Recover(string path)
    {
        if (File.Exists(path))
        {
            return [McapRecovery.RecoverInPlace(path)];
        }

        if (!Directory.Exists(path))
        {
            throw new BagFormatException($"{path}: no such bag");
        }

        var reports = new List<McapRecoveryReport>();
        foreach (var file in Directory.EnumerateFiles(path, "*.mcap").Order(StringComparer.Ordinal))
        {
            bool complete;
            using (var r = McapReader.Open(file))
            {
                complete = r.HasSummary && r.Warning is null;
            }

            if (!complete)
            {
                reports.Add(McapRecovery.RecoverInPlace(file));
            }
        }

        string metadataPath = Path.Combine(path, BagMetadata.FileName);
        var old = File.Exists(metadataPath) ? BagMetadata.Load(metadataPath) : null;
        var files = Directory.EnumerateFiles(path, "*.mcap").Order(StringComparer.Ordinal)
            .Select(f => (IBagStorageReader)new McapStorageReader(f)).ToList();
        try
        {
            RebuildMetadata(old, files).SaveAtomically(path);
        }
        finally
        {
            files.ForEach(f => f.Dispose());
        }

        return reports;
    }

    /// <summary>metadata.yaml content describing <paramref name="files"/>; topic order and QoS come from
    /// <paramref name="previous"/> where it knew them.</summary>
    public static BagMetadata RebuildMetadata(BagMetadata? previous, IReadOnlyList<IBagStorageReader> files)
    {
        var counts = new Dictionary<string, ulong>();
        var topics = new List<BagTopic>(previous?.Topics.Select(t => t.Topic) ?? []);
        foreach (var f in files)
        {
            foreach (var c in f.Connections.Where(c => topics.All(t => t.Name != c.Name)))
            {
                topics.Add(c.Topic);
            }

            foreach (var (t, n) in f.MessageCounts)
            {
                counts[t] = counts.GetValueOrDefault(t) + n;
            }
        }

        var withMessages = files.Where(f => f.MessageCount > 0).ToList();
        long start = withMessages.Count == 0 ? 0 : withMessages.Min(f => f.StartNs);
        long end = withMessages.Count == 0 ? 0 : withMessages.Max(f => f.EndNs);
        return (previous ?? new BagMetadata()) with
        {
            Version = 9,
            StorageIdentifier = files.Count > 0 ? files[0].StorageId : "mcap",
            RelativeFilePaths = files.Select(f => Path.GetFileName(f.Path)).ToList(),
            StartingTimeNs = start,
            DurationNs = end - start,
            MessageCount = (ulong)files.Sum(f => (decimal)f.MessageCount),
            Topics = topics.Select(t => new BagTopicCount(t, counts.GetValueOrDefault(t.Name))).ToList(),
            Files = files.Select(f => new BagFileInfo(Path.GetFileName(f.Path), f.StartNs, f.EndNs - f.StartNs,
                f.MessageCount)).ToList(),
        };
    }
}
