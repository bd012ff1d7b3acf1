using System.Globalization;
using ScottPlot;
using SparshRobot.Core.IO;
using SparshRobot.Encoder.Checkpoints;
using SparshRobot.Encoder.Training;
using SparshRobot.Policy.Datasets;
using SparshRobot.Policy.Embeddings;
using SparshRobot.Policy.Normalization;
using SparshRobot.Policy.Policies;
using SparshRobot.Policy.Spec;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace SparshRobot.Policy.Training;

/// <summary>One finished epoch: mean training loss, EMA validation loss when it was computed, learning rate at its end.</summary>
public sealed record PolicyEpoch(int Epoch, long Step, double TrainLoss, double? ValLoss, double LearningRate);

/// <summary>
/// Behaviour-cloning training on cached frozen-encoder tokens. The run folder holds:
/// <c>train_state.safetensors</c> (<c>model.*</c> and <c>ema.*</c> weights, epoch and step, the config text) and
/// <c>train_state.optim.pt</c> (AdamW) every <c>checkpoint_every</c> epochs, at the end and when stopped, so
/// <c>--resume</c> continues exactly from there;
/// <c>checkpoints/epoch_NNNN.safetensors</c> every <c>checkpoint_every</c> epochs and <c>policy.safetensors</c> at
/// the end (EMA weights, <see cref="PolicyCheckpoint"/>); <c>loss.csv</c> and <c>loss.png</c>.
/// Batch order and diffusion noise come from generators seeded by (seed, epoch), so a resumed run draws what an
/// uninterrupted one would.
/// </summary>
public static class PolicyTrainer
{
    public const string StateFile = "train_state.safetensors";
    public const string OptimizerFile = "train_state.optim.pt";
    public const string FinalCheckpoint = "policy.safetensors";
    public const string LossLog = "loss.csv";

    /// <summary>The effective configuration of the run (the file with the command line's settings over it).</summary>
    public const string EffectiveConfig = YamlConfig.EffectiveFile;
    public const string LossPlot = "loss.png";

