using SparshRobot.Core.IO;
using SparshRobot.Core.Sensing;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Tactile.Profiles;
using YamlDotNet.Serialization;

namespace SparshRobot.Policy.Datasets.Building;

/// <summary>Which time a message is placed at on the policy clock.</summary>
public enum DatasetClock
{
    /// <summary><c>header.stamp</c>: when the sensor captured it (the default; survives recorder latency).</summary>
    Header,

    /// <summary>The bag's receive (log) time, for topics whose headers are not filled in.</summary>
    Receive,
}

/// <summary>One tactile sensor to take from the bags.</summary>
public sealed class SensorBuildConfig
{
    /// <summary>Short name: the dataset's sensor folder and the LeRobot image key.</summary>
    public string Name { get; set; } = "";

    /// <summary>sensor_msgs/msg/Image or sensor_msgs/msg/CompressedImage; the bag's topic type decides which.</summary>
    public string Topic { get; set; } = "";

    /// <summary>Sensor profile (<see cref="SensorProfile.FromName"/>): frame size and whether the background is subtracted.</summary>
    public string Profile { get; set; } = SensorProfile.Digit.Name;

    /// <summary>The sensor's native frame rate; 0 takes the profile's. The stride counts frames at this rate.</summary>
    public double NativeHz { get; set; }

    /// <summary>
    /// <see cref="FirstFrame"/>, an absolute image file, or a path relative to each bag folder; empty means
    /// <c>background/digit_&lt;name&gt;.png</c> in the bag folder (what the recorder writes).
    /// </summary>
    public string Background { get; set; } = "";

    public const string FirstFrame = "first_frame";

    /// <summary>
    /// A calibrated sensor's serial instead of <see cref="Background"/>: its background is the one
    /// <c>sparsh-robot calibrate background --serial S</c> wrote under the config's <c>calibration_root</c>.
    /// </summary>
    public string Serial { get; set; } = "";

    /// <summary>When the <see cref="Serial"/> calibration was captured (its sidecar); null without a serial or sidecar.</summary>
    [YamlIgnore]
    public DateTime? CalibratedUtc { get; set; }

    public string BackgroundOrDefault => string.IsNullOrWhiteSpace(Background) ? Path.Combine("background", $"digit_{Name}.png") : Background;
}

/// <summary>
/// The YAML a dataset build takes (<c>policies/datasets/*.yaml</c>): rates, stride, image size, topics, backgrounds,
/// the split and the bounds beyond which a bag is skipped.
/// </summary>
public sealed class DatasetBuildConfig
{
    /// <summary>Policy rate: every stream is resampled to ticks 1/rate apart.</summary>
    public double RateHz { get; set; } = 10;

    /// <summary>Frames between the two images of a stack at the sensor's native rate.</summary>
    public int FrameStride { get; set; } = 5;

    public int ImageHeight { get; set; } = SparshInputSize.ForceField.Height;

    public int ImageWidth { get; set; } = SparshInputSize.ForceField.Width;

    /// <summary>geometry_msgs/msg/PoseStamped of the end effector; its position is the state.</summary>
    public string StateTopic { get; set; } = "/robot/ee_pose";

    /// <summary>Folder of per-serial calibrations for sensors given by <c>serial</c> (relative: to the working directory, as the nodes take it).</summary>
    public string CalibrationRoot { get; set; } = "calibration";

    /// <summary>
    /// A bag recorded more than this many days before or after its serial sensors' calibration is skipped: the gel and
    /// LEDs drift, so the background no longer subtracts cleanly. 0 turns the check off.
    /// </summary>
    public double CalibrationMaxAgeDays { get; set; } = SensorCalibration.DefaultMaxAge.TotalDays;

    public List<SensorBuildConfig> Sensors { get; set; } = [];

    public DatasetClock Clock { get; set; } = DatasetClock.Header;

    /// <summary>A bag whose required stream pauses longer than this (or whose stamps go backwards) is skipped.</summary>
    public double MaxGapS { get; set; } = 0.25;

    /// <summary>Bags yielding fewer policy steps are skipped.</summary>
    public int MinSteps { get; set; } = 10;

    /// <summary>Share of episodes held out for validation (at least one when there are two or more).</summary>
    public double ValRatio { get; set; } = 0.1;

    public int SplitSeed { get; set; }

    /// <summary>Skip episodes whose episode.yaml says the bead did not reach the end stop.</summary>
    public bool SkipFailed { get; set; }

    /// <summary>The file this was loaded from, for error messages.</summary>
    [YamlIgnore]
    public string Source { get; private set; } = "";

    /// <summary>The YAML text as given, kept in the manifest for provenance and to refuse resuming with another config.</summary>
    [YamlIgnore]
    public string Text { get; private set; } = "";

    public SparshInputSize ImageSize => new(ImageHeight, ImageWidth);

