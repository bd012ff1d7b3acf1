using SparshRobot.Ros.Bags;
using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Messages.GeometryMsgs;
using SparshRobot.Ros.Messages.SensorMsgs;
using YamlDotNet.RepresentationModel;
using Header = SparshRobot.Ros.Messages.StdMsgs.Header;

namespace SparshRobot.Policy.Datasets.Building;

/// <summary>A bag that cannot become an episode, with the reason reported to the user (never padded over).</summary>
public sealed class EpisodeRejectedException(string reason) : Exception(reason);

/// <summary>One required stream of a bag: its type and its stamps (nanoseconds on the configured clock) in bag order.</summary>
public sealed record ScannedStream(string Topic, string Type, long[] Stamps);

/// <summary>A tactile stream with its native-rate frame numbers and where its background comes from.</summary>
public sealed record ScannedSensor(SensorBuildConfig Config, ScannedStream Stream, long[] Sequences, string? BackgroundFile);

/// <summary>Everything decided about one bag before any image is decoded: the policy ticks and what each stream holds.</summary>
public sealed record EpisodeScan(string Name, string Bag, bool Success, ScannedStream State, double[][] Positions, IReadOnlyList<ScannedSensor> Sensors, long[] Ticks)
{
    /// <summary>Policy steps kept: one tick fewer than sampled, as the last tick only supplies the last action's target.</summary>
    public int Steps => Ticks.Length - 1;
}

/// <summary>
/// First pass over a bag: reads the stamps of every required stream with the indexed reader, one topic at a time
/// (images only down to their header), and rejects the bag for a missing topic, a wrong type, stamps going
/// backwards, a gap beyond <see cref="DatasetBuildConfig.MaxGapS"/>, a missing background or too few steps.
/// </summary>
public static class BagScanner
{
    public const string EpisodeFile = "episode.yaml";

    public static EpisodeScan Scan(string bagPath, DatasetBuildConfig config)
    {
        using var bag = RosBag.Open(bagPath);
        var folder = Directory.Exists(bagPath) ? bagPath : Path.GetDirectoryName(Path.GetFullPath(bagPath))!;
        var name = EpisodeName(bagPath);
        var success = ReadSuccess(Path.Combine(folder, EpisodeFile));
        if (config.SkipFailed && !success)
        {
            throw new EpisodeRejectedException($"{EpisodeFile} says the demonstration failed (success: false) and skip_failed is set");
        }
        CheckCalibrationDates(bag, config);

        var state = ReadStream(bag, config, config.StateTopic, [PoseStamped.TypeName], out var poses);
        var sensors = new List<ScannedSensor>();
        foreach (var sensor in config.Sensors)
        {
            var stream = ReadStream(bag, config, sensor.Topic, [Image.TypeName, CompressedImage.TypeName], out _);
            var nativeHz = DatasetBuildConfig.NativeHzOf(sensor);
            var (sequences, collision) = Resampling.NativeSequences(stream.Stamps, nativeHz);
            if (collision >= 0)
            {
                throw new EpisodeRejectedException(
                    $"{sensor.Topic}: frames {collision - 1} and {collision} are {(stream.Stamps[collision] - stream.Stamps[collision - 1]) / 1e9:0.####} s apart, " +
                    $"less than half a native period at native_hz {nativeHz}: set sensors[].native_hz to the sensor's rate");
            }
            sensors.Add(new ScannedSensor(sensor, stream, sequences, BackgroundFile(sensor, folder)));
        }

        var streams = sensors.Select(s => s.Stream).Prepend(state).ToList();
        var start = streams.Max(s => s.Stamps[0]);
        var end = streams.Min(s => s.Stamps[^1]);
        var ticks = Resampling.Ticks(start, end, config.RateHz);
        if (ticks.Length - 1 < config.MinSteps)
        {
            throw new EpisodeRejectedException(
                $"only {Math.Max(ticks.Length - 1, 0)} steps at {config.RateHz} Hz where all required streams overlap ({Math.Max(end - start, 0) / 1e9:0.###} s); min_steps is {config.MinSteps}");
        }
        return new EpisodeScan(name, bagPath, success, state, poses, sensors, ticks);
    }

