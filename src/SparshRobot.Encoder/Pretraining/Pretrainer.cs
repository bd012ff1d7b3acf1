using System.Globalization;
using ScottPlot;
using SparshRobot.Core.IO;
using SparshRobot.Encoder.Checkpoints;
using SparshRobot.Encoder.Model;
using SparshRobot.Encoder.Pretraining.Dino;
using SparshRobot.Encoder.Pretraining.Jepa;
using SparshRobot.Encoder.Training;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace SparshRobot.Encoder.Pretraining;

public sealed record PretrainingOptions
{
    public PretrainMethod Method { get; init; } = PretrainMethod.Mae;

    /// <summary>The encoder trained; <see cref="InputMode.Video"/> (3 channels, 4 frames) for V-JEPA, image pairs otherwise.</summary>
    public required VitConfig Encoder { get; init; }

    public MaeOptions Mae { get; init; } = new();

    public DinoOptions Dino { get; init; } = new();

    public JepaOptions Jepa { get; init; } = new();

    /// <summary>Total optimizer steps; a resumed run continues up to this count.</summary>
    public int Steps { get; init; } = 1000;

    public int BatchSize { get; init; } = 32;

    public double LearningRate { get; init; } = 1.5e-4;

    public double WeightDecay { get; init; } = 0.05;

    public int CheckpointEvery { get; init; } = 100;

    public long Seed { get; init; }

    /// <summary>
    /// The effective configuration (YAML) the run is started with, when it has one: saved as <c>config.yaml</c> and in
    /// every checkpoint, and a resume with other settings is refused naming each.
    /// </summary>
    public string? Settings { get; init; }
}

/// <summary>What a run left: every step's loss, the encoder file written, and why the run collapsed (null if it did not).</summary>
public sealed record PretrainResult(IReadOnlyList<double> Losses, string EncoderPath, string? Collapse);

/// <summary>One finished step, for progress display: the loss and the method's diagnostics, named.</summary>
public sealed record PretrainProgress(int Step, double Loss, IReadOnlyList<(string Name, double Value)> Stats);

/// <summary>
/// The pretraining loop every method shares, with resumable checkpoints in one run folder (<c>m</c> = the method's
/// name): <c>m_last.safetensors</c> (all of the method's weights, step and settings in the metadata), <c>m_last.optim.pt</c>
/// (AdamW state, PyTorch format via PyBridge), <c>m_loss.csv</c> (step, loss, diagnostics; no header), <c>m_loss.png</c>,
/// <c>config.yaml</c> (the effective configuration, when the options carry one), and at the end <c>encoder.safetensors</c>,
/// a flat backbone file that every encoder command loads, or <c>encoder.collapsed.safetensors</c> when the run collapsed.
/// Batches are drawn with generators seeded by (seed, step), so a resumed run sees what an uninterrupted one would.
/// </summary>
public static class Pretrainer
{
    public const string EncoderFile = "encoder.safetensors";

    /// <summary>Where a collapsed run's encoder goes: kept for inspection, never taken for a good encoder.</summary>
    public const string CollapsedEncoderFile = "encoder.collapsed.safetensors";

    public static string LastCheckpoint(PretrainMethod method) => $"{method.Name()}_last.safetensors";

    public static string OptimizerState(PretrainMethod method) => $"{method.Name()}_last.optim.pt";

    public static string LossLog(PretrainMethod method) => $"{method.Name()}_loss.csv";

    public static string LossPlot(PretrainMethod method) => $"{method.Name()}_loss.png";

    /// <summary>The checkpoint metadata entry holding <see cref="PretrainingOptions.Settings"/>.</summary>
    private const string SettingsKey = "config";

