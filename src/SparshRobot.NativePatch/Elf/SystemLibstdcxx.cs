namespace SparshRobot.NativePatch.Elf;

/// <summary>Finds the libstdc++ the dynamic loader uses on this machine and the versions it defines.</summary>
public static class SystemLibstdcxx
{
    private const string SoName = "libstdc++.so.6";

    private static readonly string[] StandardDirectories =
    [
        "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
        "/usr/lib64", "/lib64", "/usr/lib", "/lib",
    ];

    /// <summary>
    /// The libstdc++ mapped into this very process (the .NET host links it), which is the one the loader will
    /// resolve for our natives too; falls back to the standard library directories.
    /// </summary>
    public static string? Locate()
    {
        const string maps = "/proc/self/maps";
        if (File.Exists(maps))
        {
            foreach (var line in File.ReadLines(maps))
            {
                var slash = line.IndexOf('/');
                if (slash < 0)
                {
                    continue;
                }
                var path = line[slash..].Trim();
                var name = Path.GetFileName(path);
                if ((name == SoName || name.StartsWith(SoName + ".", StringComparison.Ordinal)) && File.Exists(path))
                {
                    return path;
                }
            }
        }
        return StandardDirectories.Select(d => Path.Combine(d, SoName)).FirstOrDefault(File.Exists);
    }

    /// <summary>True when the library at <paramref name="libstdcxxPath"/> defines <paramref name="version"/>.</summary>
    public static bool Defines(string libstdcxxPath, string version) =>
        ElfImage.Load(libstdcxxPath).VersionDefinitions().Contains(version, StringComparer.Ordinal);
}
