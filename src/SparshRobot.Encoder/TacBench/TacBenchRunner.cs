using System.Diagnostics;
using SparshRobot.Encoder.Model;
using SparshRobot.Encoder.Probes;
using static TorchSharp.torch;

namespace SparshRobot.Encoder.TacBench;

/// <summary>A frozen encoder under test: its name in the results and its checkpoint (any format the checkpoint loader reads).</summary>
public sealed record TacBenchEncoder(string Name, string Checkpoint)
{
    /// <summary>Reads <c>NAME=PATH</c>.</summary>
    public static TacBenchEncoder Parse(string text)
    {
        var at = text.IndexOf('=', StringComparison.Ordinal);
        return at > 0 && at < text.Length - 1
            ? new TacBenchEncoder(text[..at].Trim(), text[(at + 1)..].Trim())
            : throw new ArgumentException($"--encoder '{text}': expected NAME=PATH, e.g. mae=policies/models/encoder/encoder.safetensors");
    }
}

/// <summary>What one <c>tacbench run</c> measures.</summary>
/// <param name="Data">Labelled touch: <c>&lt;data&gt;/{train,test}/&lt;episode&gt;/&lt;finger&gt;/</c> as <c>sim record-touch</c> writes it.</param>
/// <param name="Budgets">Fractions of the training split, in (0, 1].</param>
/// <param name="Seeds">Seeds per cell (0 .. Seeds-1): each draws its own budget rows and initial weights.</param>
/// <param name="Probe">Probe training (epochs, batch, rate, pooler heads); the seed and epoch choice are set per cell.</param>
/// <param name="EndToEnd">The end-to-end baseline's training; null: no baseline.</param>
/// <param name="Cache">Embedding cache folder (default <c>&lt;data&gt;/.embeddings</c>).</param>
public sealed record TacBenchOptions(IReadOnlyList<TacBenchEncoder> Encoders, string Data, IReadOnlyList<TacBenchTask> Tasks, IReadOnlyList<double> Budgets, int Seeds,
    ProbeTrainingOptions Probe, EndToEndOptions? EndToEnd, string? Cache = null, int? EncoderHeads = null)
{
    public void Validate()
    {
        if (Encoders.Count == 0 && EndToEnd is null)
        {
            throw new ArgumentException("nothing to measure: give at least one --encoder NAME=PATH or keep the end-to-end baseline");
        }
        foreach (var encoder in Encoders)
        {
            if (encoder.Name is TacBenchRunner.EndToEndName or TacBenchRunner.ConstantName)
            {
                throw new ArgumentException($"--encoder {encoder.Name}={encoder.Checkpoint}: '{encoder.Name}' names a baseline; call the encoder something else");
            }
            if (!File.Exists(encoder.Checkpoint))
            {
                throw new FileNotFoundException($"--encoder {encoder.Name}: checkpoint {encoder.Checkpoint} not found", encoder.Checkpoint);
            }
        }
        if (Encoders.Select(e => e.Name).Distinct(StringComparer.Ordinal).Count() != Encoders.Count)
        {
            throw new ArgumentException($"--encoder names must differ: {string.Join(", ", Encoders.Select(e => e.Name))}");
        }
        if (Seeds < 1)
        {
            throw new ArgumentException($"--seeds is {Seeds}, expected at least 1");
        }
        if (Tasks.Count == 0 || Budgets.Count == 0)
        {
            throw new ArgumentException("no task or no budget to run");
        }
        EndToEnd?.Validate();
    }
}

/// <summary>One trained and scored probe (or baseline): a row of <c>tacbench.csv</c>.</summary>
public sealed record TacBenchResult(string Encoder, string Task, double Budget, int Seed, long TrainRows, string Metric, double Value, bool HigherIsBetter, double Seconds);

