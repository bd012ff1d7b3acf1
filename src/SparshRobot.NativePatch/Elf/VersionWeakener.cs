namespace SparshRobot.NativePatch.Elf;

public enum WeakenOutcome
{
    /// <summary>The entry was strong and is now weak.</summary>
    Patched,

    /// <summary>The entry was weak already; the file was not touched.</summary>
    AlreadyWeak,

    /// <summary>The object does not require that version; the file was not touched.</summary>
    NotRequired,
}

/// <summary>Marks one version-needed entry of a shared object weak, so a missing version is not fatal to the loader.</summary>
public static class VersionWeakener
{
    /// <summary>
    /// Sets VER_FLG_WEAK on every vernaux entry named <paramref name="version"/>. The file is rewritten through a
    /// temporary sibling and a rename, so a hard link to the original (a package cache) is never modified, and it
    /// keeps its modification time, so an incremental copy that compares size and time does not replace it.
    /// </summary>
    public static WeakenOutcome Weaken(string path, string version)
    {
        var data = File.ReadAllBytes(path);
        var needs = ElfImage.Parse(path, data).VersionNeeds().Where(n => n.Version == version).ToList();
        if (needs.Count == 0)
        {
            return WeakenOutcome.NotRequired;
        }
        if (needs.All(n => n.IsWeak))
        {
            return WeakenOutcome.AlreadyWeak;
        }
        foreach (var need in needs)
        {
            var flags = (ushort)(need.Flags | ElfImage.VerFlagWeak);
            data[need.FlagsOffset] = (byte)flags;
            data[need.FlagsOffset + 1] = (byte)(flags >> 8);
        }

        var info = new FileInfo(path);
        var lastWrite = info.LastWriteTimeUtc;
        var mode = OperatingSystem.IsWindows() ? (UnixFileMode?)null : info.UnixFileMode;
        var temp = Path.Combine(info.DirectoryName ?? ".", $".{info.Name}.{Environment.ProcessId}.tmp");
        try
        {
            File.WriteAllBytes(temp, data);
            if (mode is { } m && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, m);
            }
            File.SetLastWriteTimeUtc(temp, lastWrite);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
        return WeakenOutcome.Patched;
    }
}
