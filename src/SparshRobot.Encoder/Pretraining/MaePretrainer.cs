using System.Globalization;
using ScottPlot;
using SparshRobot.Core.IO;
using SparshRobot.Encoder.Checkpoints;
using SparshRobot.Encoder.Model;
using SparshRobot.Encoder.Training;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace SparshRobot.Encoder.Pretraining;

public sealed record MaePretrainingOptions
{
    public required VitConfig Encoder { get; init; }

    public MaeOptions Mae { get; init; } = new();

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

/// <summary>
/// MAE pretraining loop with resumable checkpoints in one run folder:
/// <c>mae_last.safetensors</c> (encoder.* and decoder weights, step and configuration in the metadata),
/// <c>mae_last.optim.pt</c> (AdamW state, PyTorch format via PyBridge), <c>mae_loss.csv</c>, <c>mae_loss.png</c>,
/// <c>config.yaml</c> (the effective configuration, when the options carry one), and at the end <c>encoder.safetensors</c>, a flat backbone file that every encoder command loads.
/// Batches are drawn with a generator seeded by (seed, step), so a resumed run sees what an uninterrupted one would.
/// </summary>
public static class MaePretrainer
{
    public const string LastCheckpoint = "mae_last.safetensors";
    public const string OptimizerState = "mae_last.optim.pt";
    public const string LossLog = "mae_loss.csv";
    public const string EncoderFile = "encoder.safetensors";
    public const string LossPlot = "mae_loss.png";

    /// <summary>The checkpoint metadata entry holding <see cref="MaePretrainingOptions.Settings"/>.</summary>
    private const string SettingsKey = "config";

    /// <summary>Runs (or resumes) pretraining on <paramref name="frames"/>.</summary>
    public static IReadOnlyList<double> Run(IFrameSource frames, string outputDir, MaePretrainingOptions options, Device? device = null,
        bool resume = false, Action<int, double>? onStep = null)
    {
        device ??= CPU;
        var run = new TrainingRun(outputDir);
        manual_seed(options.Seed);
        using var model = new MaeModel(options.Encoder, options.Mae);
        model.to(device);
        using var optimizer = optim.AdamW(model.parameters(), options.LearningRate, weight_decay: options.WeightDecay);
        var losses = new List<double>();
        var start = 0;
        var log = run.Log(LossLog, header: null);
        if (run.Resumes(LastCheckpoint, resume, "resume"))
        {
            start = Restore(model, optimizer, run, log, options, losses);
        }
        else
        {
            log.Start();
        }
        if (options.Settings is { } settings)
        {
            run.WriteEffectiveConfig(settings);
        }
        model.train();
        for (var step = start; step < options.Steps; step++)
        {
            using var scope = NewDisposeScope();
            using var generator = new Generator((ulong)(options.Seed * 1_000_003 + step));
            var index = randint(frames.Count, [Math.Min(options.BatchSize, frames.Count)], generator: generator);
            var batch = frames.Gather(index.data<long>().ToArray()).to(device);
            if (batch.dtype == ScalarType.Byte)
            {
                batch = batch.to(ScalarType.Float32) / 255f;
            }
            var loss = model.Loss(batch, generator.device == device ? generator : null);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            var value = loss.item<float>();
            losses.Add(value);
            log.Append($"{step + 1},{value.ToString("R", CultureInfo.InvariantCulture)}");
            onStep?.Invoke(step + 1, value);
            if ((step + 1) % options.CheckpointEvery == 0 || step + 1 == options.Steps)
            {
                Save(model, optimizer, run, options, step + 1);
            }
        }
        WritePlot(run, losses);
        SafetensorsWriter.Write(run.PathOf(EncoderFile), model.Encoder.state_dict(), new Dictionary<string, string>
        {
            ["num_heads"] = options.Encoder.NumHeads.ToString(CultureInfo.InvariantCulture),
            ["method"] = "mae",
        });
        return losses;
    }

    private static void Save(MaeModel model, TorchSharp.Modules.AdamW optimizer, TrainingRun run, MaePretrainingOptions options, int step)
    {
        // Optimizer first: the model file's step is what a resume trusts.
        AtomicFile.Replace(run.PathOf(OptimizerState), temp => optimizer.save_py(temp));
        SafetensorsWriter.Write(run.PathOf(LastCheckpoint), model.state_dict(), Describe(options, step));
    }

    private static int Restore(MaeModel model, TorchSharp.Modules.AdamW optimizer, TrainingRun run, TrainingLog log, MaePretrainingOptions options, List<double> losses)
    {
        var path = run.PathOf(LastCheckpoint);
        using var file = SafetensorsFile.Open(path);
        if (options.Settings is { } settings && file.Metadata.TryGetValue(SettingsKey, out var saved) && YamlConfig.ResumeConflict(saved, settings) is { } conflict)
        {
            throw new CheckpointException(path, conflict);
        }
        var expected = Describe(options, 0);
        var differences = expected.Where(kv => kv.Key is not ("step" or SettingsKey) && (!file.Metadata.TryGetValue(kv.Key, out var v) || v != kv.Value))
            .Select(kv => $"{kv.Key}: checkpoint {(file.Metadata.TryGetValue(kv.Key, out var v) ? v : "absent")}, requested {kv.Value}")
            .ToList();
        if (differences.Count > 0)
        {
            throw new CheckpointException(path, differences);
        }
        StrictLoader.Load(model, file);
        optimizer.load_py(run.PathOf(OptimizerState));
        var step = int.Parse(file.Metadata["step"], CultureInfo.InvariantCulture);
        losses.AddRange(log.CutBackTo(step).Select(line => double.Parse(line.Split(',')[1], CultureInfo.InvariantCulture)));
        return step;
    }

    private static Dictionary<string, string> Describe(MaePretrainingOptions options, int step)
    {
        string S(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var c = options.Encoder;
        var m = options.Mae;
        var metadata = new Dictionary<string, string>
        {
            ["format"] = "sparsh-robot-mae",
            ["step"] = step.ToString(CultureInfo.InvariantCulture),
            ["embed_dim"] = S(c.EmbedDim),
            ["depth"] = S(c.Depth),
            ["num_heads"] = S(c.NumHeads),
            ["registers"] = S(c.Registers),
            ["in_chans"] = S(c.InChannels),
            ["patch_size"] = S(c.PatchSize),
            ["mask_ratio"] = S(m.MaskRatio),
            ["decoder_dim"] = S(m.DecoderDim),
            ["decoder_depth"] = S(m.DecoderDepth),
            ["decoder_heads"] = S(m.DecoderHeads),
        };
        if (options.Settings is { } settings)
        {
            metadata[SettingsKey] = settings;
        }
        return metadata;
    }

    private static void WritePlot(TrainingRun run, List<double> losses)
    {
        var plot = new Plot();
        plot.Add.Scatter(Enumerable.Range(1, losses.Count).Select(i => (double)i).ToArray(), losses.ToArray());
        plot.Title("MAE pretraining loss (masked patches, MSE)");
        plot.XLabel("step");
        plot.YLabel("loss");
        run.SavePlot(plot, LossPlot, legend: false);
    }
}
