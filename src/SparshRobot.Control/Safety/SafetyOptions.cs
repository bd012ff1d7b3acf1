using SparshRobot.Control.Laws;
using SparshRobot.Core.Geometry;
using SparshRobot.Core.IO;
using YamlDotNet.RepresentationModel;

namespace SparshRobot.Control.Safety;

/// <summary>The input streams a <see cref="SafetyGuard"/> watches by default; a caller may watch any other by name.</summary>
public static class SafetyStreams
{
    /// <summary>The reported end-effector pose (fed by <see cref="SafeHand.Read"/>).</summary>
    public const string Pose = "pose";

    /// <summary>Tactile frames or estimates.</summary>
    public const string Tactile = "tactile";

    /// <summary>The policy's planned trajectory.</summary>
    public const string Plan = "plan";
}

/// <summary>
/// Every limit of the safety layer. Metres, radians, seconds, newtons, world frame. See docs/safety.md for each
/// parameter's name in the params YAML (<see cref="Parse"/>).
/// </summary>
/// <param name="Limits">Workspace box, linear and angular speed and acceleration, grip range.</param>
/// <param name="HoldGrip">Grip held while stopped; null keeps the last grip the guard let through.</param>
/// <param name="HeartbeatTimeout">The operator's heartbeat (deadman) may be silent this long before the hand holds; 0: no heartbeat is required.</param>
/// <param name="Deadlines">Per input stream, how long it may be silent before the hand holds; a deadline of 0 leaves the stream unwatched.</param>
/// <param name="DryRun">Commands go to the shadow sink, never to the robot.</param>
public sealed record SafetyOptions(
    MotionLimitOptions Limits,
    double? HoldGrip = null,
    double HeartbeatTimeout = 0.5,
    IReadOnlyDictionary<string, double>? Deadlines = null,
    bool DryRun = false)
{
    /// <summary>The watchdog's deadlines by default, the control layer's own (<see cref="WatchdogOptions"/>).</summary>
    public static IReadOnlyDictionary<string, double> DefaultDeadlines { get; } = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        [SafetyStreams.Pose] = WatchdogOptions.Default.Pose,
        [SafetyStreams.Tactile] = WatchdogOptions.Default.Tactile,
        [SafetyStreams.Plan] = WatchdogOptions.Default.Plan,
    };

    public static SafetyOptions Default { get; } = new(MotionLimitOptions.Default);

    /// <summary>The deadlines in force (the defaults when none were given).</summary>
    public IReadOnlyDictionary<string, double> Watched => Deadlines ?? DefaultDeadlines;

    /// <summary>The section parameters files keep these options under, in the node's <c>ros__parameters</c>.</summary>
    public const string Section = "safety";

    /// <summary>The options in the params file at <paramref name="path"/> (see <see cref="Parse"/>).</summary>
    public static SafetyOptions Load(string path, string node) =>
        File.Exists(path) ? Parse(File.ReadAllText(path), path, node) : throw new FileNotFoundException($"{path}: no such parameters file", path);

    /// <summary>
    /// The options of <paramref name="node"/> in a ROS 2 parameters file (the shape <c>--params-file</c> takes):
    /// <c>node: ros__parameters: safety: {...}</c>, the node's entry named with or without its leading slash, or
    /// <c>/**</c> when the file has no entry of the node's own. Keys left out keep their defaults; no safety section: all defaults.
    /// </summary>
    /// <exception cref="InvalidDataException">A key is unknown, a value of the wrong type or out of range; the message names the file, line and key.</exception>
    public static SafetyOptions Parse(string yaml, string source, string node)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new InvalidDataException($"{source}: line {e.Start.Line}: {e.InnerException?.Message ?? e.Message}", e);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root || Find(root, node) is not { } section)
        {
            return Default;
        }
        // Only the safety section is read as settings (the node's other parameters are not ours), at its own lines
        // and columns so errors point into the file as written: from its first key to the end of its last value's line
        // (a block mapping's own end mark does not reach past its first key).
        var start = section.Start;
        var end = yaml.IndexOf('\n', (int)LastIndex(section));
        var text = new string('\n', (int)start.Line - 1) + new string(' ', (int)start.Column - 1) + yaml[(int)start.Index..(end < 0 ? yaml.Length : end)];
        var where = $"{source} ({node}: ros__parameters: {Section})";
        var dto = YamlConfig.Parse<SafetyFile>(text, where) ?? new SafetyFile();
        return dto.ToOptions(where);
    }

    private static long LastIndex(YamlNode node) => node switch
    {
        YamlMappingNode map => map.Children.Values.Select(LastIndex).DefaultIfEmpty(node.End.Index).Max(),
        YamlSequenceNode list => list.Children.Select(LastIndex).DefaultIfEmpty(node.End.Index).Max(),
        _ => node.End.Index,
    };

    private static YamlMappingNode? Find(YamlMappingNode root, string node)
    {
        var name = "/" + node.TrimStart('/');
        YamlMappingNode? wildcard = null;
        foreach (var (key, value) in root.Children)
        {
            var text = "/" + (((YamlScalarNode)key).Value ?? "").TrimStart('/');
            if (text != name && text != "/**")
            {
                continue;
            }
            var found = value is YamlMappingNode entry && entry.Children.TryGetValue(new YamlScalarNode("ros__parameters"), out var parameters)
                && parameters is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(Section), out var safety)
                ? safety as YamlMappingNode
                : null;
            if (text == name && found is not null)
            {
                return found;
            }
            wildcard ??= text == "/**" ? found : null;
        }
        return wildcard;
    }

    /// <summary>The safety section as written: every key optional (its default).</summary>
    private sealed class SafetyFile
    {
        public List<double>? WorkspaceMin { get; set; }

        public List<double>? WorkspaceMax { get; set; }

        public double? MaxSpeed { get; set; }

        public double? MaxAcceleration { get; set; }

        public double? MaxAngularSpeed { get; set; }

        public double? MaxAngularAcceleration { get; set; }

        public double? MinGrip { get; set; }

        public double? MaxGrip { get; set; }

        public double? HoldGrip { get; set; }

        public double? HeartbeatTimeout { get; set; }

        public Dictionary<string, double>? Watchdog { get; set; }

        public bool? DryRun { get; set; }

        public SafetyOptions ToOptions(string source)
        {
            void Require(bool ok, string key, object? value, string expected) => YamlConfig.Require(ok, source, key, value, expected);
            Vec3? Corner(List<double>? xyz, string key)
            {
                if (xyz is null)
                {
                    return null;
                }
                Require(xyz.Count == 3 && xyz.All(double.IsFinite), key, xyz, "[x, y, z] in metres (three finite numbers)");
                return new Vec3(xyz[0], xyz[1], xyz[2]);
            }
            double Positive(double? value, double fallback, string key, string unit)
            {
                Require(value is null || (value > 0 && double.IsFinite(value.Value)), key, value, $"a positive number of {unit}");
                return value ?? fallback;
            }
            double NonNegative(double? value, double fallback, string key, string unit)
            {
                Require(value is null || (value >= 0 && double.IsFinite(value.Value)), key, value, $"zero or a positive number of {unit}");
                return value ?? fallback;
            }

            var d = MotionLimitOptions.Default;
            var lo = Corner(WorkspaceMin, "workspace_min");
            var hi = Corner(WorkspaceMax, "workspace_max");
            Require((lo is null) == (hi is null), lo is null ? "workspace_min" : "workspace_max", null, "both corners of the workspace box, or neither");
            if (lo is { } a && hi is { } b)
            {
                Require(a.X < b.X && a.Y < b.Y && a.Z < b.Z, "workspace_max", WorkspaceMax, $"above workspace_min [{a.X}, {a.Y}, {a.Z}] on every axis");
            }
            var limits = new MotionLimitOptions(
                Positive(MaxSpeed, d.MaxSpeed, "max_speed", "m/s"),
                Positive(MaxAcceleration, d.MaxAcceleration, "max_acceleration", "m/s^2"),
                lo,
                hi,
                NonNegative(MinGrip, d.MinGrip, "min_grip", "N"),
                Positive(MaxGrip, d.MaxGrip, "max_grip", "N"),
                Positive(MaxAngularSpeed, d.MaxAngularSpeed, "max_angular_speed", "rad/s"),
                Positive(MaxAngularAcceleration, d.MaxAngularAcceleration, "max_angular_acceleration", "rad/s^2"));
            Require(limits.MinGrip <= limits.MaxGrip, "min_grip", limits.MinGrip, $"at most max_grip ({limits.MaxGrip} N)");
            Require(HoldGrip is null || (HoldGrip >= limits.MinGrip && HoldGrip <= limits.MaxGrip), "hold_grip", HoldGrip,
                $"a grip within [min_grip, max_grip] = [{limits.MinGrip}, {limits.MaxGrip}] N");
            var deadlines = new Dictionary<string, double>(DefaultDeadlines, StringComparer.Ordinal);
            foreach (var (stream, deadline) in Watchdog ?? [])
            {
                deadlines[stream] = NonNegative(deadline, 0, $"watchdog.{stream}", "seconds (0: not watched)");
            }
            return new SafetyOptions(limits, HoldGrip, NonNegative(HeartbeatTimeout, Default.HeartbeatTimeout, "heartbeat_timeout", "seconds (0: no heartbeat required)"),
                deadlines, DryRun ?? false);
        }
    }
}