    /// <summary>Trains (or resumes) and returns the path of the final checkpoint, or null when stopped early.</summary>
    /// <param name="onStep">(step, total steps, batch loss) after every optimizer step.</param>
    public static string? Run(PolicyConfig config, PolicyDataset dataset, EmbeddingStore store, bool resume = false,
        Action<long, long, double>? onStep = null, Action<PolicyEpoch>? onEpoch = null, CancellationToken cancel = default)
    {
        var t = config.Training;
        var p = config.Policy;
        if (t.Threads > 0)
        {
            set_num_threads(t.Threads);
        }
        var device = new Device(t.Device);
        var run = new TrainingRun(config.Output);
        var resumes = run.Resumes(StateFile, resume, "--resume");
        using var train = new PolicySamples(dataset, store.Load(PolicyDataset.TrainSplit), p.NObsSteps, p.Horizon);
        using var val = dataset.Split(PolicyDataset.ValidationSplit).Count > 0
            ? new PolicySamples(dataset, store.Load(PolicyDataset.ValidationSplit), p.NObsSteps, p.Horizon)
            : null;
        var spec = ObservationSpec.From(dataset.Manifest, p.NObsSteps, store.EncoderIdentity, train.Tokens.Tokens, train.Tokens.EmbedDim);
        var stateNormalizer = AffineNormalizer.Fit(dataset.Statistics.State, NormalizationMode.MeanStd);
        var actionNormalizer = AffineNormalizer.Fit(dataset.Statistics.Action, NormalizationMode.MinMax);

        manual_seed(t.Seed);
        using var model = new TactilePolicy(config, spec, dataset.Manifest.ActionFeatures, stateNormalizer, actionNormalizer);
        using var ema = new TactilePolicy(config, spec, dataset.Manifest.ActionFeatures, stateNormalizer, actionNormalizer);
        model.to(device);
        ema.to(device);
        CopyWeights(model, ema);
        ema.eval();
        using var optimizer = optim.AdamW(model.parameters(), t.Lr, t.Betas[0], t.Betas[1], weight_decay: t.WeightDecay);

        var history = new List<PolicyEpoch>();
        var log = run.Log(LossLog, Header);
        var (epoch, step) = resumes ? Restore(model, ema, optimizer, config, run, log, history) : (0, 0L);
        run.WriteEffectiveConfig(config.Text);
        if (epoch == 0)
        {
            log.Start();
        }
        var stepsPerEpoch = (train.Count + t.BatchSize - 1) / t.BatchSize;
        var totalSteps = stepsPerEpoch * t.Epochs;
        while (epoch < t.Epochs && !cancel.IsCancellationRequested)
        {
            epoch++;
            model.train();
            var order = new Generator((ulong)(t.Seed * 1_000_003 + epoch));
            var noise = new Generator((ulong)(t.Seed * 1_000_003 + epoch + 500_009));
            using var permutation = randperm(train.Count, generator: order);
            double lossSum = 0;
            for (long start = 0; start < train.Count; start += t.BatchSize)
            {
                using var scope = NewDisposeScope();
                var batch = train.Batch(permutation.narrow(0, start, Math.Min(t.BatchSize, train.Count - start)));
                var lr = LearningRate(t, step, totalSteps);
                foreach (var group in optimizer.ParamGroups)
                {
                    group.LearningRate = lr;
                }
                var loss = model.Loss([.. batch.Tokens.Select(x => x.to(device))], batch.State.to(device), batch.Actions.to(device),
                    device.type == DeviceType.CPU ? noise : null);
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
                UpdateEma(ema, model, EmaDecay(t, step));
                step++;
                var value = loss.item<float>();
                lossSum += value * batch.State.shape[0];
                onStep?.Invoke(step, totalSteps, value);
            }
            double? valLoss = val is not null && (epoch % t.ValEvery == 0 || epoch == t.Epochs) ? Validate(ema, val, t, device) : null;
            var record = new PolicyEpoch(epoch, step, lossSum / train.Count, valLoss, LearningRate(t, step, totalSteps));
            history.Add(record);
            log.Append(Format(record));
            onEpoch?.Invoke(record);
            if (epoch % t.CheckpointEvery == 0 || epoch == t.Epochs || cancel.IsCancellationRequested)
            {
                WritePlot(run, history);
                SaveState(model, ema, optimizer, config, run, epoch, step);
            }
            if (epoch % t.CheckpointEvery == 0)
            {
                var folder = Directory.CreateDirectory(run.PathOf("checkpoints")).FullName;
                PolicyCheckpoint.Save(Path.Combine(folder, $"epoch_{epoch:D4}.safetensors"), ema, config.Encoder, epoch);
            }
        }
        if (epoch < t.Epochs)
        {
            return null;
        }
        var final = run.PathOf(FinalCheckpoint);
        PolicyCheckpoint.Save(final, ema, config.Encoder, epoch);
        return final;
    }

    /// <summary>Linear warm-up to the base rate, then a half cosine down to zero at the last step (diffusers' schedule).</summary>
    public static double LearningRate(TrainingSection t, long step, long totalSteps)
    {
        if (step < t.WarmupSteps)
        {
            return t.Lr * step / Math.Max(1, t.WarmupSteps);
        }
        var progress = (double)(step - t.WarmupSteps) / Math.Max(1, totalSteps - t.WarmupSteps);
        return t.Lr * Math.Max(0, 0.5 * (1 + Math.Cos(Math.PI * Math.Min(1, progress))));
    }

    /// <summary>Diffusion Policy's EMAModel decay for optimizer step <paramref name="step"/> (0-based): warms up from 0.</summary>
    public static double EmaDecay(TrainingSection t, long step)
    {
        var s = Math.Max(0, step - 1);
        return s <= 0 ? 0 : Math.Clamp(1 - Math.Pow(1 + s, -t.EmaPower), 0, t.EmaMax);
    }

    private static void UpdateEma(TactilePolicy ema, TactilePolicy model, double decay)
    {
        using var noGrad = no_grad();
        foreach (var (average, current) in ema.parameters().Zip(model.parameters()))
        {
            average.mul_(decay).add_(current, alpha: 1 - decay);
        }
    }

    private static void CopyWeights(TactilePolicy from, TactilePolicy to)
    {
        using var noGrad = no_grad();
        foreach (var (target, source) in to.parameters().Zip(from.parameters()))
        {
            target.copy_(source);
            target.requires_grad = false;
        }
    }

