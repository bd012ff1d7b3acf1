using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SparshRobot.Cli.Errors;
using SparshRobot.Cli.Output;
using SparshRobot.Core.IO;
using SparshRobot.Encoder;
using SparshRobot.Encoder.Probes;
using SparshRobot.Encoder.Training;
using Spectre.Console;
using TorchSharp;
using static TorchSharp.torch;

namespace SparshRobot.Cli.Commands;

/// <summary>
/// <c>sparsh-robot probe train|eval --task force|slip|pose</c>: attentive probes on a frozen encoder over a
/// tactile dataset folder (<see cref="TactileDataset"/>), with TacBench metrics and PNG curves.
/// </summary>
public static class ProbeCommand
{
    public static Command Create()
    {
        var command = new Command("probe", "Train or evaluate TacBench attentive probes (T1 force, T2 slip, T3 pose) on a frozen encoder.");
        command.Subcommands.Add(Train());
        command.Subcommands.Add(Eval());
        return command;
    }

    private sealed record Common(Option<ProbeTask?> Task, Option<DirectoryInfo?> Dataset, Option<FileInfo?> Encoder, Option<DirectoryInfo?> Cache,
        Option<int?> Heads, Option<string> Device);

    /// <param name="configured">Train: each option sets a configuration key (named in its description) and may come from --config instead.</param>
    private static Common AddCommon(Command command, bool configured)
    {
        string Key(string key) => configured ? $" ({key})" : "";
        var common = new Common(
            new Option<ProbeTask?>("--task") { Description = $"force (T1), slip (T2), pose (T3) or grasp (T4){Key("task")}.", Required = !configured },
            new Option<DirectoryInfo?>("--dataset")
            {
                Description = $"Dataset root{Key("dataset")}: <root>/<split>/<episode>/inputs.npy (T, 6, H, W) image pairs plus the task's labels: force.npy (T1), "
                    + "slip.npy and delta_force.npy (T2), pose_bins.npy (T3), as sim record-touch writes them.",
                Required = !configured,
            },
            new Option<FileInfo?>("--encoder") { Description = $"Frozen encoder checkpoint (.safetensors, .ckpt or .pth){Key("encoder")}.", Required = !configured },
            new Option<DirectoryInfo?>("--cache")
            {
                Description = $"Embedding cache folder{Key("cache")}: <cache>/<split>/<episode>.<encoder id>.npy, computed once per encoder (default: <dataset>/.embeddings).",
            },
            EncoderCommand.HeadsOption(configured ? "encoder_heads" : null),
            EncoderCommand.DeviceOption(configured ? "device" : null));
        command.Options.Add(common.Task);
        command.Options.Add(common.Dataset);
        command.Options.Add(common.Encoder);
        command.Options.Add(common.Cache);
        command.Options.Add(common.Heads);
        command.Options.Add(common.Device);
        return common;
    }

