using System.Globalization;
using System.Runtime.InteropServices;

namespace SparshRobot.Tactile.Capture;

/// <summary>The user and groups a process runs as, from <c>/proc/self/status</c> (effective ids).</summary>
public sealed record UnixIdentity(uint Uid, uint Gid, IReadOnlyList<uint> Groups)
{
    public static UnixIdentity Current() => Parse(File.ReadAllLines("/proc/self/status"), "/proc/self/status");

    /// <summary>Reads the <c>Uid:</c>, <c>Gid:</c> (real, effective, ...) and <c>Groups:</c> lines.</summary>
    public static UnixIdentity Parse(IEnumerable<string> statusLines, string source)
    {
        uint? uid = null, gid = null;
        IReadOnlyList<uint> groups = [];
        foreach (var line in statusLines)
        {
            var colon = line.IndexOf(':');
            var key = colon < 0 ? "" : line[..colon];
            if (key is not ("Uid" or "Gid" or "Groups"))
            {
                continue;
            }
            var ids = line[(colon + 1)..].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
                .Select(v => uint.TryParse(v, CultureInfo.InvariantCulture, out var id)
                    ? id
                    : throw new InvalidDataException($"{source}: '{key}:' line '{line}' holds '{v}'; expected numeric ids"))
                .ToArray();
            switch (key)
            {
                case "Uid" when ids.Length >= 2:
                    uid = ids[1];
                    break;
                case "Gid" when ids.Length >= 2:
                    gid = ids[1];
                    break;
                case "Groups":
                    groups = ids;
                    break;
            }
        }
        return new UnixIdentity(
            uid ?? throw new InvalidDataException($"{source}: no 'Uid:' line with an effective user id"),
            gid ?? throw new InvalidDataException($"{source}: no 'Gid:' line with an effective group id"),
            groups);
    }

    public bool IsInGroup(uint gid) => Gid == gid || Groups.Contains(gid);
}

/// <summary>
/// Explains why a V4L2 node cannot be opened before OpenCV tries: OpenCV only reports that opening failed, while the
/// node's owner, group and mode say which fix applies (the <c>video</c> group, or a udev rule).
/// </summary>
public static partial class V4l2Access
{
    /// <summary>The udev rule the docs and errors suggest: every V4L2 node readable and writable by group <c>video</c>.</summary>
    public const string UdevRule = "SUBSYSTEM==\"video4linux\", GROUP=\"video\", MODE=\"0660\"";

    /// <summary>
    /// Throws a <see cref="CaptureException"/> naming the fix when <paramref name="identity"/> cannot open
    /// <paramref name="devicePath"/> for reading and writing (V4L2 capture needs both).
    /// </summary>
    /// <param name="groupFile">Where group names are looked up (<c>/etc/group</c>).</param>
    public static void EnsureReadWrite(string devicePath, UnixIdentity identity, string groupFile = "/etc/group")
    {
        var (uid, gid, mode) = Stat(devicePath);
        if (identity.Uid == 0)
        {
            return;
        }
        var granted = identity.Uid == uid ? (mode >> 6) & 7 : identity.IsInGroup(gid) ? (mode >> 3) & 7 : mode & 7;
        if ((granted & 6) == 6)
        {
            return;
        }
        var group = GroupName(gid, groupFile);
        var joinGroup = gid == 0
            ? ""
            : $"add your user to group '{group}' (sudo usermod -aG {group} $USER, then log out and back in), or ";
        throw new CaptureException(
            $"permission denied on {devicePath}: it is mode {Convert.ToString(mode & 0x1ff, 8)} owned by uid {uid}, group '{group}', and you (uid {identity.Uid}, " +
            $"groups {string.Join(",", new[] { identity.Gid }.Concat(identity.Groups).Distinct())}) may not read and write it; fix: {joinGroup}" +
            $"install a udev rule giving cameras to group video: echo '{UdevRule}' | sudo tee /etc/udev/rules.d/99-tactile-sensors.rules " +
            "&& sudo udevadm control --reload && sudo udevadm trigger (and be in group video); see docs/sensors.md");
    }

    /// <summary>Owner, group and permission bits of a file (following links), by <c>statx(2)</c>.</summary>
    public static unsafe (uint Uid, uint Gid, uint Mode) Stat(string path)
    {
        // struct statx is the same on every architecture: stx_uid at byte 20, stx_gid at 24, stx_mode (u16) at 28.
        var buffer = stackalloc byte[256];
        if (StatX(AtFdCwd, path, 0, StatxBasicStats, buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new CaptureException(errno == 2
                ? $"{path} does not exist (the by-id link is stale: unplug and replug the camera)"
                : $"{path}: cannot inspect it ({Marshal.GetPInvokeErrorMessage(errno)})");
        }
        return (*(uint*)(buffer + 20), *(uint*)(buffer + 24), *(ushort*)(buffer + 28));
    }

    private static string GroupName(uint gid, string groupFile)
    {
        var id = gid.ToString(CultureInfo.InvariantCulture);
        if (File.Exists(groupFile))
        {
            foreach (var line in File.ReadLines(groupFile))
            {
                var fields = line.Split(':');
                if (fields.Length >= 3 && fields[2] == id)
                {
                    return fields[0];
                }
            }
        }
        return id;
    }

    private const int AtFdCwd = -100;
    private const uint StatxBasicStats = 0x7ff;

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int StatX(int dirFd, string path, int flags, uint mask, byte* buffer);
}
