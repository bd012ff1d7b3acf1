namespace SparshRobot.Encoder.Pretraining;

/// <summary>The self-supervised objective <c>encoder pretrain</c> trains the encoder with.</summary>
public enum PretrainMethod
{
    /// <summary>Masked autoencoder: pixels of the hidden patches (image pairs).</summary>
    Mae,

    /// <summary>Self-distillation between a student and an EMA teacher over multi-crop views (image pairs).</summary>
    Dino,

    /// <summary>Predicting an EMA target encoder's tokens of hidden blocks from a context block (image pairs).</summary>
    IJepa,

    /// <summary>I-JEPA over 4-frame clips (t, t-2, t-4, t-6) cut into tubelets, with tube masks.</summary>
    VJepa,
}

public static class PretrainMethods
{
    /// <summary>The method's lower-case name, as the command line and the file names spell it.</summary>
    public static string Name(this PretrainMethod method) => method.ToString().ToLowerInvariant();

    /// <summary>A method's numeric settings as checkpoint metadata (round-trip formatting, so equal values compare equal).</summary>
    internal static IReadOnlyDictionary<string, string> Settings(params (string Key, double Value)[] values) =>
        values.ToDictionary(v => v.Key, v => v.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
}
