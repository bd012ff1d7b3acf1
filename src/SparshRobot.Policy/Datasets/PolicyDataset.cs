using SparshRobot.Core.Numerics;
using SparshRobot.Core.Sensing;
using SparshRobot.Policy.Datasets.Frames;

namespace SparshRobot.Policy.Datasets;

/// <summary>
/// A behaviour-cloning dataset on disk, made by <c>sparsh-robot dataset build</c> from teleop bags:
/// <code>
/// &lt;root&gt;/dataset.yaml                          manifest (rate, stride, sensors, features, episodes, skipped bags)
/// &lt;root&gt;/stats.yaml                            training-split statistics of state and action
/// &lt;root&gt;/&lt;split&gt;/&lt;episode&gt;/stamps.npy         (T) int64, nanoseconds on the bag clock, one per policy step
/// &lt;root&gt;/&lt;split&gt;/&lt;episode&gt;/state.npy          (T, S) float32, e.g. end-effector x, y, z in metres
/// &lt;root&gt;/&lt;split&gt;/&lt;episode&gt;/action.npy         (T, A) float32, state[t+1] - state[t]
/// &lt;root&gt;/&lt;split&gt;/&lt;episode&gt;/&lt;sensor&gt;/frames.bin  the recorded frames of the inputs (RecordedFramesFile), or
/// &lt;root&gt;/&lt;split&gt;/&lt;episode&gt;/&lt;sensor&gt;/inputs.npy (T, 6, H, W) uint8: background-subtracted [I_t, I_(t-stride)]
/// &lt;root&gt;/embeddings/&lt;encoder id&gt;/...              frozen-encoder token caches (see EmbeddingStore)
/// </code>
/// Either way <see cref="ReadInputs"/> gives the (T, 6, H, W) uint8 inputs: <c>dataset build</c> keeps the recorded
/// frames (a tenth of the stacks' bytes), other writers and version 1 datasets the stacks. Splits are by episode:
/// no episode has samples in both.
/// </summary>
public sealed class PolicyDataset
{
    public const string ManifestFile = "dataset.yaml";

    public const string StatisticsFile = "stats.yaml";

    public const string TrainSplit = "train";

    public const string ValidationSplit = "val";

    public const string InputsFile = "inputs.npy";

    private PolicyDataset(string root, DatasetManifest manifest, DatasetStatistics statistics)
    {
        Root = root;
        Manifest = manifest;
        Statistics = statistics;
    }

    public string Root { get; }

    public DatasetManifest Manifest { get; }

    public DatasetStatistics Statistics { get; }

    public static PolicyDataset Open(string root)
    {
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"{root}: no such dataset folder");
        }
        var manifest = DatasetManifest.Load(Path.Combine(root, ManifestFile));
        var statistics = DatasetStatistics.Load(Path.Combine(root, StatisticsFile));
        if (statistics.State.Count != manifest.StateFeatures.Count || statistics.Action.Count != manifest.ActionFeatures.Count)
        {
            throw new InvalidDataException(
                $"{Path.Combine(root, StatisticsFile)}: {statistics.State.Count} state and {statistics.Action.Count} action features, the manifest declares {manifest.StateFeatures.Count} and {manifest.ActionFeatures.Count}");
        }
        return new PolicyDataset(root, manifest, statistics);
    }

    /// <summary>The episodes of one split, in manifest order.</summary>
    public IReadOnlyList<DatasetEpisode> Split(string split) => [.. Manifest.Episodes.Where(e => e.Split == split)];

    public string EpisodeDirectory(DatasetEpisode episode) => EpisodeDirectory(Root, episode);

    public static string EpisodeDirectory(string root, DatasetEpisode episode) => Path.Combine(root, episode.Split, episode.Name);

    public long[] ReadStamps(DatasetEpisode episode)
    {
        var array = Read(episode, "stamps.npy", NpyDType.Int64, [episode.Steps]);
        return array.ToInt64();
    }

    /// <summary>(T, S) float32 as rows.</summary>
    public float[][] ReadState(DatasetEpisode episode) =>
        Rows(Read(episode, "state.npy", NpyDType.Float32, [episode.Steps, Manifest.StateFeatures.Count]));

    /// <summary>(T, A) float32 as rows.</summary>
    public float[][] ReadAction(DatasetEpisode episode) =>
        Rows(Read(episode, "action.npy", NpyDType.Float32, [episode.Steps, Manifest.ActionFeatures.Count]));

    /// <summary>The folder of one sensor's inputs in an episode: <c>frames.bin</c> or <c>inputs.npy</c>.</summary>
    public string SensorDirectory(DatasetEpisode episode, string sensor)
    {
        if (!Manifest.Sensors.Any(s => s.Name == sensor))
        {
            throw new ArgumentException($"{Root}: no sensor '{sensor}' (the dataset has {string.Join(", ", Manifest.Sensors.Select(s => s.Name))})", nameof(sensor));
        }
        return Path.Combine(EpisodeDirectory(episode), sensor);
    }

    /// <summary>One sensor's recorded frames, or null when the episode stores its inputs as stacks (<c>inputs.npy</c>).</summary>
    public RecordedFrames? ReadRecordedFrames(DatasetEpisode episode, string sensor)
    {
        var path = Path.Combine(SensorDirectory(episode, sensor), RecordedFramesFile.FileName);
        return File.Exists(path) ? RecordedFramesFile.Load(path, episode.Steps) : null;
    }

    /// <summary>One sensor's (T, 6, H, W) uint8 tactile inputs, checked against the manifest's step count and image size.</summary>
    public NpyArray ReadInputs(DatasetEpisode episode, string sensor)
    {
        var folder = SensorDirectory(episode, sensor);
        var recorded = ReadRecordedFrames(episode, sensor);
        var path = Path.Combine(folder, recorded is null ? InputsFile : RecordedFramesFile.FileName);
        var array = recorded?.Render(ImageSize, path) ?? Npy.Read(path);
        Check(array, path, NpyDType.UInt8, [episode.Steps, 6, Manifest.ImageHeight, Manifest.ImageWidth]);
        return array;
    }

    public SparshInputSize ImageSize => new(Manifest.ImageHeight, Manifest.ImageWidth);

    private NpyArray Read(DatasetEpisode episode, string file, NpyDType dtype, long[] shape)
    {
        var path = Path.Combine(EpisodeDirectory(episode), file);
        var array = Npy.Read(path);
        Check(array, path, dtype, shape);
        return array;
    }

    private static void Check(NpyArray array, string path, NpyDType dtype, long[] shape)
    {
        if (array.DType != dtype || !array.Shape.SequenceEqual(shape))
        {
            throw new NpyFormatException(path,
                $"expected {Npy.Descr(dtype)} of shape ({string.Join(", ", shape)}), found {Npy.Descr(array.DType)} of shape ({string.Join(", ", array.Shape)})");
        }
    }

    internal static float[][] Rows(NpyArray array)
    {
        var flat = array.ToFloat32();
        var columns = (int)array.Shape[1];
        return [.. Enumerable.Range(0, (int)array.Shape[0]).Select(r => flat.AsSpan(r * columns, columns).ToArray())];
    }
}
