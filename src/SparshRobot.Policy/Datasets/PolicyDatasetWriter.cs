using SparshRobot.Core.Numerics;
using SparshRobot.Policy.Normalization;

namespace SparshRobot.Policy.Datasets;

/// <summary>
/// Writes a <see cref="PolicyDataset"/> episode by episode. Each episode is written into a temporary folder and
/// renamed into place, so an interrupted build never leaves a half episode that looks complete; the manifest and
/// statistics are written last by <see cref="Finish"/>.
/// </summary>
public sealed class PolicyDatasetWriter
{
    private readonly string _root;
    private readonly DatasetManifest _manifest;
    private readonly List<float[]> _trainState = [];
    private readonly List<float[]> _trainAction = [];

    /// <param name="manifest">Everything but the episodes and skipped bags, which the writer fills in.</param>
    public PolicyDatasetWriter(string root, DatasetManifest manifest)
    {
        manifest.Validate(Path.Combine(root, PolicyDataset.ManifestFile));
        if (File.Exists(Path.Combine(root, PolicyDataset.ManifestFile)))
        {
            throw new IOException($"{root}: already holds a dataset; choose another output folder or delete it first");
        }
        _root = root;
        _manifest = manifest;
        _manifest.Episodes = [];
        _manifest.Skipped = [];
        Directory.CreateDirectory(root);
    }

    public IReadOnlyList<DatasetEpisode> Episodes => _manifest.Episodes;

    /// <param name="inputs">Per sensor name, (T, 6, H, W) uint8 tactile stacks.</param>
    public void WriteEpisode(DatasetEpisode episode, long[] stamps, float[][] state, float[][] action, IReadOnlyDictionary<string, NpyArray> inputs)
    {
        var steps = stamps.Length;
        if (steps == 0 || steps != episode.Steps || state.Length != steps || action.Length != steps)
        {
            throw new ArgumentException($"episode '{episode.Name}': {episode.Steps} steps declared, {stamps.Length} stamps, {state.Length} states, {action.Length} actions");
        }
        CheckRows(state, _manifest.StateFeatures.Count, episode.Name, "state");
        CheckRows(action, _manifest.ActionFeatures.Count, episode.Name, "action");
        foreach (var sensor in _manifest.Sensors)
        {
            if (!inputs.TryGetValue(sensor.Name, out var array))
            {
                throw new ArgumentException($"episode '{episode.Name}': no tactile inputs for sensor '{sensor.Name}'");
            }
            long[] shape = [steps, 6, _manifest.ImageHeight, _manifest.ImageWidth];
            if (array.DType != NpyDType.UInt8 || !array.Shape.SequenceEqual(shape))
            {
                throw new ArgumentException($"episode '{episode.Name}' sensor '{sensor.Name}': inputs must be uint8 ({string.Join(", ", shape)}), found {array.DType} ({string.Join(", ", array.Shape)})");
            }
        }
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
            Directory.CreateDirectory(Path.Combine(temp, sensor.Name));
            Npy.Write(Path.Combine(temp, sensor.Name, PolicyDataset.InputsFile), inputs[sensor.Name]);
        }
        if (Directory.Exists(final))
        {
            Directory.Delete(final, recursive: true);
        }
        Directory.Move(temp, final);

        _manifest.Episodes.Add(episode);
        if (episode.Split == PolicyDataset.TrainSplit)
        {
            _trainState.AddRange(state);
            _trainAction.AddRange(action);
        }
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
        new DatasetStatistics(
            FeatureStatistics.Compute(_trainState, "state"),
            FeatureStatistics.Compute(_trainAction, "action")).Save(Path.Combine(_root, PolicyDataset.StatisticsFile));
        _manifest.Save(Path.Combine(_root, PolicyDataset.ManifestFile));
        return PolicyDataset.Open(_root);
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