/// <summary>
/// Runs TacBench on labelled touch: for every frozen encoder, the task probes trained on the cached tokens of each
/// label budget and seed; the same cells for the end-to-end baseline (a ViT of the first encoder's size from random
/// weights, trained with the probe) and for the constant predictor fitted on the budget's labels. Every model is
/// scored once, after its last epoch, on the whole test split: nothing is chosen on it. Slip is scored by the
/// reference's protocol, the weighted loss's own probability against its 0.4 threshold: the recorded moments keep every
/// slipping tick but only some others, so a probability corrected to the natural slip rate (as the estimator reads it)
/// would be judged against a slip share it was not corrected for, and at 0.4 it calls no slip at all.
/// </summary>
public static class TacBenchRunner
{
    public const string EndToEndName = "e2e";
    public const string ConstantName = "constant";

    /// <param name="progress">Gets what runs now, the cells done and the cells in all.</param>
    public static IReadOnlyList<TacBenchResult> Run(TacBenchOptions options, Action<string, int, int>? progress = null)
    {
        options.Validate();
        var train = TactileDataset.Open(options.Data, "train");
        var test = TactileDataset.Open(options.Data, "test");
        var shared = train.Episodes.Select(train.EpisodeKey).Intersect(test.Episodes.Select(test.EpisodeKey), StringComparer.Ordinal).ToList();
        if (shared.Count > 0)
        {
            throw new InvalidDataException($"{options.Data}: episode(s) {string.Join(", ", shared.Take(3))} are in both the train and the test split; a budget must never see the test episodes");
        }
        var models = options.Encoders.Count + (options.EndToEnd is null ? 0 : 1);
        var total = models * options.Tasks.Count * options.Budgets.Count * options.Seeds;
        var results = new List<TacBenchResult>();
        void Report(string what) => progress?.Invoke(what, results.Count(r => r.Encoder != ConstantName), total);
        VitConfig? size = null;
        foreach (var encoder in options.Encoders)
        {
            LabelledEmbeddings trainRows, testRows;
            using (var frozen = TactileEncoder.Open(encoder.Checkpoint, CPU, options.EncoderHeads))
            {
                size ??= frozen.Config;
                var cache = options.Cache ?? Path.Combine(options.Data, ".embeddings");
                Report($"{encoder.Name}: encoding the training split");
                trainRows = EmbeddingCache.Load(frozen, train, cache);
                Report($"{encoder.Name}: encoding the test split");
                testRows = EmbeddingCache.Load(frozen, test, cache);
            }
            using (trainRows)
            using (testRows)
            {
                RunCells(encoder.Name, options, train, test, trainRows, testRows, results, Report,
                    (task, all, subset, testSet, seed) => ScoreProbe(task, all, subset, testSet, options.Probe with { Seed = seed }));
            }
        }
        if (options.EndToEnd is { } e2e)
        {
            using var trainInputs = LabelledEmbeddings.Read(train, (_, episode) => [TactileDataset.ReadStoredInputs(episode)]);
            using var testInputs = LabelledEmbeddings.Read(test, (_, episode) => [TactileDataset.ReadStoredInputs(episode)]);
            var config = EndToEndConfig(size, trainInputs.Tokens, train.Root);
            RunCells(EndToEndName, options, train, test, trainInputs, testInputs, results, Report, (task, _, subset, testSet, seed) =>
                EndToEndTrainer.TrainAndScore(task, subset, testSet, config, options.Probe.PoolerHeads, e2e, options.Probe.Normalization, seed));
        }
        return results;
    }

    /// <summary>
    /// One frozen-encoder cell: a probe trained on <paramref name="subset"/> (standardized by every training row in
    /// <paramref name="all"/>, labelled or not), scored once after its last epoch on <paramref name="test"/>.
    /// </summary>
    internal static ProbeScore ScoreProbe(ProbeTask task, LabelledEmbeddings all, LabelledEmbeddings subset, LabelledEmbeddings test, ProbeTrainingOptions options)
    {
        // Standardized by the whole training split: with 1 % of the labels the budget's few rows would give near-zero
        // spreads that blow the test tokens up.
        var trained = ProbeTrainer.Train(task, subset, test, options with { KeepBestEpoch = false }, standardizeOn: all.Tokens);
        using var probe = trained.Probe;
        return trained.BestScore;
    }

