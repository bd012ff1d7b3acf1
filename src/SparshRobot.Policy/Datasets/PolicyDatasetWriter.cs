using SparshRobot.Core.Numerics;
using SparshRobot.Policy.Datasets.Frames;
using SparshRobot.Policy.Normalization;

namespace SparshRobot.Policy.Datasets;

/// <summary>
/// Writes a <see cref="PolicyDataset"/> episode by episode. Each episode is written into a temporary folder and
/// renamed into place, so an interrupted build never leaves a half episode that looks complete. The manifest is
/// rewritten after every episode, so it always lists exactly the complete episodes (and <see cref="Resume"/> can
/// adopt them); the statistics are written last by <see cref="Finish"/>, and a dataset without them does not open.
/// </summary>
public sealed class PolicyDatasetWriter
{
    private readonly string _root;
    private readonly DatasetManifest _manifest;
    private readonly List<float[]> _trainState = [];
    private readonly List<float[]> _trainAction = [];
    private readonly Dictionary<string, DatasetEpisode> _previous = [];

    /// <param name="manifest">Everything but the episodes and skipped bags, which the writer fills in.</param>
    public PolicyDatasetWriter(string root, DatasetManifest manifest)
        : this(root, manifest, resuming: false)
    {
    }

    private PolicyDatasetWriter(string root, DatasetManifest manifest, bool resuming)
    {
        manifest.Validate(Path.Combine(root, PolicyDataset.ManifestFile));
        if (!resuming && File.Exists(Path.Combine(root, PolicyDataset.ManifestFile)))
        {
            throw new IOException($"{root}: already holds a dataset; choose another output folder, delete it first, or resume it");
        }
        _root = root;
        _manifest = manifest;
        _manifest.Episodes = [];
        _manifest.Skipped = [];
        Directory.CreateDirectory(root);
    }

    public IReadOnlyList<DatasetEpisode> Episodes => _manifest.Episodes;

    /// <summary>
    /// Continues an interrupted (or finished) build in <paramref name="root"/>: the episodes its manifest lists become
    /// candidates for <see cref="Adopt"/>. The manifest must come from the same build configuration, since episodes
    /// sampled differently must not be mixed; a folder without a manifest starts a new dataset.
    /// </summary>
    public static PolicyDatasetWriter Resume(string root, DatasetManifest manifest)
    {
        var path = Path.Combine(root, PolicyDataset.ManifestFile);
        if (!File.Exists(path))
        {
            return new PolicyDatasetWriter(root, manifest);
        }
        var existing = DatasetManifest.Load(path);
        if (existing.BuildConfig != manifest.BuildConfig)
        {
            throw new IOException($"{path}: was built with another build configuration; resume with the same config or build into a new folder");
        }
        var writer = new PolicyDatasetWriter(root, manifest, resuming: true);
        foreach (var episode in existing.Episodes)
        {
            writer._previous[episode.Name] = episode;
        }
        return writer;
    }

    /// <summary>
    /// Keeps an episode a previous run completed, when it is listed with the same split, bag and step count and its
    /// folder is there; otherwise removes what is left of it and returns false so the caller rebuilds it.
    /// </summary>
    public bool Adopt(DatasetEpisode episode)
    {
        var final = PolicyDataset.EpisodeDirectory(_root, episode);
        if (_previous.Remove(episode.Name, out var old) && old.Split == episode.Split && old.Bag == episode.Bag
            && old.Steps == episode.Steps && Directory.Exists(final))
        {
            var state = Npy.Read(Path.Combine(final, "state.npy"));
            var action = Npy.Read(Path.Combine(final, "action.npy"));
            Record(episode, PolicyDataset.Rows(state), PolicyDataset.Rows(action));
            return true;
        }
        if (old is not null && Directory.Exists(PolicyDataset.EpisodeDirectory(_root, old)))
        {
            Directory.Delete(PolicyDataset.EpisodeDirectory(_root, old), recursive: true);
        }
        return false;
    }

    /// <summary>Writes an episode whose inputs are the recorded frames they are made from (the compact form <c>dataset build</c> writes).</summary>
    /// <param name="frames">Per sensor name, the frames and pairs of its inputs.</param>
    public void WriteEpisode(DatasetEpisode episode, long[] stamps, float[][] state, float[][] action, IReadOnlyDictionary<string, RecordedFrames> frames)
    {
        foreach (var sensor in _manifest.Sensors)
        {
            if (!frames.TryGetValue(sensor.Name, out var recorded))
            {
                throw new ArgumentException($"episode '{episode.Name}': no recorded frames for sensor '{sensor.Name}'");
            }
            if (recorded.Steps != stamps.Length || recorded.Stream.Sensor != sensor.Name)
            {
                throw new ArgumentException($"episode '{episode.Name}' sensor '{sensor.Name}': recorded frames of sensor '{recorded.Stream.Sensor}' with {recorded.Steps} steps, expected {stamps.Length}");
            }
        }
        Write(episode, stamps, state, action, (folder, sensor) => RecordedFramesFile.Save(Path.Combine(folder, RecordedFramesFile.FileName), frames[sensor]));
    }