    /// <summary>EMA loss over the whole split with a fixed noise generator, so epochs compare.</summary>
    private static double Validate(TactilePolicy ema, PolicySamples val, TrainingSection t, Device device)
    {
        using var noGrad = no_grad();
        var noise = new Generator((ulong)t.Seed + 17);
        double sum = 0;
        for (long start = 0; start < val.Count; start += t.BatchSize)
        {
            using var scope = NewDisposeScope();
            var n = Math.Min(t.BatchSize, val.Count - start);
            var batch = val.Batch(arange(start, start + n, dtype: ScalarType.Int64));
            var loss = ema.Loss([.. batch.Tokens.Select(x => x.to(device))], batch.State.to(device), batch.Actions.to(device),
                device.type == DeviceType.CPU ? noise : null);
            sum += loss.item<float>() * n;
        }
        return sum / val.Count;
    }

    private static void SaveState(TactilePolicy model, TactilePolicy ema, AdamW optimizer, PolicyConfig config, TrainingRun run, int epoch, long step)
    {
        // Optimizer first: the weights file's epoch is what a resume trusts.
        AtomicFile.Replace(run.PathOf(OptimizerFile), temp => optimizer.save_py(temp));
        var tensors = model.state_dict().Select(kv => KeyValuePair.Create("model." + kv.Key, kv.Value))
            .Concat(ema.state_dict().Select(kv => KeyValuePair.Create("ema." + kv.Key, kv.Value)));
        var metadata = PolicyCheckpoint.Metadata(ema, config.Encoder, epoch);
        metadata["step"] = step.ToString(CultureInfo.InvariantCulture);
        SafetensorsWriter.Write(run.PathOf(StateFile), tensors, metadata);
    }

    private static (int Epoch, long Step) Restore(TactilePolicy model, TactilePolicy ema, AdamW optimizer, PolicyConfig config, TrainingRun run, TrainingLog log,
        List<PolicyEpoch> history)
    {
        var path = run.PathOf(StateFile);
        using var file = SafetensorsFile.Open(path);
        if (!file.Metadata.TryGetValue("config", out var text))
        {
            throw new CheckpointException(path, "holds no configuration; it was not written by policy train");
        }
        if (YamlConfig.ResumeConflict(text, config.Text) is { } conflict)
        {
            throw new CheckpointException(path, conflict);
        }
        var saved = PolicyCheckpoint.ReadInfo(path).Observation;
        saved.RequireCompatible(model.Observation, path);
        StrictLoader.Load(model, file, "model.");
        StrictLoader.Load(ema, file, "ema.");
        optimizer.load_py(run.PathOf(OptimizerFile));
        var epoch = int.Parse(file.Metadata["epoch"], CultureInfo.InvariantCulture);
        var step = long.Parse(file.Metadata["step"], CultureInfo.InvariantCulture);
        history.AddRange(log.CutBackTo(epoch).Select(Parse));
        return (epoch, step);
    }

    private const string Header = "epoch,step,train_loss,val_loss,lr";

    private static string Format(PolicyEpoch e)
    {
        static string S(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        return $"{e.Epoch},{e.Step},{S(e.TrainLoss)},{(e.ValLoss is { } v ? S(v) : "")},{S(e.LearningRate)}";
    }

    private static PolicyEpoch Parse(string line)
    {
        var f = line.Split(',');
        static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);
        return new PolicyEpoch(int.Parse(f[0], CultureInfo.InvariantCulture), long.Parse(f[1], CultureInfo.InvariantCulture), D(f[2]),
            f[3].Length > 0 ? D(f[3]) : null, D(f[4]));
    }

    private static void WritePlot(TrainingRun run, List<PolicyEpoch> history)
    {
        var plot = new Plot();
        plot.Add.Scatter(history.Select(h => (double)h.Epoch).ToArray(), history.Select(h => h.TrainLoss).ToArray()).LegendText = "train";
        var validated = history.Where(h => h.ValLoss is not null).ToList();
        if (validated.Count > 0)
        {
            plot.Add.Scatter(validated.Select(h => (double)h.Epoch).ToArray(), validated.Select(h => h.ValLoss!.Value).ToArray()).LegendText = "validation (EMA)";
        }
        plot.Title("Policy loss");
        plot.XLabel("epoch");
        plot.YLabel("loss (normalized units)");
        run.SavePlot(plot, LossPlot, legend: true);
    }
}
