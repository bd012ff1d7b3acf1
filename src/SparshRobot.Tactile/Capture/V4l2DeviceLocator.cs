using System.Text.RegularExpressions;

namespace SparshRobot.Tactile.Capture;

/// <summary>A resolved V4L2 capture node.</summary>
public sealed record V4l2Device(string ByIdName, string DevicePath, int Index)
{
    public override string ToString() => $"{DevicePath} ({ByIdName})";
}

/// <summary>
/// Finds a camera by its stable <c>/dev/v4l/by-id</c> name or by a DIGIT serial (e.g. <c>D20001</c>), since
/// <c>/dev/videoN</c> numbers change on every replug. Only <c>-video-index0</c> nodes capture images.
/// </summary>
public sealed partial class V4l2DeviceLocator(string byIdDirectory = "/dev/v4l/by-id")
{
    public string ByIdDirectory { get; } = byIdDirectory;

    /// <summary>
    /// Resolves a by-id entry name, a serial contained in one, or a <c>/dev/videoN</c> path. Errors list what is
    /// present so a user can pick the right name.
    /// </summary>
    public V4l2Device Resolve(string nameOrSerial)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameOrSerial);
        if (VideoNode().Match(Path.GetFileName(nameOrSerial)) is { Success: true } direct && nameOrSerial.StartsWith('/'))
        {
            return new V4l2Device(nameOrSerial, nameOrSerial, int.Parse(direct.Groups[1].Value));
        }
        if (!Directory.Exists(ByIdDirectory))
        {
            throw new CaptureException(
                $"no camera found: {ByIdDirectory} does not exist, and udev creates it as soon as any V4L2 camera is plugged in; " +
                "check the USB cable and that the sensor shows in `lsusb` (in a container, pass the devices and /dev/v4l in, e.g. docker run --device /dev/video0 -v /dev/v4l:/dev/v4l:ro)");
        }
        var entries = Directory.EnumerateFileSystemEntries(ByIdDirectory).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray();
        var captureNodes = entries.Where(e => e.EndsWith("-video-index0", StringComparison.Ordinal)).ToArray();
        var matches = captureNodes.Where(e => e == nameOrSerial).ToArray();
        if (matches.Length == 0)
        {
            matches = captureNodes.Where(e => e.Contains(nameOrSerial, StringComparison.OrdinalIgnoreCase)).ToArray();
        }
        if (matches.Length == 0)
        {
            var serials = captureNodes.Select(SerialOf).ToArray();
            var present = entries.Length == 0
                ? $"{ByIdDirectory} is empty (is a camera plugged in?)"
                : $"serials found: {(serials.Length == 0 ? "none" : string.Join(", ", serials))} (entries: {string.Join(", ", entries)})";
            throw new CaptureException($"no V4L2 camera with serial or name '{nameOrSerial}' in {ByIdDirectory}; {present}");
        }
        if (matches.Length > 1)
        {
            throw new CaptureException($"'{nameOrSerial}' matches several cameras in {ByIdDirectory}: {string.Join(", ", matches)}; give the full by-id name");
        }
        var link = Path.Combine(ByIdDirectory, matches[0]);
        var target = new FileInfo(link).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? link;
        var node = VideoNode().Match(Path.GetFileName(target));
        if (!node.Success)
        {
            throw new CaptureException($"{link} points to {target}, which is not a /dev/videoN node");
        }
        return new V4l2Device(matches[0], target, int.Parse(node.Groups[1].Value));
    }

    /// <summary>
    /// Resolves like <see cref="Resolve"/> and checks that <paramref name="identity"/> (default: this process) may
    /// read and write the node, so a missing permission is reported with its fix instead of as OpenCV failing to open.
    /// </summary>
    public V4l2Device ResolveAccessible(string nameOrSerial, UnixIdentity? identity = null, string groupFile = "/etc/group")
    {
        var device = Resolve(nameOrSerial);
        V4l2Access.EnsureReadWrite(device.DevicePath, identity ?? UnixIdentity.Current(), groupFile);
        return device;
    }

    /// <summary>
    /// The serial in a by-id name, <c>usb-&lt;vendor&gt;_&lt;product&gt;_&lt;serial&gt;-video-index0</c> (the last
    /// underscore-separated part); the whole name when it does not have that form.
    /// </summary>
    public static string SerialOf(string byIdName)
    {
        var match = ByIdName().Match(byIdName);
        return match.Success ? match.Groups[1].Value : byIdName;
    }

    [GeneratedRegex(@"_([^_]+)-video-index\d+$")]
    private static partial Regex ByIdName();

    [GeneratedRegex(@"^video(\d+)$")]
    private static partial Regex VideoNode();
}