    public static DatasetBuildConfig Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such dataset build config", path);
        }
        return Parse(File.ReadAllText(path), path);
    }

    public static DatasetBuildConfig Parse(string yaml, string source)
    {
        DatasetBuildConfig config;
        config = YamlConfig.Parse<DatasetBuildConfig>(yaml, source) ?? throw new InvalidDataException($"{source}: the config is empty");
        config.Source = source;
        config.Text = yaml;
        config.Validate();
        config.ResolveSerials();
        return config;
    }

    /// <summary>The sensor's native rate: the configured one, else its profile's.</summary>
    public static double NativeHzOf(SensorBuildConfig sensor) => sensor.NativeHz > 0 ? sensor.NativeHz : SensorProfile.FromName(sensor.Profile).NativeFps;

    private void Validate()
    {
        if (!(RateHz > 0) || double.IsInfinity(RateHz))
        {
            Fail("rate_hz", RateHz, "a positive rate in Hz");
        }
        if (FrameStride < 1)
        {
            Fail("frame_stride", FrameStride, "a stride of at least 1 frame");
        }
        if (ImageHeight < 16 || ImageWidth < 16)
        {
            Fail("image_height/image_width", $"{ImageHeight}x{ImageWidth}", "an image of at least 16x16");
        }
        if (string.IsNullOrWhiteSpace(StateTopic) || !StateTopic.StartsWith('/'))
        {
            Fail("state_topic", StateTopic, "an absolute topic name such as /robot/ee_pose");
        }
        if (!(MaxGapS > 0) || MaxGapS * RateHz < 1)
        {
            Fail("max_gap_s", MaxGapS, $"a positive bound of at least one policy period ({1 / RateHz:0.###} s)");
        }
        if (!(CalibrationMaxAgeDays >= 0))
        {
            Fail("calibration_max_age_days", CalibrationMaxAgeDays, "0 (no check) or a positive number of days");
        }
        if (MinSteps < 1)
        {
            Fail("min_steps", MinSteps, "at least 1");
        }
        if (!(ValRatio >= 0 && ValRatio < 1))
        {
            Fail("val_ratio", ValRatio, "a fraction in [0, 1)");
        }
        if (Sensors.Count == 0)
        {
            Fail("sensors", "[]", "at least one sensor with name and topic");
        }
        for (var i = 0; i < Sensors.Count; i++)
        {
            var s = Sensors[i];
            if (string.IsNullOrWhiteSpace(s.Name) || s.Name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || s.Name.Contains('.'))
            {
                Fail($"sensors[{i}].name", s.Name, "a short name usable as a folder name, without dots (e.g. thumb)");
            }
            if (string.IsNullOrWhiteSpace(s.Topic) || !s.Topic.StartsWith('/'))
            {
                Fail($"sensors[{i}].topic", s.Topic, "an absolute topic name such as /tactile/thumb/image_raw/compressed");
            }
            if (!SensorProfile.All.Any(p => string.Equals(p.Name, s.Profile, StringComparison.OrdinalIgnoreCase)))
            {
                Fail($"sensors[{i}].profile", s.Profile, $"one of {string.Join(", ", SensorProfile.All.Select(p => p.Name))}");
            }
            if (s.NativeHz < 0 || double.IsInfinity(s.NativeHz))
            {
                Fail($"sensors[{i}].native_hz", s.NativeHz, "a positive rate, or 0 for the profile's");
            }
        }
        for (var i = 0; i < Sensors.Count; i++)
        {
            var s = Sensors[i];
            if (s.Serial.Length == 0)
            {
                continue;
            }
            if (!string.IsNullOrWhiteSpace(s.Background))
            {
                Fail($"sensors[{i}].serial", s.Serial, "either serial or background, not both");
            }
            if (s.Serial.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || s.Serial is "." or "..")
            {
                Fail($"sensors[{i}].serial", s.Serial, "a serial usable as a folder name");
            }
            var file = SerialBackground(s.Serial);
            if (!File.Exists(file))
            {
                Fail($"sensors[{i}].serial", s.Serial, $"a calibrated sensor: {file} is missing (run sparsh-robot calibrate background --serial {s.Serial} --out {CalibrationRoot})");
            }
        }
        var duplicate = Sensors.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            Fail("sensors", duplicate.Key, "distinct sensor names");
        }
        if (Sensors.Any(s => s.Topic == StateTopic))
        {
            Fail("sensors", StateTopic, "tactile topics other than state_topic");
        }
    }

    /// <summary>Sensors given by serial take their calibration's background file (absolute, since bag folders resolve relative ones).</summary>
    private void ResolveSerials()
    {
        for (var i = 0; i < Sensors.Count; i++)
        {
            if (Sensors[i].Serial.Length > 0)
            {
                Sensors[i].Background = SerialBackground(Sensors[i].Serial);
                var sidecar = Path.Combine(Path.GetDirectoryName(Sensors[i].Background)!, BackgroundStore.SidecarName);
                Sensors[i].CalibratedUtc = File.Exists(sidecar) ? BackgroundStore.ReadSidecar(sidecar).CapturedUtc : null;
            }
        }
    }

    private string SerialBackground(string serial) =>
        Path.GetFullPath(Path.Combine(BackgroundStore.DirectoryFor(CalibrationRoot, serial), BackgroundStore.ImageName));

    private void Fail(string field, object value, string expected) =>
        throw new InvalidDataException($"{Source}: {field} is '{value}', expected {expected}");
}
