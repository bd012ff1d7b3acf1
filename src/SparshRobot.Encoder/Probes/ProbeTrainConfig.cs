using SparshRobot.Core.IO;
using YamlDotNet.Serialization;

namespace SparshRobot.Encoder.Probes;

/// <summary>Copies of every training sample with shifted lighting (<see cref="PhotometricJitter"/>).</summary>
public sealed class ProbeJitterSection
{
    /// <summary>Shifted copies per training sample; 0: none.</summary>
    public int Copies { get; set; }

    /// <summary>Largest shift of a copy, grey levels per colour.</summary>
    public int MaxShift { get; set; } = 3;

    public PhotometricJitter? Jitter => Copies > 0 ? new PhotometricJitter(Copies, MaxShift) : null;
}

/// <summary>
/// <c>probe train</c>'s settings, from an optional YAML file (relative paths against its folder) with the command
/// line's over them; the effective text is saved with the probe.
/// </summary>
public sealed class ProbeTrainConfig
{
    public const string DigitSensor = "digit";
    public const string GelSightMiniSensor = "gelsight-mini";

    public ProbeTask? Task { get; set; }

    /// <summary>Dataset root: <c>&lt;root&gt;/{train,test}/&lt;episode&gt;/inputs.npy</c> plus the task's label files (<see cref="TactileDataset"/>).</summary>
    public string Dataset { get; set; } = "";

    /// <summary>The frozen encoder checkpoint.</summary>
    public string Encoder { get; set; } = "";

    /// <summary>Encoder attention heads when the checkpoint does not say.</summary>
    public int? EncoderHeads { get; set; }

    /// <summary>Embedding cache folder; default <c>&lt;dataset&gt;/.embeddings</c>.</summary>
    public string? Cache { get; set; }

    /// <summary>Run folder: probe.safetensors, metrics.json, the curves and config.yaml.</summary>
    public string Output { get; set; } = "";

    /// <summary><see cref="DigitSensor"/> or <see cref="GelSightMiniSensor"/>: the force normalization.</summary>
    public string Sensor { get; set; } = DigitSensor;

    public string Device { get; set; } = "cpu";

    public ProbeTrainingOptions Training { get; set; } = new();

    public ProbeJitterSection Jitter { get; set; } = new();

    /// <summary>The effective YAML these settings were read from.</summary>
    [YamlIgnore]
    public string Text { get; private set; } = "";

    /// <summary>The trainer's options, with the sensor's normalization.</summary>
    [YamlIgnore]
    public ProbeTrainingOptions Options => Training with
    {
        Normalization = Sensor == GelSightMiniSensor ? ProbeNormalization.GelSightMini : ProbeNormalization.Digit,
    };

    /// <param name="path">The configuration file; null: every setting from <paramref name="overrides"/> or its default,
    /// relative paths against the working folder.</param>
    /// <param name="overrides"><c>section.key=value</c> settings over the file's.</param>
    public static ProbeTrainConfig Load(string? path, IReadOnlyList<string> overrides)
    {
        var (config, text, folder, source) = YamlConfig.LoadRun<ProbeTrainConfig>(path, overrides, "probe configuration");
        config.Text = text;
        config.Dataset = YamlConfig.ResolvePath(folder, config.Dataset, source, "dataset");
        config.Encoder = YamlConfig.ResolvePath(folder, config.Encoder, source, "encoder");
        config.Output = YamlConfig.ResolvePath(folder, config.Output, source, "output");
        config.Cache = string.IsNullOrWhiteSpace(config.Cache) ? null : YamlConfig.ResolvePath(folder, config.Cache, source, "cache");
        config.Validate(source);
        return config;
    }

    private void Validate(string source)
    {
        void Require(bool ok, string key, object? value, string expected) => YamlConfig.Require(ok, source, key, value, expected);
        var t = Training;
        Require(Task is not null, "task", Task, "force, slip, pose or grasp");
        Require(EncoderHeads is null or >= 1, "encoder_heads", EncoderHeads, "at least 1");
        Require(Sensor is DigitSensor or GelSightMiniSensor, "sensor", Sensor, $"{DigitSensor} or {GelSightMiniSensor}");
        Require(t.Epochs >= 1, "training.epochs", t.Epochs, "at least 1");
        Require(t.BatchSize >= 1, "training.batch_size", t.BatchSize, "at least 1");
        Require(t.LearningRate > 0, "training.learning_rate", t.LearningRate, "a positive rate");
        Require(t.PoolerHeads >= 1, "training.pooler_heads", t.PoolerHeads, "at least 1");
        Require(Jitter.Copies >= 0, "jitter.copies", Jitter.Copies, "0 (none) or more");
        Require(Jitter.MaxShift >= 1, "jitter.max_shift", Jitter.MaxShift, "at least 1 (grey levels)");
    }
}
