using ScottPlot;
using SparshRobot.Core.Geometry;
using SparshRobot.Policy.Datasets;
using SparshRobot.Policy.Embeddings;
using SparshRobot.Policy.Models;
using SparshRobot.Policy.Spec;
using SparshRobot.Policy.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SparshRobot.Policy.Evaluation;

/// <summary>Which action of each predicted chunk the offline metric executes.</summary>
public enum ExecutedAction
{
    /// <summary>Element 0: the delta for the very step the metric advances (our chunks start at the newest observation).</summary>
    First,

    /// <summary>Element n_action_steps - 1, the reference's <c>action[-1]</c> (a delta meant for a later step).</summary>
    Last,

    /// <summary>ACT temporal ensembling of every chunk covering the step (<see cref="TemporalEnsembler"/>).</summary>
    Ensemble,
}

/// <summary>One validation episode: T6 error in metres and both paths (x, y, z in metres) for plotting.</summary>
public sealed record EpisodeTrajectory(string Episode, double Error, IReadOnlyList<Vec3> TruePath, IReadOnlyList<Vec3> PredictedPath);

/// <summary>
/// Offline T6 evaluation: the policy sees every step of each validation episode in order (true observations), one
/// action per step is executed open-loop from the first true position, and <see cref="TrajectoryError"/> scores the
/// path. The first three state columns are the end-effector x, y, z and the first three action columns their deltas.
/// </summary>
public static class PolicyEvaluator
{
    public static IReadOnlyList<EpisodeTrajectory> Evaluate(ITactilePolicy policy, PolicyDataset dataset, EmbeddingStore store, Device device,
        ExecutedAction executed = ExecutedAction.First, long seed = 0, string split = PolicyDataset.ValidationSplit, int batch = 128,
        Action<int, int>? onEpisode = null)
    {
        var manifest = dataset.Manifest;
        if (manifest.StateFeatures.Count < 3 || manifest.ActionFeatures.Count < 3)
        {
            throw new InvalidDataException($"{dataset.Root}: state_features [{string.Join(", ", manifest.StateFeatures)}] and action_features [{string.Join(", ", manifest.ActionFeatures)}]: expected x, y, z positions and their deltas first");
        }
        var observation = policy.Observation;
        using var samples = new PolicySamples(dataset, store.Load(split), observation.ObservationSteps, 1);
        policy.Observation.RequireCompatible(
            ObservationSpec.From(manifest, observation.ObservationSteps, store.EncoderIdentity, samples.Tokens.Tokens, samples.Tokens.EmbedDim),
            $"{dataset.Root} with encoder {store.EncoderIdentity[..12]}");
        var results = new List<EpisodeTrajectory>();
        var episodes = samples.Tokens.Episodes;
        for (var e = 0; e < episodes.Count; e++)
        {
            var (first, end) = (samples.Tokens.Offsets[e], samples.Tokens.Offsets[e + 1]);
            var generator = new Generator((ulong)seed);
            var chunks = new List<float[][]>();
            for (var start = first; start < end; start += batch)
            {
                using var scope = NewDisposeScope();
                var input = samples.Batch(arange(start, Math.Min(end, start + batch), dtype: ScalarType.Int64));
                var predicted = policy.Predict([.. input.Tokens.Select(t => t.to(device))], input.State.to(device),
                    device.type == DeviceType.CPU ? generator : null).cpu();
                var (b, h, a) = (predicted.shape[0], predicted.shape[1], predicted.shape[2]);
                var flat = predicted.contiguous().data<float>().ToArray();
                for (var i = 0; i < b; i++)
                {
                    chunks.Add([.. Enumerable.Range(0, (int)h).Select(k => flat.AsSpan((int)((i * h + k) * a), (int)a).ToArray())]);
                }
            }
            var deltas = Executed(chunks, executed, policy.Action).Select(d => new Vec3(d[0], d[1], d[2])).ToList();
            using var states = samples.States.narrow(0, first, end - first).contiguous();
            var s = states.data<float>().ToArray();
            var columns = manifest.StateFeatures.Count;
            var truth = Enumerable.Range(0, (int)(end - first)).Select(i => new Vec3(s[i * columns], s[i * columns + 1], s[i * columns + 2])).ToList();
            var (error, path) = TrajectoryError.Compute(truth, deltas);
            results.Add(new EpisodeTrajectory(episodes[e].Name, error, truth, path));
            onEpisode?.Invoke(e + 1, episodes.Count);
        }
        return results;
    }

    private static IEnumerable<float[]> Executed(List<float[][]> chunks, ExecutedAction executed, ActionSpec action)
    {
        var ensembler = new TemporalEnsembler(chunks[0][0].Length);
        for (var t = 0; t < chunks.Count; t++)
        {
            switch (executed)
            {
                case ExecutedAction.First:
                    yield return chunks[t][0];
                    break;
                case ExecutedAction.Last:
                    yield return chunks[t][action.ExecutedSteps - 1];
                    break;
                default:
                    ensembler.Add(t, chunks[t]);
                    yield return ensembler.ActionAt(t);
                    break;
            }
        }
    }

    /// <summary>
    /// The T6 error of two policies that ignore touch, on the same episodes: holding still (zero deltas) and moving at
    /// a constant velocity (the mean action of the training split every step). The metric rewards staying near the
    /// path, so these say what a number means: a policy that does not beat them has learnt nothing useful.
    /// </summary>
    public static (double HoldStill, double MeanVelocity) Baselines(IReadOnlyList<EpisodeTrajectory> episodes, Vec3 meanAction)
    {
        if (episodes.Count == 0)
        {
            throw new ArgumentException("no episodes to compare against", nameof(episodes));
        }
        double Mean(Vec3 delta) => episodes.Average(e => TrajectoryError.Compute(e.TruePath, [.. Enumerable.Repeat(delta, e.TruePath.Count)]).MeanAbsoluteError);
        return (Mean(Vec3.Zero), Mean(meanAction));
    }

    /// <summary>
    /// True (solid) and predicted (dashed) end-effector paths of every episode in the board's x-z plane, millimetres,
    /// as the simulator's rollout plots draw the maze. One legend entry per episode (with its error), outside the
    /// data so that dozens of validation episodes leave the paths readable.
    /// </summary>
    public static void Plot(IReadOnlyList<EpisodeTrajectory> episodes, string path, string title)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (var i = 0; i < episodes.Count; i++)
        {
            var color = palette.GetColor(i);
            var e = episodes[i];
            var truth = plot.Add.ScatterLine(e.TruePath.Select(p => p.X * 1000).ToArray(), e.TruePath.Select(p => p.Z * 1000).ToArray(), color);
            truth.LineWidth = 2;
            truth.LegendText = $"{e.Episode} ({e.Error * 1000:F1} mm)";
            var predicted = plot.Add.ScatterLine(e.PredictedPath.Select(p => p.X * 1000).ToArray(), e.PredictedPath.Select(p => p.Z * 1000).ToArray(), color);
            predicted.LinePattern = LinePattern.Dashed;
        }
        plot.Axes.SquareUnits();
        plot.Title($"{title}\nsolid: true path, dashed: open-loop prediction");
        plot.XLabel("x (mm)");
        plot.YLabel("z (mm)");
        plot.ShowLegend(Edge.Right);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }
        plot.SavePng(path, 1300, 900);
    }
}
