namespace SparshRobot.Core.IO;

/// <summary>
/// Replaces a file through a sibling temporary file and a rename, so a reader or a crash sees the old content or
/// the new, never part of it. Every file a later run trusts (checkpoints, manifests, caches, bag metadata) goes
/// through here.
/// </summary>
public static class AtomicFile
{
    /// <summary>Where <see cref="Replace"/> writes before the rename.</summary>
    public static string TemporaryPath(string path) => path + ".partial";

    /// <summary>Calls <paramref name="writeTemporary"/> with the temporary path, then renames it over <paramref name="path"/>.</summary>
    public static void Replace(string path, Action<string> writeTemporary)
    {
        var temp = TemporaryPath(path);
        writeTemporary(temp);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Writes a stream's worth of bytes atomically.</summary>
    /// <param name="flushToDisk">Also fsync before the rename, so the new content survives a power loss.</param>
    public static void Write(string path, Action<Stream> write, bool flushToDisk = false) => Replace(path, temp =>
    {
        using var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None);
        write(stream);
        stream.Flush(flushToDisk);
    });

    /// <summary>Writes UTF-8 text atomically.</summary>
    public static void WriteAllText(string path, string text, bool flushToDisk = false) => Write(path, stream =>
    {
        using var writer = new StreamWriter(stream, leaveOpen: true);
        writer.Write(text);
    }, flushToDisk);
}