    /// <summary>Writes an episode whose inputs are given as they are fed to the encoder (stored as they are: 6 x H x W bytes a step).</summary>
    /// <param name="inputs">Per sensor name, (T, 6, H, W) uint8 tactile stacks.</param>
    public void WriteEpisode(DatasetEpisode episode, long[] stamps, float[][] state, float[][] action, IReadOnlyDictionary<string, NpyArray> inputs)
    {
        foreach (var sensor in _manifest.Sensors)
        {
            if (!inputs.TryGetValue(sensor.Name, out var array))
            {
                throw new ArgumentException($"episode '{episode.Name}': no tactile inputs for sensor '{sensor.Name}'");
            }
            long[] shape = [stamps.Length, 6, _manifest.ImageHeight, _manifest.ImageWidth];
            if (array.DType != NpyDType.UInt8 || !array.Shape.SequenceEqual(shape))
            {
                throw new ArgumentException($"episode '{episode.Name}' sensor '{sensor.Name}': inputs must be uint8 ({string.Join(", ", shape)}), found {array.DType} ({string.Join(", ", array.Shape)})");
            }
        }
        Write(episode, stamps, state, action, (folder, sensor) => Npy.Write(Path.Combine(folder, PolicyDataset.InputsFile), inputs[sensor]));
    }

    /// <param name="writeSensor">Writes one sensor's inputs into its (existing) folder.</param>
    private void Write(DatasetEpisode episode, long[] stamps, float[][] state, float[][] action, Action<string, string> writeSensor)
    {
        var steps = stamps.Length;
        if (steps == 0 || steps != episode.Steps || state.Length != steps || action.Length != steps)
        {
            throw new ArgumentException($"episode '{episode.Name}': {episode.Steps} steps declared, {stamps.Length} stamps, {state.Length} states, {action.Length} actions");
        }
        CheckRows(state, _manifest.StateFeatures.Count, episode.Name, "state");
        CheckRows(action, _manifest.ActionFeatures.Count, episode.Name, "action");
        if (_manifest.Episodes.Any(e => e.Name == episode.Name))
        {
            throw new ArgumentException($"episode '{episode.Name}' was already written");
        }

        var final = PolicyDataset.EpisodeDirectory(_root, episode);
        var temp = final + ".partial";
        if (Directory.Exists(temp))
        {
            Directory.Delete(temp, recursive: true);
        }
        Directory.CreateDirectory(temp);
        Npy.Write(Path.Combine(temp, "stamps.npy"), NpyArray.FromInt64(stamps, steps));
        Npy.Write(Path.Combine(temp, "state.npy"), NpyArray.FromFloat32(Flatten(state), steps, state[0].Length));
        Npy.Write(Path.Combine(temp, "action.npy"), NpyArray.FromFloat32(Flatten(action), steps, action[0].Length));
        foreach (var sensor in _manifest.Sensors)
        {
            writeSensor(Directory.CreateDirectory(Path.Combine(temp, sensor.Name)).FullName, sensor.Name);
        }
        if (Directory.Exists(final))
        {
            Directory.Delete(final, recursive: true);
        }
        Directory.Move(temp, final);
        Record(episode, state, action);
    }

    /// <summary>Records a bag that was not used and why; it is listed in the manifest and reported by the builder.</summary>
    public void Skip(string bag, string reason) => _manifest.Skipped.Add(new SkippedBag { Bag = bag, Reason = reason });

    /// <summary>Writes the training statistics and the manifest, then opens the finished dataset.</summary>
    public PolicyDataset Finish()
    {
        if (_trainState.Count == 0)
        {
            throw new InvalidOperationException(
                $"{_root}: no training episode was written ({_manifest.Skipped.Count} bags skipped{(_manifest.Skipped.Count > 0 ? ": " + _manifest.Skipped[0].Reason : "")})");
        }
        // Episodes of a resumed run whose bags are gone (or now skipped) are not part of this dataset.
        foreach (var stale in _previous.Values.Where(e => Directory.Exists(PolicyDataset.EpisodeDirectory(_root, e))))
        {
            Directory.Delete(PolicyDataset.EpisodeDirectory(_root, stale), recursive: true);
        }
        _previous.Clear();
        new DatasetStatistics(
            FeatureStatistics.Compute(_trainState, "state"),
            FeatureStatistics.Compute(_trainAction, "action")).Save(Path.Combine(_root, PolicyDataset.StatisticsFile));
        _manifest.Save(Path.Combine(_root, PolicyDataset.ManifestFile));
        return PolicyDataset.Open(_root);
    }

    private void Record(DatasetEpisode episode, float[][] state, float[][] action)
    {
        _manifest.Episodes.Add(episode);
        if (episode.Split == PolicyDataset.TrainSplit)
        {
            _trainState.AddRange(state);
            _trainAction.AddRange(action);
        }
        // Episodes of a resumed run not visited yet stay listed, so another interruption does not forget them.
        var done = _manifest.Episodes;
        _manifest.Episodes = [.. done, .. _previous.Values];
        try
        {
            _manifest.Save(Path.Combine(_root, PolicyDataset.ManifestFile));
        }
        finally
        {
            _manifest.Episodes = done;
        }
    }

    private static void CheckRows(float[][] rows, int columns, string episode, string what)
    {
        for (var i = 0; i < rows.Length; i++)
        {
            if (rows[i].Length != columns)
            {
                throw new ArgumentException($"episode '{episode}': {what} row {i} has {rows[i].Length} values, expected {columns}");
            }
        }
    }

    private static float[] Flatten(float[][] rows) => [.. rows.SelectMany(r => r)];
}
