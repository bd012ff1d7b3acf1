namespace SparshRobot.Cli.Commands;

/// <summary>The result files a report command joins: each argument is a run's output folder or the file itself.</summary>
internal static class RunFolders
{
    /// <summary>
    /// <paramref name="file"/> inside each folder given, or the path as given; a missing one is a
    /// <see cref="FileNotFoundException"/> saying what <paramref name="producer"/> writes.
    /// </summary>
    public static List<string> ResultFiles(IEnumerable<string> runs, string file, string producer)
    {
        var sources = runs.Select(r => Directory.Exists(r) ? Path.Combine(r, file) : r).ToList();
        foreach (var missing in sources.Where(s => !File.Exists(s)))
        {
            throw new FileNotFoundException($"{missing}: not found; give {producer} output folders or their {file} files");
        }
        return sources;
    }
}
