namespace SparshRobot.Encoder.Checkpoints;

/// <summary>The self-supervised method a Sparsh checkpoint was trained with; decides where the encoder lives.</summary>
public enum CheckpointFamily
{
    /// <summary>Flat backbone keys whose method cannot be told from the keys or the file name.</summary>
    Unknown,
    Dino,
    DinoV2,
    IJepa,
    VJepa,
    Mae,
}

/// <summary>Per-method key prefixes of the encoder inside a training checkpoint (docs/design-notes.md, "Sparsh
/// encoder and checkpoints").</summary>
public static class CheckpointFamilies
{
    /// <summary>Most specific first: <c>target_encoder.backbone.</c> must win over <c>target_encoder.</c>.</summary>
    private static readonly (string Prefix, CheckpointFamily Family)[] Prefixes =
    [
        ("teacher_encoder.backbone.", CheckpointFamily.Dino),
        ("target_encoder.backbone.", CheckpointFamily.VJepa),
        ("target_encoder.", CheckpointFamily.IJepa),
        ("encoder.", CheckpointFamily.Mae),
    ];

    public const string PatchWeightKey = "patch_embed.proj.weight";

    /// <summary>
    /// Finds the encoder inside a set of keys: flat (released <c>.safetensors</c>) or under a method prefix.
    /// DINO and DINOv2 share a prefix; the file name (<c>dinov2_*</c>) tells them apart.
    /// </summary>
    public static (CheckpointFamily Family, string Prefix)? Detect(IEnumerable<string> keys, string filePath)
    {
        var set = keys as IReadOnlySet<string> ?? keys.ToHashSet();
        var byName = FromFileName(filePath);
        if (set.Contains(PatchWeightKey))
        {
            return (byName, "");
        }
        foreach (var (prefix, family) in Prefixes)
        {
            if (set.Contains(prefix + PatchWeightKey))
            {
                return (family == CheckpointFamily.Dino && byName == CheckpointFamily.DinoV2 ? CheckpointFamily.DinoV2 : family, prefix);
            }
        }
        return null;
    }

    /// <summary>The method named in a file name such as <c>dinov2_vitbase.safetensors</c> (any <c>_</c>/<c>-</c>/<c>.</c> separated word).</summary>
    public static CheckpointFamily FromFileName(string filePath)
    {
        var words = Path.GetFileName(filePath).ToLowerInvariant().Split('_', '-', '.');
        foreach (var (word, family) in Names)
        {
            if (words.Contains(word))
            {
                return family;
            }
        }
        return CheckpointFamily.Unknown;
    }

    private static readonly (string Word, CheckpointFamily Family)[] Names =
    [
        ("dinov2", CheckpointFamily.DinoV2),
        ("dino", CheckpointFamily.Dino),
        ("ijepa", CheckpointFamily.IJepa),
        ("vjepa", CheckpointFamily.VJepa),
        ("mae", CheckpointFamily.Mae),
    ];
}
