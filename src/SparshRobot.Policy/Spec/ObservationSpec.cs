using SparshRobot.Policy.Datasets;

namespace SparshRobot.Policy.Spec;

/// <summary>
/// Exactly what a policy observes: which sensors, how their images were made, at what rate, which encoder produced
/// the tokens and which state features follow. Saved inside every policy checkpoint; a policy refuses to run on
/// observations built any other way (a different encoder, stride, size or rate silently changes what it sees).
/// </summary>
public sealed record ObservationSpec(
    IReadOnlyList<string> Sensors,
    int ImageHeight,
    int ImageWidth,
    int FrameStride,
    double RateHz,
    IReadOnlyList<string> StateFeatures,
    int ObservationSteps,
    string EncoderIdentity,
    int Tokens,
    int EmbedDim)
{
    public static ObservationSpec From(DatasetManifest manifest, int observationSteps, string encoderIdentity, int tokens, int embedDim) => new(
        [.. manifest.Sensors.Select(s => s.Name)],
        manifest.ImageHeight,
        manifest.ImageWidth,
        manifest.FrameStride,
        manifest.RateHz,
        [.. manifest.StateFeatures],
        observationSteps,
        encoderIdentity,
        tokens,
        embedDim);

    /// <summary>Every way <paramref name="actual"/> differs from this spec, as readable lines (empty when compatible).</summary>
    public IReadOnlyList<string> Differences(ObservationSpec actual)
    {
        var differences = new List<string>();
        void Compare<T>(string field, T expected, T found)
        {
            if (!EqualityComparer<T>.Default.Equals(expected, found))
            {
                differences.Add($"{field}: expected {expected}, found {found}");
            }
        }
        Compare("sensors", string.Join(",", Sensors), string.Join(",", actual.Sensors));
        Compare("image", $"{ImageHeight}x{ImageWidth}", $"{actual.ImageHeight}x{actual.ImageWidth}");
        Compare("frame_stride", FrameStride, actual.FrameStride);
        Compare("rate_hz", RateHz, actual.RateHz);
        Compare("state_features", string.Join(",", StateFeatures), string.Join(",", actual.StateFeatures));
        Compare("observation_steps", ObservationSteps, actual.ObservationSteps);
        Compare("encoder", EncoderIdentity, actual.EncoderIdentity);
        Compare("tokens", Tokens, actual.Tokens);
        Compare("embed_dim", EmbedDim, actual.EmbedDim);
        return differences;
    }

    /// <summary>Throws an error listing every difference, naming <paramref name="what"/> (a checkpoint file, a node).</summary>
    public void RequireCompatible(ObservationSpec actual, string what)
    {
        var differences = Differences(actual);
        if (differences.Count > 0)
        {
            throw new PolicySpecMismatchException(what, differences);
        }
    }
}

/// <summary>What a policy emits: action features, the predicted chunk length and how many steps of it are executed.</summary>
public sealed record ActionSpec(IReadOnlyList<string> Features, int Horizon, int ExecutedSteps);

/// <summary>A policy was asked to run on observations it was not trained on; lists every difference.</summary>
public sealed class PolicySpecMismatchException(string what, IReadOnlyList<string> differences)
    : Exception($"{what}: the policy was trained on different observations:\n  " + string.Join("\n  ", differences))
{
    public IReadOnlyList<string> Differences { get; } = differences;
}
