using static TorchSharp.torch;

namespace SparshRobot.Encoder.Checkpoints;

/// <summary>
/// Loads a module's whole state dict from an <see cref="ITensorSource"/>, strictly: every missing key, every
/// unexpected key under the prefix and every shape mismatch is collected, and if there is any the load fails
/// with one <see cref="CheckpointException"/> listing them all (nothing is copied in that case).
/// Keys outside the prefix belong to other parts of a training checkpoint and are ignored.
/// </summary>
public static class StrictLoader
{
    /// <summary>
    /// Checks applied instead of loading: for these keys the stored tensor is handed to the check, which returns
    /// a problem description or null; the module keeps its own (computed) value.
    /// </summary>
    public delegate string? StoredTensorCheck(Tensor stored);

    public static void Load(
        TorchSharp.torch.nn.Module module,
        ITensorSource source,
        string prefix = "",
        IReadOnlyDictionary<string, StoredTensorCheck>? verifyInstead = null)
    {
        var expected = module.state_dict();
        var problems = new List<string>();
        foreach (var (key, target) in expected)
        {
            if (!source.Entries.TryGetValue(prefix + key, out var entry))
            {
                problems.Add($"missing key {prefix + key} (expected shape ({string.Join(", ", target.shape)}))");
            }
            else if (!entry.Shape.SequenceEqual(target.shape))
            {
                problems.Add($"shape mismatch for {prefix + key}: checkpoint {entry.ShapeText}, model ({string.Join(", ", target.shape)})");
            }
            else if (!IsFloating(entry.DType) && IsFloating(target.dtype))
            {
                problems.Add($"dtype mismatch for {prefix + key}: checkpoint {entry.DType}, model {target.dtype}");
            }
        }
        foreach (var key in source.Entries.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            if (!expected.ContainsKey(key[prefix.Length..]))
            {
                problems.Add($"unexpected key {key} {source.Entries[key].ShapeText}");
            }
        }
        if (verifyInstead is not null && problems.Count == 0)
        {
            foreach (var (key, check) in verifyInstead)
            {
                using var stored = source.Read(prefix + key);
                if (check(stored) is { } problem)
                {
                    problems.Add($"{prefix + key}: {problem}");
                }
            }
        }
        if (problems.Count > 0)
        {
            throw new CheckpointException(source.FilePath, problems);
        }
        foreach (var (key, target) in expected)
        {
            if (verifyInstead?.ContainsKey(key) != true)
            {
                source.CopyInto(prefix + key, target);
            }
        }
    }

    private static bool IsFloating(ScalarType dtype) =>
        dtype is ScalarType.Float32 or ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Float64;
}
