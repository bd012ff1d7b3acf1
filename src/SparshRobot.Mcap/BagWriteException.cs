namespace SparshRobot.Mcap;

/// <summary>Writing a bag failed (disk full, I/O error). Everything before <see cref="DurableBytes"/> is in the
/// file and readable; the writer accepts nothing more.</summary>
public sealed class BagWriteException(string file, long durableBytes, Exception inner)
    : IOException(Describe(file, durableBytes, inner), inner)
{
    public string File { get; } = file;

    public long DurableBytes { get; } = durableBytes;

    public bool DiskFull { get; } = IsDiskFull(inner);

    // ENOSPC (28) / EDQUOT (122) surface on Linux as IOException.HResult; Windows uses 0x70 / 0x27.
    public static bool IsDiskFull(Exception e) =>
        e is IOException && (e.HResult & 0xFFFF) is 28 or 122 or 0x70 or 0x27;

    private static string Describe(string file, long durable, Exception inner) =>
        $"{file}: {(IsDiskFull(inner) ? "disk full" : "write failed")} ({inner.Message}); the first {durable} bytes " +
        "(every chunk closed before the failure) stay readable; `sparsh-robot bag recover` adds the missing summary";
}