    /// <summary>The episode name: the bag folder's name, or a storage file's name without extension.</summary>
    public static string EpisodeName(string bagPath)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(bagPath));
        return Directory.Exists(full) ? Path.GetFileName(full) : Path.GetFileNameWithoutExtension(full);
    }

    /// <summary>Stamp (ns) of a message on the configured clock.</summary>
    public static long StampOf(BagMessage message, DatasetClock clock)
    {
        if (clock == DatasetClock.Receive)
        {
            return message.LogTimeNs;
        }
        var reader = new CdrReader(message.Data.Span);
        var stamp = Header.Deserialize(ref reader).Stamp;
        return stamp.Sec * 1_000_000_000L + stamp.Nanosec;
    }

    private static ScannedStream ReadStream(RosBag bag, DatasetBuildConfig config, string topic, string[] types, out double[][] positions)
    {
        var connection = bag.Connections.FirstOrDefault(c => c.Name == topic)
            ?? throw new EpisodeRejectedException($"missing topic {topic}");
        if (!types.Contains(connection.Type))
        {
            throw new EpisodeRejectedException($"{topic} has type {connection.Type}, expected {string.Join(" or ", types)}");
        }
        var stamps = new List<long>();
        var rows = new List<double[]>();
        var maxGap = (long)(config.MaxGapS * 1e9);
        foreach (var message in bag.ReadMessages([topic]))
        {
            var stamp = StampOf(message, config.Clock);
            if (stamps.Count > 0)
            {
                var step = stamp - stamps[^1];
                var at = (stamps[^1] - stamps[0]) / 1e9;
                if (step < 0)
                {
                    throw new EpisodeRejectedException(
                        $"{topic}: clock jump, stamps go back by {-step / 1e9:0.###} s at message {stamps.Count} ({at:0.###} s after its first message)");
                }
                if (step > maxGap)
                {
                    throw new EpisodeRejectedException(
                        $"{topic}: gap of {step / 1e9:0.###} s at {at:0.###} s after its first message (max_gap_s {config.MaxGapS})");
                }
            }
            stamps.Add(stamp);
            if (connection.Type == PoseStamped.TypeName)
            {
                var p = RosSerializer.Deserialize<PoseStamped>(message.Data.Span).Pose.Position;
                rows.Add([p.X, p.Y, p.Z]);
            }
        }
        if (stamps.Count == 0)
        {
            throw new EpisodeRejectedException($"missing topic {topic}: declared but holds no message");
        }
        positions = [.. rows];
        return new ScannedStream(topic, connection.Type, [.. stamps]);
    }

    /// <summary>Bags stamped on a simulated clock start near the epoch; their dates say nothing about the gel.</summary>
    private static readonly DateTime WallClockFrom = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// Rejects a bag recorded too long before or after a serial sensor's calibration, whose background would then
    /// subtract a gel and lighting the recording never saw.
    /// </summary>
    private static void CheckCalibrationDates(RosBag bag, DatasetBuildConfig config)
    {
        var recorded = DateTime.UnixEpoch.AddTicks(bag.StartNs / 100);
        if (config.CalibrationMaxAgeDays <= 0 || recorded < WallClockFrom)
        {
            return;
        }
        foreach (var sensor in config.Sensors)
        {
            if (sensor.CalibratedUtc is not { } calibrated)
            {
                continue;
            }
            var apart = (recorded - calibrated).Duration();
            if (apart.TotalDays > config.CalibrationMaxAgeDays)
            {
                throw new EpisodeRejectedException(
                    $"recorded {recorded:yyyy-MM-dd}, but sensor '{sensor.Name}' (serial {sensor.Serial}) was calibrated {calibrated:yyyy-MM-dd}, " +
                    $"{apart.TotalDays:F0} days apart (calibration_max_age_days {config.CalibrationMaxAgeDays:0.##}): build from the calibration made " +
                    "when the bag was recorded (calibration_root), or raise calibration_max_age_days if the gel and lighting did not change");
            }
        }
    }

    private static string? BackgroundFile(SensorBuildConfig sensor, string folder)
    {
        var configured = sensor.BackgroundOrDefault;
        if (configured == SensorBuildConfig.FirstFrame)
        {
            return null;
        }
        var path = Path.IsPathRooted(configured) ? configured : Path.Combine(folder, configured);
        return File.Exists(path)
            ? path
            : throw new EpisodeRejectedException($"sensor {sensor.Name}: background file {path} is missing (set sensors[].background, or first_frame)");
    }

    /// <summary>episode.yaml's <c>success:</c>; true when the recording says nothing.</summary>
    private static bool ReadSuccess(string path)
    {
        if (!File.Exists(path))
        {
            return true;
        }
        var yaml = new YamlStream();
        using (var reader = new StringReader(File.ReadAllText(path)))
        {
            yaml.Load(reader);
        }
        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode map
            || !map.Children.TryGetValue(new YamlScalarNode("success"), out var node))
        {
            return true;
        }
        return node is YamlScalarNode { Value: { } v } && bool.TryParse(v, out var ok)
            ? ok
            : throw new EpisodeRejectedException($"{path}: success is '{node}', expected true or false");
    }
}
