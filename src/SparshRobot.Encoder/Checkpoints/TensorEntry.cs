using static TorchSharp.torch;

namespace SparshRobot.Encoder.Checkpoints;

/// <summary>What a checkpoint says about one stored tensor before its data is read.</summary>
public sealed record TensorEntry(string Key, ScalarType DType, long[] Shape)
{
    public string ShapeText => "(" + string.Join(", ", Shape) + ")";
}

/// <summary>
/// A named set of stored tensors (a state dict) whose data is copied on demand into existing tensors, so that
/// loading never holds a second full copy of the weights.
/// </summary>
public interface ITensorSource : IDisposable
{
    /// <summary>The file the tensors come from, for messages.</summary>
    string FilePath { get; }

    IReadOnlyDictionary<string, TensorEntry> Entries { get; }

    /// <summary>String metadata stored alongside (safetensors <c>__metadata__</c>); empty when the format has none.</summary>
    IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Reads <paramref name="key"/> as a new CPU float32 tensor (for small tensors and checks).</summary>
    Tensor Read(string key);

    /// <summary>Copies <paramref name="key"/> into <paramref name="target"/> (same shape; float types convert).</summary>
    void CopyInto(string key, Tensor target);
}
