using SparshRobot.Encoder.Pretraining;
using static TorchSharp.torch;

namespace SparshRobot.Policy.Datasets.Frames;

/// <summary>
/// The tactile inputs of a policy dataset split (every episode, every sensor) as MAE pretraining's frame source: a
/// batch decodes only the recorded frames of its steps, so neither the dataset nor its inputs are held in memory.
/// </summary>
public sealed class PolicyDatasetFrames : IFrameSource
{
    private readonly PolicyDataset _dataset;
    private readonly (DatasetEpisode Episode, string Sensor, long Start)[] _parts;
    private readonly long[] _starts;

    private PolicyDatasetFrames(PolicyDataset dataset, (DatasetEpisode, string, long)[] parts, long count)
    {
        _dataset = dataset;
        _parts = parts;
        _starts = [.. parts.Select(p => p.Item3)];
        Count = count;
        FrameShape = [6, dataset.Manifest.ImageHeight, dataset.Manifest.ImageWidth];
    }

    public long Count { get; }

    public long[] FrameShape { get; }

    public static PolicyDatasetFrames Open(PolicyDataset dataset, string split)
    {
        var episodes = dataset.Split(split);
        if (episodes.Count == 0)
        {
            throw new InvalidDataException($"{dataset.Root}: no episode in split '{split}' (the dataset has {PolicyDataset.TrainSplit} and {PolicyDataset.ValidationSplit})");
        }
        var parts = new List<(DatasetEpisode, string, long)>();
        long count = 0;
        foreach (var episode in episodes)
        {
            foreach (var sensor in dataset.Manifest.Sensors)
            {
                parts.Add((episode, sensor.Name, count));
                count += episode.Steps;
            }
        }
        return new PolicyDatasetFrames(dataset, [.. parts], count);
    }

    /// <summary>(n, 6, H, W) uint8.</summary>
    public Tensor Gather(long[] indices)
    {
        var length = FrameShape.Aggregate(1L, (a, b) => a * b);
        var batch = empty([indices.Length, .. FrameShape], ScalarType.Byte);
        var bytes = batch.bytes;
        foreach (var group in indices.Select((frame, slot) => (Frame: frame, Slot: slot)).GroupBy(x => Part(x.Frame)))
        {
            var (episode, sensor, start) = _parts[group.Key];
            var steps = group.Select(x => (int)(x.Frame - start)).ToArray();
            var slots = group.Select(x => x.Slot).ToArray();
            var recorded = _dataset.ReadRecordedFrames(episode, sensor);
            var inputs = recorded is null
                ? StackedInputs(_dataset.ReadInputs(episode, sensor).Data, steps, length)
                : recorded.RenderSteps(steps, _dataset.ImageSize, Path.Combine(_dataset.SensorDirectory(episode, sensor), RecordedFramesFile.FileName));
            foreach (var (input, slot) in inputs.Zip(slots))
            {
                input.CopyTo(bytes.Slice(checked((int)(slot * length)), (int)length));
            }
        }
        return batch;
    }

    public long EpisodeStart(long frame) => _starts[Part(frame)];

    private static IEnumerable<byte[]> StackedInputs(byte[] data, int[] steps, long length) =>
        steps.Select(step => data.AsSpan(checked((int)(step * length)), (int)length).ToArray());

    private int Part(long frame)
    {
        if (frame < 0 || frame >= Count)
        {
            throw new ArgumentOutOfRangeException(nameof(frame), frame, $"the split holds {Count} frames");
        }
        var found = Array.BinarySearch(_starts, frame);
        return found >= 0 ? found : ~found - 1;
    }
}
