using SparshRobot.Core.Numerics;
using SparshRobot.Core.Sensing;
using SparshRobot.Encoder.Probes;
using static TorchSharp.torch;

namespace SparshRobot.Encoder.Pretraining;

/// <summary>The frames pretraining draws its batches from, by index; episodes lie one after another.</summary>
public interface IFrameSource
{
    /// <summary>Frames in all.</summary>
    long Count { get; }

    /// <summary>One frame's shape, (C, H, W).</summary>
    long[] FrameShape { get; }

    /// <summary>The frames at <paramref name="indices"/>, in that order: (n, C, H, W), uint8 or float32 in [0, 1] as stored.</summary>
    Tensor Gather(long[] indices);

    /// <summary>The index of the first frame of <paramref name="frame"/>'s episode (V-JEPA clips never reach across episodes).</summary>
    long EpisodeStart(long frame);
}

/// <summary>Batches of the shapes each method reads, float32 in [0, 1].</summary>
public static class FrameBatches
{
    /// <summary>Image pairs (n, 6, H, W).</summary>
    public static Tensor Images(IFrameSource frames, long[] indices, Device device)
    {
        var batch = frames.Gather(indices).to(device);
        return batch.dtype == ScalarType.Byte ? batch.to(ScalarType.Float32).div_(255f) : batch;
    }

    /// <summary>
    /// Clips (n, 3, 4, H, W) of the newest image (channels 0-2) of the frames <see cref="SparshClip.Offsets"/> back; near an episode's start the
    /// offsets are clamped to its first frame, as Sparsh clamps frame indices at 0.
    /// </summary>
    public static Tensor Clips(IFrameSource frames, long[] indices, Device device)
    {
        var clipFrames = indices.SelectMany(t => SparshClip.Offsets.Select(o => Math.Max(t - o, frames.EpisodeStart(t)))).ToArray();
        using var images = Images(frames, clipFrames, device);
        var (h, w) = (images.shape[2], images.shape[3]);
        return images.narrow(1, 0, 3).reshape(indices.Length, SparshClip.Offsets.Count, 3, h, w).transpose(1, 2).contiguous();
    }
}

/// <summary>Frames already in memory, (N, C, H, W).</summary>
public sealed class TensorFrames(Tensor frames) : IFrameSource
{
    public long Count => frames.shape[0];

    public long[] FrameShape => frames.shape[1..];

    public Tensor Gather(long[] indices)
    {
        using var index = tensor(indices);
        return frames.index_select(0, index);
    }

    public long EpisodeStart(long frame) => 0;
}

/// <summary>
/// The <c>inputs.npy</c> frames of a <see cref="TactileDataset"/> split, read from disk a batch at a time: a dataset of
/// several gigabytes is never held in memory (loading it whole took 2.8 times its size at the peak: the file's bytes,
/// their tensor and the concatenation of all episodes).
/// </summary>
public sealed class StoredFrames : IFrameSource
{
    private readonly (string Path, long Offset, long Start)[] episodes;
    private readonly long frameBytes;
    private readonly ScalarType dtype;

    private StoredFrames((string, long, long)[] episodes, long count, long[] frameShape, NpyDType type)
    {
        this.episodes = episodes;
        Count = count;
        FrameShape = frameShape;
        dtype = type == NpyDType.UInt8 ? ScalarType.Byte : ScalarType.Float32;
        frameBytes = FrameBytes(frameShape, type);
    }

    public long Count { get; }

    public long[] FrameShape { get; }

    /// <summary>Reads every episode's header: image pairs (T, C, H, W), uint8 or float32, one frame shape and type throughout.</summary>
    /// <exception cref="NpyFormatException">An episode's inputs are of another rank, type or frame shape than the first's, or shorter than their header says.</exception>
    public static StoredFrames Open(TactileDataset data)
    {
        var episodes = new List<(string, long, long)>();
        long[]? frameShape = null;
        NpyDType? type = null;
        string first = "";
        long count = 0;
        foreach (var episode in data.Episodes)
        {
            var path = Path.Combine(episode, TactileDataset.InputsFile);
            using var stream = File.OpenRead(path);
            var (dtype, shape) = Npy.ReadHeader(stream, path);
            if (shape.Length != 4 || dtype is not (NpyDType.UInt8 or NpyDType.Float32))
            {
                throw new NpyFormatException(path, $"MAE pretraining reads image pairs (T, C, H, W) of uint8 or float32, found ({string.Join(", ", shape)}) {Npy.Descr(dtype)}");
            }
            if (frameShape is null)
            {
                (frameShape, type, first) = (shape[1..], dtype, path);
            }
            else if (!shape[1..].SequenceEqual(frameShape) || dtype != type)
            {
                throw new NpyFormatException(path, $"frames are ({string.Join(", ", shape[1..])}) {Npy.Descr(dtype)}, but ({string.Join(", ", frameShape)}) {Npy.Descr(type!.Value)} in {first}");
            }
            var needed = stream.Position + shape[0] * FrameBytes(frameShape, dtype);
            if (stream.Length < needed)
            {
                throw new NpyFormatException(path, $"truncated: {stream.Length} bytes, its {shape[0]} frames need {needed}");
            }
            episodes.Add((path, stream.Position, count));
            count += shape[0];
        }
        return new StoredFrames([.. episodes], count, frameShape!, type!.Value);
    }

    private static long FrameBytes(long[] frameShape, NpyDType dtype) => frameShape.Aggregate(1L, (a, b) => a * b) * Npy.ElementSize(dtype);

    public Tensor Gather(long[] indices)
    {
        var batch = empty([indices.Length, .. FrameShape], dtype);
        // Grouped by episode, so each file is opened once per batch.
        foreach (var group in indices.Select((frame, slot) => (Frame: frame, Slot: slot)).GroupBy(x => Episode(x.Frame)))
        {
            var (path, offset, start) = episodes[group.Key];
            using var handle = File.OpenHandle(path);
            foreach (var (frame, slot) in group)
            {
                var target = batch.bytes.Slice(checked((int)(slot * frameBytes)), (int)frameBytes);
                if (RandomAccess.Read(handle, target, offset + (frame - start) * frameBytes) != frameBytes)
                {
                    throw new NpyFormatException(path, $"frame {frame - start} could not be read whole; the file was cut short while training");
                }
            }
        }
        return batch;
    }

    public long EpisodeStart(long frame) => episodes[Episode(frame)].Start;

    private int Episode(long frame)
    {
        if (frame < 0 || frame >= Count)
        {
            throw new ArgumentOutOfRangeException(nameof(frame), frame, $"the dataset holds {Count} frames");
        }
        var (low, high) = (0, episodes.Length - 1);
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            (low, high) = episodes[mid].Start <= frame ? (mid, high) : (low, mid - 1);
        }
        return low;
    }
}
