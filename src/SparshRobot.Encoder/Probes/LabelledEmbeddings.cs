using static TorchSharp.torch;

namespace SparshRobot.Encoder.Probes;

/// <summary>
/// Frozen-encoder tokens with their labels, all on CPU, rows in episode order. Only the labels of the task being
/// trained need to be present: force (n, 3) in N for T1; slip (n) 0/1 and delta force (n, 3) in N for T2; pose
/// bins (n, 3) in 0..10 for T3; grasp stability (n) 0/1 for T4.
/// </summary>
public sealed class LabelledEmbeddings : IDisposable
{
    /// <summary>Each row's model input: frozen-encoder tokens (n, N, D), or the encoder inputs for a model that trains its own encoder.</summary>
    public required Tensor Tokens { get; init; }

    public required int[] Episode { get; init; }

    public Tensor? Force { get; init; }

    public Tensor? Slip { get; init; }

    public Tensor? DeltaForce { get; init; }

    public Tensor? PoseBins { get; init; }

    public Tensor? Grasp { get; init; }

    /// <summary>The tick of each row's newest frame (n): rows of two sensors with the same tick are one moment.</summary>
    public Tensor? Sequence { get; init; }

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
            ProbeTask.Grasp when Grasp is null => "grasp_stable (n)",
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
        Grasp?.Dispose();
        Sequence?.Dispose();
    }

    /// <summary>The given rows as a new set (in the order given); the natural slip counts carry over.</summary>
    public LabelledEmbeddings Rows(long[] rows)
    {
        using var index = tensor(rows);
        Tensor? Pick(Tensor? t) => t?.index_select(0, index);
        return new LabelledEmbeddings
        {
            Tokens = Tokens.index_select(0, index),
            Episode = [.. rows.Select(r => Episode[r])],
            Force = Pick(Force),
            Slip = Pick(Slip),
            DeltaForce = Pick(DeltaForce),
            PoseBins = Pick(PoseBins),
            Grasp = Pick(Grasp),
            Sequence = Pick(Sequence),
            NaturalSlip = NaturalSlip,
        };
    }

    /// <summary>
    /// Reads a dataset split: <paramref name="rows"/> gives each episode's model inputs (one tensor per copy, each with
    /// the episode's frame count in its first dimension); every copy is labelled with the episode's label files.
    /// </summary>
    public static LabelledEmbeddings Read(TactileDataset dataset, Func<int, string, IReadOnlyList<Tensor>> rows, Action<int, int>? onEpisode = null)
    {
        var inputs = new List<Tensor>();
        var episodes = new List<int>();
        var labels = LabelFiles.Select(_ => new List<Tensor>()).ToArray();
        var slipTicks = new List<(long Ticks, long Slipping)>();
        try
        {
            for (var e = 0; e < dataset.Episodes.Count; e++)
            {
                var episode = dataset.Episodes[e];
                var copies = rows(e, episode);
                inputs.AddRange(copies);
                var frames = copies[0].shape[0];
                var read = LabelFiles.Select(f => TactileDataset.ReadLabel(episode, f.File, frames, f.Columns)).ToArray();
                foreach (var copy in copies)
                {
                    episodes.AddRange(Enumerable.Repeat(e, (int)frames));
                    for (var k = 0; k < read.Length; k++)
                    {
                        // A copy is labelled as its original: the same tensor is listed once per copy.
                        if (read[k] is { } label)
                        {
                            labels[k].Add(label);
                        }
                    }
                }
                if (TactileDataset.ReadSlipTicks(episode) is { } counts)
                {
                    slipTicks.Add(counts);
                }
                onEpisode?.Invoke(e + 1, dataset.Episodes.Count);
            }
            // A label is usable only when every row has it.
            Tensor? All(int k) => labels[k].Count == inputs.Count ? cat(labels[k], 0) : null;
            return new LabelledEmbeddings
            {
                Tokens = cat(inputs, 0),
                Episode = [.. episodes],
                Force = All(0),
                Slip = All(1),
                DeltaForce = All(2),
                PoseBins = All(3),
                Grasp = All(4),
                Sequence = All(5),
                NaturalSlip = slipTicks.Count == dataset.Episodes.Count ? (slipTicks.Sum(c => c.Ticks), slipTicks.Sum(c => c.Slipping)) : null,
            };
        }
        finally
        {
            foreach (var t in inputs.Concat(labels.SelectMany(l => l)).Distinct<Tensor>(ReferenceEqualityComparer.Instance))
            {
                t.Dispose();
            }
        }
    }

    /// <summary>The label files of <see cref="TactileDataset"/> in the order <see cref="Read"/> assembles them (columns 0: one value per row).</summary>
    private static readonly (string File, int Columns)[] LabelFiles =
    [
        ("force.npy", 3), ("slip.npy", 0), ("delta_force.npy", 3), ("pose_bins.npy", 3), (TactileDataset.GraspFile, 0), (TactileDataset.SequenceFile, 0),
    ];
}

/// <summary>
/// The scale a probe's regression outputs assume (docs/design-notes.md, "TacBench probes and metrics"): targets are
/// divided by these and clipped to [-1, 1]. Defaults are DIGIT's; GelSight Mini uses [1.5, 1.5, 2] and [0.8, 0.8, 0.4].
/// </summary>
public sealed record ProbeNormalization(float[] MaxForce, float[] MaxDeltaForce)
{
    public static ProbeNormalization Digit { get; } = new([4f, 4f, 5f], [0.4f, 0.4f, 0.3f]);

    public static ProbeNormalization GelSightMini { get; } = new([1.5f, 1.5f, 2f], [0.8f, 0.8f, 0.4f]);

    public bool Equals(ProbeNormalization? other) =>
        other is not null && MaxForce.SequenceEqual(other.MaxForce) && MaxDeltaForce.SequenceEqual(other.MaxDeltaForce);

    public override int GetHashCode() => HashCode.Combine(MaxForce.Sum(), MaxDeltaForce.Sum());
}
