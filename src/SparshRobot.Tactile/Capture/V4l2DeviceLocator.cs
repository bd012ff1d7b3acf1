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
        var entries = Directory.Exists(ByIdDirectory)
            ? Directory.EnumerateFileSystemEntries(ByIdDirectory).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray()
            : [];
        var captureNodes = entries.Where(e => e.EndsWith("-video-index0", StringComparison.Ordinal)).ToArray();
        var matches = captureNodes.Where(e => e == nameOrSerial).ToArray();
        if (matches.Length == 0)
        {
            matches = captureNodes.Where(e => e.Contains(nameOrSerial, StringComparison.OrdinalIgnoreCase)).ToArray();
        }
        if (matches.Length == 0)
        {
            var present = entries.Length == 0 ? $"{ByIdDirectory} is empty or missing (is a camera plugged in?)" : "present: " + string.Join(", ", entries);
            throw new CaptureException($"no V4L2 capture node named or containing '{nameOrSerial}' in {ByIdDirectory}; {present}");
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

    [GeneratedRegex(@"^video(\d+)$")]
    private static partial Regex VideoNode();
}