    private static Command Train()
    {
        var d = new ProbeTrainConfig();
        var command = new Command("train", "Cache embeddings of the train and test splits, train a probe, keep the epoch with the best test metric.");
        var config = ConfigOptions.File("keys task, dataset, encoder, encoder_heads, cache, output, sensor, device, training.*, jitter.*");
        command.Options.Add(config);
        var common = AddCommon(command, configured: true);
        var output = new Option<DirectoryInfo?>("--output", "--out")
        {
            Description = $"Run folder (output): probe.safetensors, metrics.json, probe_loss.png, probe_metric.png and {YamlConfig.EffectiveFile} (the effective settings).",
        };
        var epochs = new Option<int?>("--epochs") { Description = $"Passes over the training split (training.epochs; default {d.Training.Epochs})." };
        var batch = new Option<int?>("--batch") { Description = $"Samples per step (training.batch_size; default {d.Training.BatchSize})." };
        var lr = new Option<double?>("--lr") { Description = $"Adam learning rate (training.learning_rate; default {d.Training.LearningRate})." };
        var poolerHeads = new Option<int?>("--pooler-heads") { Description = $"Attention heads of the probe's pooler (training.pooler_heads; default {d.Training.PoolerHeads})." };
        var sensor = new Option<string?>("--sensor")
        {
            Description = $"{ProbeTrainConfig.DigitSensor} or {ProbeTrainConfig.GelSightMiniSensor}: the maximum force the targets are normalized by (sensor; default {d.Sensor}).",
        };
        var jitterCopies = new Option<int?>("--jitter-copies")
        {
            Description = $"Also train on this many copies of every training sample with its lighting shifted (see --jitter-shift); 0: none (jitter.copies; default {d.Jitter.Copies}).",
        }.AtLeast(0);
        var jitterShift = new Option<int?>("--jitter-shift")
        {
            Description = $"Largest lighting shift of a jittered copy, grey levels per colour (jitter.max_shift; default {d.Jitter.MaxShift}).",
        }.AtLeast(1);
        var set = ConfigOptions.Set("training.seed=3, training.standardize_tokens=false");
        command.Options.Add(output);
        command.Options.Add(epochs);
        command.Options.Add(batch);
        command.Options.Add(lr);
        command.Options.Add(poolerHeads);
        command.Options.Add(sensor);
        command.Options.Add(jitterCopies);
        command.Options.Add(jitterShift);
        command.Options.Add(set);
        command.SetAction(result => UserErrors.Run(() =>
        {
            var settings = ProbeTrainConfig.Load(result.GetValue(config)?.FullName, ConfigOptions.Overrides(result, set,
                ("task", common.Task), ("dataset", common.Dataset), ("encoder", common.Encoder), ("cache", common.Cache), ("encoder_heads", common.Heads),
                ("device", common.Device), ("output", output), ("training.epochs", epochs), ("training.batch_size", batch), ("training.learning_rate", lr),
                ("training.pooler_heads", poolerHeads), ("sensor", sensor), ("jitter.copies", jitterCopies), ("jitter.max_shift", jitterShift)));
            var task = settings.Task!.Value;
            var options = settings.Options;
            var device = new Device(settings.Device);
            using var encoder = TactileEncoder.Open(settings.Encoder, device, settings.EncoderHeads);
            var jitter = settings.Jitter.Jitter;
            var (train, test) = LoadSplits(encoder, settings.Dataset, settings.Cache, "train", "test", jitter);
            using var _ = train;
            using var __ = test;
            ProbeTrainingResult trained = null!;
            CliConsole.Progress().Start(ctx =>
            {
                var bar = ctx.AddTask($"training {task} probe", maxValue: options.Epochs);
                trained = ProbeTrainer.Train(task, train, test, options, epoch =>
                {
                    bar.Description = $"epoch {epoch.Epoch}: train {epoch.TrainLoss:0.0000} test {epoch.TestLoss:0.0000} {epoch.Score.Name} {epoch.Score.Value:0.000}";
                    bar.Increment(1);
                }, device);
            });
            using var probe = trained.Probe;
            var run = new TrainingRun(settings.Output);
            var checkpoint = new ProbeCheckpoint(task, train.EmbedDim, options.PoolerHeads, encoder.Identity, settings.Encoder, options.Normalization, probe.StandardizedTokens,
                trained.SlipLogitOffset);
            checkpoint.Save(run.PathOf("probe.safetensors"), probe, new Dictionary<string, string>
            {
                ["best_epoch"] = trained.BestEpoch.ToString(CultureInfo.InvariantCulture),
                ["best_metric"] = trained.BestScore.ToString(),
                ["photometric_jitter"] = jitter is null ? "none" : $"{jitter.Copies} copies, shifts up to {jitter.MaxShift} grey levels",
                ["config"] = settings.Text,
            });
            run.WriteEffectiveConfig(settings.Text);
            var (lossPng, metricPng) = ProbeCurves.Write(run, trained.History, trained.Baseline);
            File.WriteAllText(run.PathOf("metrics.json"), JsonSerializer.Serialize(new
            {
                task = task.ToString().ToLowerInvariant(),
                best_epoch = trained.BestEpoch,
                best = trained.BestScore,
                baseline = trained.Baseline,
                history = trained.History,
                slip_logit_offset = task == ProbeTask.Slip ? trained.SlipLogitOffset : (double?)null,
                photometric_jitter = jitter is null ? null : new { copies = jitter.Copies, max_shift = jitter.MaxShift },
            }, new JsonSerializerOptions { WriteIndented = true }));
            AnsiConsole.MarkupLine($"best epoch {trained.BestEpoch}: [bold]{Markup.Escape(trained.BestScore.ToString())}[/]");
            AnsiConsole.MarkupLine($"constant baseline: {Markup.Escape(trained.Baseline.ToString())}");
            if (task == ProbeTask.Slip)
            {
                AnsiConsole.MarkupLine(train.NaturalSlip is { } natural
                    ? $"slip logit offset {trained.SlipLogitOffset:F2}: class weights and the recording's natural slip rate ({natural.Slipping} of {natural.Ticks} ticks)"
                    : $"slip logit offset {trained.SlipLogitOffset:F2}: class weights only (the dataset has no slip_ticks.npy)");
            }
            AnsiConsole.MarkupLine($"wrote {Markup.Escape(run.Folder)}: probe.safetensors, metrics.json, {Path.GetFileName(lossPng)}, {Path.GetFileName(metricPng)}");
            return 0;
        }));
        return command;
    }