    /// <summary>The rows a task learns from: one per fingertip frame, or one per moment with both fingertips.</summary>
    private static LabelledEmbeddings View(TacBenchTask task, LabelledEmbeddings rows, TactileDataset dataset) =>
        task.BothFingers ? FingerPairs.Join(rows, dataset) : rows;

    /// <summary>What the budget's rows are drawn evenly from: the class for classification, the episode for regression.</summary>
    private static long[] Strata(ProbeTask task, LabelledEmbeddings rows) => task switch
    {
        ProbeTask.Slip => rows.Slip!.to(ScalarType.Int64).data<long>().ToArray(),
        ProbeTask.Grasp => rows.Grasp!.to(ScalarType.Int64).data<long>().ToArray(),
        _ => [.. rows.Episode.Select(e => (long)e)],
    };

    private static void RunCells(string name, TacBenchOptions options, TactileDataset train, TactileDataset test, LabelledEmbeddings trainRows, LabelledEmbeddings testRows,
        List<TacBenchResult> results, Action<string> report, Func<ProbeTask, LabelledEmbeddings, LabelledEmbeddings, LabelledEmbeddings, int, ProbeScore> score)
    {
        // The constant predictor depends on the labels only: measured once, beside the first model.
        var constant = results.Count == 0;
        foreach (var task in options.Tasks)
        {
            var trainView = View(task, trainRows, train);
            var testView = View(task, testRows, test);
            try
            {
                trainView.Require(task.Probe, Path.Combine(train.Root, train.Split));
                testView.Require(task.Probe, Path.Combine(test.Root, test.Split));
                var strata = Strata(task.Probe, trainView);
                foreach (var budget in options.Budgets)
                {
                    for (var seed = 0; seed < options.Seeds; seed++)
                    {
                        report($"{name}: {task.Name} at {budget * 100:0.#} %, seed {seed}");
                        using var subset = trainView.Rows(LabelBudget.Select(strata, budget, seed));
                        var watch = Stopwatch.StartNew();
                        var value = task.Headline(score(task.Probe, trainView, subset, testView, seed));
                        results.Add(new TacBenchResult(name, task.Name, budget, seed, subset.Count, value.Name, value.Value, value.HigherIsBetter, watch.Elapsed.TotalSeconds));
                        if (constant)
                        {
                            var baseline = task.Headline(ProbeTrainer.Baseline(task.Probe, subset, testView, options.Probe.Normalization));
                            results.Add(new TacBenchResult(ConstantName, task.Name, budget, seed, subset.Count, baseline.Name, baseline.Value, baseline.HigherIsBetter, 0));
                        }
                    }
                }
            }
            finally
            {
                if (!ReferenceEquals(trainView, trainRows))
                {
                    trainView.Dispose();
                }
                if (!ReferenceEquals(testView, testRows))
                {
                    testView.Dispose();
                }
            }
        }
    }

    /// <summary>The frozen encoders' size (ViT-Tiny when none is given) without registers, at the recorded input size.</summary>
    private static VitConfig EndToEndConfig(VitConfig? frozen, Tensor inputs, string data)
    {
        if (inputs.dim() != 4)
        {
            throw new InvalidDataException($"{data}: the end-to-end baseline takes image pairs (T, C, H, W); found inputs shaped ({string.Join(", ", inputs.shape.Skip(1))}) per frame");
        }
        var size = frozen ?? VitConfig.ForSize(VitSize.Tiny);
        var config = size with { Registers = 0, InChannels = (int)inputs.shape[1], Height = (int)inputs.shape[2], Width = (int)inputs.shape[3], Mode = InputMode.Image };
        config.Validate();
        return config;
    }
}
