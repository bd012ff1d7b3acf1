namespace SparshRobot.Policy.Datasets.Building;

/// <summary>Turns <c>--bags</c> into bag paths: a bag, a folder of bags, or a glob whose last segment has wildcards.</summary>
public static class BagDiscovery
{
    public static IReadOnlyList<string> Find(string pattern)
    {
        if (IsBag(pattern))
        {
            return [pattern];
        }
        if (Directory.Exists(pattern))
        {
            var inside = Entries(pattern, "*").Where(IsBag).ToList();
            return inside.Count > 0
                ? inside
                : throw new FileNotFoundException($"{pattern}: neither a bag (metadata.yaml or .mcap/.db3 files) nor a folder of bags");
        }
        var parent = Path.GetDirectoryName(pattern);
        var last = Path.GetFileName(pattern);
        if (last.IndexOfAny(['*', '?']) < 0 || (!string.IsNullOrEmpty(parent) && parent.IndexOfAny(['*', '?']) >= 0))
        {
            throw new FileNotFoundException($"{pattern}: no such bag or folder (a glob may use * and ? in its last segment only)");
        }
        parent = string.IsNullOrEmpty(parent) ? "." : parent;
        var matches = Directory.Exists(parent) ? Entries(parent, last).Where(IsBag).ToList() : [];
        return matches.Count > 0 ? matches : throw new FileNotFoundException($"{pattern}: matches no bag");
    }

    private static IEnumerable<string> Entries(string folder, string pattern) =>
        Directory.EnumerateFileSystemEntries(folder, pattern).Order(StringComparer.Ordinal);

    private static bool IsBag(string path) => File.Exists(path)
        ? IsStorage(path)
        : Directory.Exists(path) && (File.Exists(Path.Combine(path, "metadata.yaml")) || Directory.EnumerateFiles(path).Any(IsStorage));

    private static bool IsStorage(string path) =>
        path.EndsWith(".mcap", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".db3", StringComparison.OrdinalIgnoreCase);
}