    private static Command Eval()
    {
        var command = new Command("eval", "Evaluate a trained probe on a dataset split with the TacBench metric.");
        var common = AddCommon(command, configured: false);
        var probePath = new Option<FileInfo>("--probe") { Description = "probe.safetensors written by probe train.", Required = true };
        var split = new Option<string>("--split") { Description = "Split folder of the dataset to score (<dataset>/<split>/<episode>/).", DefaultValueFactory = _ => "test" };
        command.Options.Add(probePath);
        command.Options.Add(split);
        command.SetAction(result => UserErrors.Run(() =>
        {
            var device = new Device(result.GetValue(common.Device)!);
            using var encoder = TactileEncoder.Open(result.GetValue(common.Encoder)!.FullName, device, result.GetValue(common.Heads));
            var (probe, info) = ProbeCheckpoint.Load(result.GetValue(probePath)!.FullName, encoder.Identity);
            using var _ = probe;
            var task = result.GetValue(common.Task)!.Value;
            if (info.Task != task)
            {
                throw new ArgumentException($"{result.GetValue(probePath)!.FullName}: probe is for the {info.Task} task, not {task}");
            }
            probe.to(device);
            var (data, __) = LoadSplits(encoder, result.GetValue(common.Dataset)!.FullName, result.GetValue(common.Cache)?.FullName, result.GetValue(split)!, null);
            using var ___ = data;
            var (loss, score) = ProbeTrainer.Evaluate(task, probe, data, info.Normalization, device: device, slipLogitOffset: info.SlipLogitOffset);
            AnsiConsole.MarkupLine($"{Markup.Escape(result.GetValue(split)!)}: loss {loss:0.0000}, [bold]{Markup.Escape(score.ToString())}[/]");
            return 0;
        }));
        return command;
    }

    /// <param name="jitter">Shifted-lighting copies for the first split (the training set).</param>
    private static (LabelledEmbeddings First, LabelledEmbeddings Second) LoadSplits(TactileEncoder encoder, string dataset, string? cache, string first, string? second,
        PhotometricJitter? jitter = null)
    {
        var cacheDir = cache ?? Path.Combine(dataset, ".embeddings");
        LabelledEmbeddings a = null!, b = null!;
        CliConsole.Progress().Start(ctx =>
        {
            foreach (var split in new[] { first, second }.OfType<string>())
            {
                var data = TactileDataset.Open(dataset, split);
                var bar = ctx.AddTask($"embedding {split}", maxValue: data.Episodes.Count);
                var loaded = EmbeddingCache.Load(encoder, data, cacheDir, onEpisode: (done, _) => bar.Value = done, jitter: split == first ? jitter : null);
                if (split == first)
                {
                    a = loaded;
                }
                else
                {
                    b = loaded;
                }
            }
        });
        return (a, b);
    }
}