    /// <summary>Builds the method's modules (seeded by the caller) for <paramref name="options"/>.</summary>
    public static IPretrainObjective Create(PretrainingOptions options) => options.Method switch
    {
        PretrainMethod.Mae => new MaeModel(options.Encoder, options.Mae),
        PretrainMethod.Dino => new DinoModel(options.Encoder, options.Dino, options.Steps),
        PretrainMethod.IJepa or PretrainMethod.VJepa => new JepaModel(options.Encoder, options.Jepa, options.Steps),
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.Method, "unknown pretraining method"),
    };

    /// <summary>Runs (or resumes) pretraining on <paramref name="frames"/>.</summary>
    public static PretrainResult Run(IFrameSource frames, string outputDir, PretrainingOptions options, Device? device = null,
        bool resume = false, Action<PretrainProgress>? onStep = null)
    {
        if ((options.Method == PretrainMethod.VJepa) != (options.Encoder.Mode == InputMode.Video))
        {
            throw new ArgumentException($"{options.Method.Name()} trains an encoder in {(options.Method == PretrainMethod.VJepa ? "video" : "image")} mode, the options give {options.Encoder.Mode}");
        }
        device ??= CPU;
        var run = new TrainingRun(outputDir);
        manual_seed(options.Seed);
        using var objective = Create(options);
        objective.State.to(device);
        using var optimizer = optim.AdamW(objective.Trainable, options.LearningRate, weight_decay: options.WeightDecay);
        var losses = new List<double>();
        var stats = new List<double[]>();
        var method = options.Method;
        var start = 0;
        var log = run.Log(LossLog(method), header: null);
        if (run.Resumes(LastCheckpoint(method), resume, "resume"))
        {
            start = Restore(objective, optimizer, run, log, options, losses, stats);
        }
        else
        {
            log.Start();
        }
        if (options.Settings is { } settings)
        {
            run.WriteEffectiveConfig(settings);
        }
        objective.State.train();
        for (var step = start; step < options.Steps; step++)
        {
            using var scope = NewDisposeScope();
            var seed = options.Seed * 1_000_003 + step;
            using var generator = new Generator((ulong)seed);
            var index = randint(frames.Count, [Math.Min(options.BatchSize, frames.Count)], generator: generator);
            var batch = objective.Batch(frames, index.data<long>().ToArray(), device);
            var output = objective.Step(batch, new StepContext(step, generator.device == device ? generator : null, new Random((int)(seed & int.MaxValue))));
            optimizer.zero_grad();
            output.Loss.backward();
            optimizer.step();
            objective.AfterStep(step);
            var value = output.Loss.item<float>();
            losses.Add(value);
            stats.Add(output.Stats);
            var line = string.Join(",", [(step + 1).ToString(CultureInfo.InvariantCulture), .. new[] { (double)value }.Concat(output.Stats).Select(v => v.ToString("R", CultureInfo.InvariantCulture))]);
            log.Append(line);
            onStep?.Invoke(new PretrainProgress(step + 1, value, [.. objective.StatNames.Zip(output.Stats)]));
            if ((step + 1) % options.CheckpointEvery == 0 || step + 1 == options.Steps)
            {
                Save(objective, optimizer, run, options, step + 1);
            }
        }
        WritePlot(run, objective.Title, method, losses);
        var collapse = objective.Collapse(stats);
        var (keep, drop) = collapse is null ? (EncoderFile, CollapsedEncoderFile) : (CollapsedEncoderFile, EncoderFile);
        // A stale file of the other verdict (from an earlier run in this folder) would contradict this one.
        File.Delete(run.PathOf(drop));
        var encoderPath = run.PathOf(keep);
        SafetensorsWriter.Write(encoderPath, objective.Encoder.state_dict(), new Dictionary<string, string>
        {
            ["num_heads"] = options.Encoder.NumHeads.ToString(CultureInfo.InvariantCulture),
            ["method"] = method.Name(),
        });
        return new PretrainResult(losses, encoderPath, collapse);
    }

    private static void Save(IPretrainObjective objective, TorchSharp.Modules.AdamW optimizer, TrainingRun run, PretrainingOptions options, int step)
    {
        // Optimizer first: the model file's step is what a resume trusts.
        AtomicFile.Replace(run.PathOf(OptimizerState(options.Method)), temp => optimizer.save_py(temp));
        SafetensorsWriter.Write(run.PathOf(LastCheckpoint(options.Method)), objective.State.state_dict(), Describe(objective, options, step));
    }

    private static int Restore(IPretrainObjective objective, TorchSharp.Modules.AdamW optimizer, TrainingRun run, TrainingLog log,
        PretrainingOptions options, List<double> losses, List<double[]> stats)
    {
        var path = run.PathOf(LastCheckpoint(options.Method));
        using var file = SafetensorsFile.Open(path);
        if (options.Settings is { } settings && file.Metadata.TryGetValue(SettingsKey, out var saved) && YamlConfig.ResumeConflict(saved, settings) is { } conflict)
        {
            throw new CheckpointException(path, conflict);
        }
        var expected = Describe(objective, options, 0);
        var differences = expected.Where(kv => kv.Key is not ("step" or SettingsKey) && (!file.Metadata.TryGetValue(kv.Key, out var v) || v != kv.Value))
            .Select(kv => $"{kv.Key}: checkpoint {(file.Metadata.TryGetValue(kv.Key, out var v) ? v : "absent")}, requested {kv.Value}")
            .ToList();
        if (differences.Count > 0)
        {
            throw new CheckpointException(path, differences);
        }
        StrictLoader.Load(objective.State, file);
        optimizer.load_py(run.PathOf(OptimizerState(options.Method)));
        var step = int.Parse(file.Metadata["step"], CultureInfo.InvariantCulture);
        foreach (var fields in log.CutBackTo(step).Select(line => line.Split(',').Skip(1).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()))
        {
            losses.Add(fields[0]);
            stats.Add(fields[1..]);
        }
        return step;
    }

    private static Dictionary<string, string> Describe(IPretrainObjective objective, PretrainingOptions options, int step)
    {
        string S(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var c = options.Encoder;
        var metadata = new Dictionary<string, string>
        {
            ["format"] = $"sparsh-robot-{options.Method.Name()}",
            ["step"] = step.ToString(CultureInfo.InvariantCulture),
            ["embed_dim"] = S(c.EmbedDim),
            ["depth"] = S(c.Depth),
            ["num_heads"] = S(c.NumHeads),
            ["registers"] = S(c.Registers),
            ["in_chans"] = S(c.InChannels),
            ["patch_size"] = S(c.PatchSize),
        };
        foreach (var (key, value) in objective.Settings)
        {
            metadata[key] = value;
        }
        if (options.Settings is { } settings)
        {
            metadata[SettingsKey] = settings;
        }
        return metadata;
    }

    private static void WritePlot(TrainingRun run, string title, PretrainMethod method, List<double> losses)
    {
        var plot = new Plot();
        plot.Add.Scatter(Enumerable.Range(1, losses.Count).Select(i => (double)i).ToArray(), losses.ToArray());
        plot.Title(title);
        plot.XLabel("step");
        plot.YLabel("loss");
        run.SavePlot(plot, LossPlot(method), legend: false);
    }
}
