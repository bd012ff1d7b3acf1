namespace SparshRobot.Core.IO;

/// <summary>Things a checkout keeps beside or above the working directory (shared data, shipped models).</summary>
public static class AncestorPaths
{
    /// <summary>
    /// <paramref name="relative"/> under the working directory or the nearest folder above it that has it (a file or a
    /// folder); null when none does.
    /// </summary>
    public static string? Find(params string[] relative)
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine([dir.FullName, .. relative]);
            if (File.Exists(candidate) || Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
