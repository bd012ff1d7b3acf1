using static TorchSharp.torch;

namespace SparshRobot.Encoder.Probes;

/// <summary>
/// Frozen-encoder tokens with their labels, all on CPU, rows in episode order. Only the labels of the task being
/// trained need to be present: force (n, 3) in N for T1; slip (n) 0/1 and delta force (n, 3) in N for T2; pose
/// bins (n, 3) in 0..10 for T3.
/// </summary>
public sealed class LabelledEmbeddings : IDisposable
{
    public required Tensor Tokens { get; init; }

    public required int[] Episode { get; init; }

    public Tensor? Force { get; init; }

    public Tensor? Slip { get; init; }

    public Tensor? DeltaForce { get; init; }

    public Tensor? PoseBins { get; init; }

    /// <summary>All ticks recorded and the slipping ones, summed over the episodes; null unless every episode has them.</summary>
    public (long Ticks, long Slipping)? NaturalSlip { get; init; }

    public long Count => Tokens.shape[0];

    public int EmbedDim => (int)Tokens.shape[2];

    public void Require(ProbeTask task, string source)
    {
        var missing = task switch
        {
            ProbeTask.Force when Force is null => "force (n, 3)",
            ProbeTask.Slip when Slip is null || DeltaForce is null => "slip (n) and delta_force (n, 3)",
            ProbeTask.Pose when PoseBins is null => "pose bins (n, 3)",
            _ => null,
        };
        if (missing is not null)
        {
            throw new InvalidDataException($"{source}: the {task} task needs {missing} labels");
        }
    }

    public void Dispose()
    {
        Tokens.Dispose();
        Force?.Dispose();
        Slip?.Dispose();
        DeltaForce?.Dispose();
        PoseBins?.Dispose();
    }
}

/// <summary>
/// The scale a probe's regression outputs assume (reference §4.2): targets are divided by these and clipped to
/// [-1, 1]. Defaults are DIGIT's; GelSight Mini uses [1.5, 1.5, 2] and [0.8, 0.8, 0.4].
/// </summary>
public sealed record ProbeNormalization(float[] MaxForce, float[] MaxDeltaForce)
{
    public static ProbeNormalization Digit { get; } = new([4f, 4f, 5f], [0.4f, 0.4f, 0.3f]);

    public static ProbeNormalization GelSightMini { get; } = new([1.5f, 1.5f, 2f], [0.8f, 0.8f, 0.4f]);

    public bool Equals(ProbeNormalization? other) =>
        other is not null && MaxForce.SequenceEqual(other.MaxForce) && MaxDeltaForce.SequenceEqual(other.MaxDeltaForce);

    public override int GetHashCode() => HashCode.Combine(MaxForce.Sum(), MaxDeltaForce.Sum());
}
