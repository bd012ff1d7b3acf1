using SparshRobot.Core.Numerics;

namespace SparshRobot.Policy.Datasets;

/// <summary>
/// A behaviour-cloning dataset on disk, made by <c>sparsh-robot dataset build</c> from teleop bags:
/// <code>
/// &lt;root&gt;/dataset.yaml                          manifest (rate, stride, sensors, features, episodes, skipped bags)
/// &lt;root&gt;/stats.yaml                            training-split statistics of state and action
/// &lt;root&gt;/&lt;split&gt;/&lt;episode&gt;/stamps.npy         (T) int64, nanoseconds on the bag clock, one per policy step
/// &lt;root&gt;/&lt;split&gt;/&lt;episode&gt;/state.npy          (T, S) float32, e.g. end-effector x, y, z in metres
/// &lt;root&gt;/&lt;split&gt;/&lt;episode&gt;/action.npy         (T, A) float32, state[t+1] - state[t]
/// &lt;root&gt;/&lt;split&gt;/&lt;episode&gt;/&lt;sensor&gt;/inputs.npy (T, 6, H, W) uint8: background-subtracted [I_t, I_(t-stride)]
/// &lt;root&gt;/embeddings/&lt;encoder id&gt;/...              frozen-encoder token caches (see EmbeddingStore)
/// </code>
/// The per-sensor <c>inputs.npy</c> folders have the encoder layer's tactile-dataset layout, so MAE pretraining and
/// embedding read them directly. Splits are by episode: no episode has samples in both.
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

    /// <summary>Path of one sensor's (T, 6, H, W) uint8 tactile inputs.</summary>
    public string InputsPath(DatasetEpisode episode, string sensor)
    {
        if (!Manifest.Sensors.Any(s => s.Name == sensor))
        {
            throw new ArgumentException($"{Root}: no sensor '{sensor}' (the dataset has {string.Join(", ", Manifest.Sensors.Select(s => s.Name))})", nameof(sensor));
        }
        return Path.Combine(EpisodeDirectory(episode), sensor, InputsFile);
    }

    /// <summary>One sensor's tactile inputs, checked against the manifest's step count and image size.</summary>
    public NpyArray ReadInputs(DatasetEpisode episode, string sensor)
    {
        var path = InputsPath(episode, sensor);
        var array = Npy.Read(path);
        Check(array, path, NpyDType.UInt8, [episode.Steps, 6, Manifest.ImageHeight, Manifest.ImageWidth]);
        return array;
    }

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
