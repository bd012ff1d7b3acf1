using SparshRobot.Core.IO;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace SparshRobot.Policy.Datasets;

/// <summary>One tactile sensor of a dataset: its short name (a folder name) and the bag topic it came from.</summary>
public sealed class DatasetSensor
{
    public string Name { get; set; } = "";

    public string Topic { get; set; } = "";
}

/// <summary>One episode (one source bag) kept in the dataset.</summary>
public sealed class DatasetEpisode
{
    public string Name { get; set; } = "";

    /// <summary><see cref="PolicyDataset.TrainSplit"/> or <see cref="PolicyDataset.ValidationSplit"/>.</summary>
    public string Split { get; set; } = "";

    /// <summary>Samples at the policy rate.</summary>
    public int Steps { get; set; }

    public string Bag { get; set; } = "";

    /// <summary>Whether the demonstration reached the goal (from the recording's episode.yaml; true when unknown).</summary>
    public bool Success { get; set; } = true;
}

/// <summary>A bag the builder refused, and why (missing topic, gap, clock jump, ...): reported, never padded.</summary>
public sealed class SkippedBag
{
    public string Bag { get; set; } = "";

    public string Reason { get; set; } = "";
}

/// <summary>
/// <c>dataset.yaml</c>: what a policy dataset holds and how it was sampled. Everything a policy needs to build the
/// same observations at run time (rate, stride, image size, sensors, features) is here, so the policy's observation
/// spec is derived from it rather than restated.
/// </summary>
public sealed class DatasetManifest
{
    public const string FormatName = "sparsh-robot/policy-dataset";

    /// <summary>
    /// 2: a sensor's inputs may be its recorded frames (<c>frames.bin</c>) instead of the stacks themselves; 1: always
    /// <c>inputs.npy</c>. New datasets are version 2; version 1 datasets still open.
    /// </summary>
    public const int CurrentVersion = 2;

    public const int OldestVersion = 1;

    private static readonly ISerializer _serializer = new SerializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    public string Format { get; set; } = FormatName;

    public int Version { get; set; } = CurrentVersion;

    /// <summary>Policy rate: every stream is resampled to this clock.</summary>
    public double RateHz { get; set; }

    /// <summary>Frames between the two images of a tactile stack, counted at the sensor's native rate.</summary>
    public int FrameStride { get; set; } = 5;

    public int ImageHeight { get; set; } = 224;

    public int ImageWidth { get; set; } = 224;

    public List<DatasetSensor> Sensors { get; set; } = [];

    /// <summary>Proprioceptive state columns of <c>state.npy</c>, e.g. <c>[x, y, z]</c> of the end effector, metres.</summary>
    public List<string> StateFeatures { get; set; } = [];

    /// <summary>Action columns of <c>action.npy</c>, e.g. <c>[dx, dy, dz]</c>: next state minus this state.</summary>
    public List<string> ActionFeatures { get; set; } = [];

    public List<DatasetEpisode> Episodes { get; set; } = [];

    public List<SkippedBag> Skipped { get; set; } = [];

    /// <summary>The build configuration as given, kept for provenance.</summary>
    public string BuildConfig { get; set; } = "";

    public static DatasetManifest Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no dataset manifest (expected a folder made by 'sparsh-robot dataset build')", path);
        }
        var manifest = YamlConfig.Parse<DatasetManifest>(File.ReadAllText(path), path)
            ?? throw new InvalidDataException($"{path}: the manifest is empty");
        manifest.Validate(path);
        return manifest;
    }

    /// <summary>Writes through a temporary file and a rename so a crash never leaves half a manifest.</summary>
    public void Save(string path)
    {
        Validate(path);
        AtomicFile.WriteAllText(path, _serializer.Serialize(this));
    }

    public void Validate(string source)
    {
        if (Format != FormatName)
        {
            throw new InvalidDataException($"{source}: format is '{Format}', expected '{FormatName}'");
        }
        if (Version is < OldestVersion or > CurrentVersion)
        {
            throw new InvalidDataException($"{source}: version {Version} is not supported (this build reads versions {OldestVersion} to {CurrentVersion})");
        }
        if (!(RateHz > 0))
        {
            throw new InvalidDataException($"{source}: rate_hz is {RateHz}, expected a positive rate");
        }
        if (FrameStride < 1 || ImageHeight < 16 || ImageWidth < 16)
        {
            throw new InvalidDataException($"{source}: frame_stride {FrameStride}, image {ImageHeight}x{ImageWidth}: expected a stride >= 1 and an image of at least 16x16");
        }
        if (Sensors.Count == 0 || Sensors.Any(s => string.IsNullOrWhiteSpace(s.Name)) || Sensors.Select(s => s.Name).Distinct().Count() != Sensors.Count)
        {
            throw new InvalidDataException($"{source}: sensors must be a non-empty list of distinct names");
        }
        if (StateFeatures.Count == 0 || ActionFeatures.Count == 0)
        {
            throw new InvalidDataException($"{source}: state_features and action_features must not be empty");
        }
        var duplicate = Episodes.GroupBy(e => e.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidDataException($"{source}: episode '{duplicate.Key}' is listed twice");
        }
        var badSplit = Episodes.FirstOrDefault(e => e.Split is not (PolicyDataset.TrainSplit or PolicyDataset.ValidationSplit));
        if (badSplit is not null)
        {
            throw new InvalidDataException($"{source}: episode '{badSplit.Name}' has split '{badSplit.Split}', expected '{PolicyDataset.TrainSplit}' or '{PolicyDataset.ValidationSplit}'");
        }
    }
}
