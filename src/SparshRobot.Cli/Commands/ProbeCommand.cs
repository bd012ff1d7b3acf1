using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SparshRobot.Encoder;
using SparshRobot.Encoder.Probes;
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

    private sealed record Common(Option<ProbeTask> Task, Option<DirectoryInfo> Dataset, Option<FileInfo> Encoder, Option<DirectoryInfo?> Cache,
        Option<int?> Heads, Option<string> Device);

    private static Common AddCommon(Command command)
    {
        var common = new Common(
            new Option<ProbeTask>("--task") { Description = "force (T1), slip (T2) or pose (T3).", Required = true },
            new Option<DirectoryInfo>("--dataset") { Description = "Dataset root: <root>/<split>/<episode>/inputs.npy plus label files.", Required = true },
            new Option<FileInfo>("--encoder") { Description = "Frozen encoder checkpoint.", Required = true },
            new Option<DirectoryInfo?>("--cache") { Description = "Embedding cache folder (default: <dataset>/.embeddings)." },
            EncoderCommand.HeadsOption(),
            EncoderCommand.DeviceOption());
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
        var command = new Command("train", "Cache embeddings of the train and test splits, train a probe, keep the best epoch.");
        var common = AddCommon(command);
        var output = new Option<DirectoryInfo>("--output") { Description = "Run folder: probe.safetensors, metrics.json, probe_loss.png, probe_metric.png.", Required = true };
        var epochs = new Option<int>("--epochs") { DefaultValueFactory = _ => 51 };
        var batch = new Option<int>("--batch") { DefaultValueFactory = _ => 100 };
        var lr = new Option<double>("--lr") { DefaultValueFactory = _ => 1e-4 };
        var poolerHeads = new Option<int>("--pooler-heads") { DefaultValueFactory = _ => 12 };
        var sensor = new Option<string>("--sensor") { Description = "digit or gelsight-mini: the max-force normalization.", DefaultValueFactory = _ => "digit" };
        command.Options.Add(output);
        command.Options.Add(epochs);
        command.Options.Add(batch);
        command.Options.Add(lr);
        command.Options.Add(poolerHeads);
        var jitterCopies = new Option<int>("--jitter-copies")
        {
            Description = "Also train on this many copies of every training sample with its lighting shifted (see --jitter-shift); 0: none.",
        }.AtLeast(0);
        var jitterShift = new Option<int>("--jitter-shift")
        {
            Description = "Largest lighting shift of a jittered copy, grey levels per colour.",
            DefaultValueFactory = _ => 3,
        }.AtLeast(1);
        command.Options.Add(sensor);
        command.Options.Add(jitterCopies);
        command.Options.Add(jitterShift);
        command.SetAction(result => EncoderCommand.Run(() =>
        {
            var task = result.GetValue(common.Task);
            var normalization = result.GetValue(sensor) switch
            {
                "digit" => ProbeNormalization.Digit,
                "gelsight-mini" => ProbeNormalization.GelSightMini,
                var other => throw new ArgumentException($"--sensor {other}: expected digit or gelsight-mini"),
            };
            var device = new Device(result.GetValue(common.Device)!);
            var encoderPath = result.GetValue(common.Encoder)!.FullName;
            using var encoder = TactileEncoder.Open(encoderPath, device, result.GetValue(common.Heads));
            var jitter = result.GetValue(jitterCopies) > 0 ? new PhotometricJitter(result.GetValue(jitterCopies), result.GetValue(jitterShift)) : null;
            var (train, test) = LoadSplits(encoder, result.GetValue(common.Dataset)!, result.GetValue(common.Cache), "train", "test", jitter);
            using var _ = train;
            using var __ = test;
            var options = new ProbeTrainingOptions
            {
                Epochs = result.GetValue(epochs),
                BatchSize = result.GetValue(batch),
                LearningRate = result.GetValue(lr),
                PoolerHeads = result.GetValue(poolerHeads),
                Normalization = normalization,
            };
            ProbeTrainingResult trained = null!;
            AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn()).Start(ctx =>
            {
                var bar = ctx.AddTask($"training {task} probe", maxValue: options.Epochs);
                trained = ProbeTrainer.Train(task, train, test, options, epoch =>
                {
                    bar.Description = $"epoch {epoch.Epoch}: train {epoch.TrainLoss:0.0000} test {epoch.TestLoss:0.0000} {epoch.Score.Name} {epoch.Score.Value:0.000}";
                    bar.Increment(1);
                }, device);
            });
            using var probe = trained.Probe;
            var dir = Directory.CreateDirectory(result.GetValue(output)!.FullName).FullName;
            var checkpoint = new ProbeCheckpoint(task, train.EmbedDim, options.PoolerHeads, encoder.Identity, encoderPath, normalization, probe.StandardizedTokens,
                trained.SlipLogitOffset);
            checkpoint.Save(Path.Combine(dir, "probe.safetensors"), probe, new Dictionary<string, string>
            {
                ["best_epoch"] = trained.BestEpoch.ToString(CultureInfo.InvariantCulture),
                ["best_metric"] = trained.BestScore.ToString(),
                ["photometric_jitter"] = jitter is null ? "none" : $"{jitter.Copies} copies, shifts up to {jitter.MaxShift} grey levels",
            });
            var (lossPng, metricPng) = ProbeCurves.Write(dir, trained.History, trained.Baseline);
            File.WriteAllText(Path.Combine(dir, "metrics.json"), JsonSerializer.Serialize(new
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
            AnsiConsole.MarkupLine($"wrote {Markup.Escape(dir)}: probe.safetensors, metrics.json, {Path.GetFileName(lossPng)}, {Path.GetFileName(metricPng)}");
            return 0;
        }));
        return command;
    }

    private static Command Eval()
    {
        var command = new Command("eval", "Evaluate a trained probe on a dataset split with the TacBench metric.");
        var common = AddCommon(command);
        var probePath = new Option<FileInfo>("--probe") { Description = "probe.safetensors written by probe train.", Required = true };
        var split = new Option<string>("--split") { DefaultValueFactory = _ => "test" };
        command.Options.Add(probePath);
        command.Options.Add(split);
        command.SetAction(result => EncoderCommand.Run(() =>
        {
            var device = new Device(result.GetValue(common.Device)!);
            using var encoder = TactileEncoder.Open(result.GetValue(common.Encoder)!.FullName, device, result.GetValue(common.Heads));
            var (probe, info) = ProbeCheckpoint.Load(result.GetValue(probePath)!.FullName, encoder.Identity);
            using var _ = probe;
            var task = result.GetValue(common.Task);
            if (info.Task != task)
            {
                throw new ArgumentException($"{result.GetValue(probePath)!.FullName}: probe is for the {info.Task} task, not {task}");
            }
            probe.to(device);
            var (data, __) = LoadSplits(encoder, result.GetValue(common.Dataset)!, result.GetValue(common.Cache), result.GetValue(split)!, null);
            using var ___ = data;
            var (loss, score) = ProbeTrainer.Evaluate(task, probe, data, info.Normalization, device: device);
            AnsiConsole.MarkupLine($"{Markup.Escape(result.GetValue(split)!)}: loss {loss:0.0000}, [bold]{Markup.Escape(score.ToString())}[/]");
            return 0;
        }));
        return command;
    }

    /// <param name="jitter">Shifted-lighting copies for the first split (the training set).</param>
    private static (LabelledEmbeddings First, LabelledEmbeddings Second) LoadSplits(TactileEncoder encoder, DirectoryInfo dataset, DirectoryInfo? cache, string first, string? second,
        PhotometricJitter? jitter = null)
    {
        var cacheDir = cache?.FullName ?? Path.Combine(dataset.FullName, ".embeddings");
        LabelledEmbeddings a = null!, b = null!;
        AnsiConsole.Progress().Start(ctx =>
        {
            foreach (var split in new[] { first, second }.OfType<string>())
            {
                var data = TactileDataset.Open(dataset.FullName, split);
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
