using SparshRobot.Encoder.Probes;

namespace SparshRobot.Encoder.TacBench;

/// <summary>The TacBench tasks run on labelled touch (docs/design-notes.md, "TacBench probes and metrics"): the probe
/// task and whether both fingers feed it.</summary>
/// <param name="Name">The command-line name.</param>
/// <param name="Probe">The probe head and loss.</param>
/// <param name="BothFingers">One row per moment with both fingertips' tokens side by side, instead of one row per fingertip.</param>
/// <param name="Description">What the task measures, for help and reports.</param>
/// <param name="Detail">
/// The probe score's detail that is this task's value instead of the score itself: grasp stability is scored by its
/// balanced accuracy, since the bead stays in the hand at most moments and always answering "stays" scores its share.
/// </param>
public sealed record TacBenchTask(string Name, ProbeTask Probe, bool BothFingers, string Description, string? Detail = null)
{
    public static IReadOnlyList<TacBenchTask> All { get; } =
    [
        new("force", ProbeTask.Force, false, "T1 normal and shear force (error, mN)"),
        new("slip", ProbeTask.Slip, false, "T2 slip over the 80 ms window (F1)"),
        new("pose", ProbeTask.Pose, false, "T3 contact pose on the pad, offset bins and wire angle bins (accuracy)"),
        new("grasp", ProbeTask.Grasp, false, "T4 grasp stability from one finger (balanced accuracy)", BalancedAccuracy),
        new("grasp-both", ProbeTask.Grasp, true, "T4 grasp stability from both fingers (balanced accuracy)", BalancedAccuracy),
    ];

    private const string BalancedAccuracy = "balanced accuracy";

    /// <summary>The value this task reports for a probe's (or baseline's) score.</summary>
    public ProbeScore Headline(ProbeScore score)
    {
        if (Detail is null)
        {
            return score;
        }
        return score.Details.TryGetValue(Detail, out var value)
            ? new ProbeScore($"{Name} {Detail}", value, HigherIsBetter: true, score.Details)
            : throw new InvalidOperationException($"task {Name}: the score '{score.Name}' has no '{Detail}'");
    }

    /// <summary>Tasks by name, comma-separated ("all" or empty: every task).</summary>
    public static IReadOnlyList<TacBenchTask> Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Trim() == "all")
        {
            return All;
        }
        var tasks = new List<TacBenchTask>();
        foreach (var name in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var task = All.FirstOrDefault(t => t.Name == name)
                ?? throw new ArgumentException($"unknown task '{name}' in --tasks '{text}'; expected {string.Join(", ", All.Select(t => t.Name))} or all");
            if (!tasks.Contains(task))
            {
                tasks.Add(task);
            }
        }
        return tasks;
    }
}
