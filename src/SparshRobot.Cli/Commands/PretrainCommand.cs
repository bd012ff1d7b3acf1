using System.CommandLine;
using SparshRobot.Cli.Errors;
using SparshRobot.Cli.Output;
using SparshRobot.Core.IO;
using SparshRobot.Encoder.Model;
using SparshRobot.Encoder.Pretraining;
using SparshRobot.Encoder.Probes;
using SparshRobot.Policy.Datasets;
using SparshRobot.Policy.Datasets.Frames;
using Spectre.Console;
using static TorchSharp.torch;

namespace SparshRobot.Cli.Commands;

/// <summary><c>sparsh-robot encoder pretrain</c>: MAE, DINO, I-JEPA or V-JEPA pretraining on a tactile dataset folder, resumable.</summary>
public static class PretrainCommand
{
    public static Command Create()
    {
        var d = new PretrainConfig();
        var config = ConfigOptions.File("keys method, dataset, split, output, encoder.size, encoder.registers, mae.*, dino.*, jepa.*, training.*");
        var method = new Option<PretrainMethod?>("--method")
        {
            Description = $"Self-supervised method (method; default {d.Method.Name()}): mae (pixels of hidden patches), dino (student/EMA teacher over multi-crop views; "
                + "a collapsed run is reported and its encoder saved only as " + Pretrainer.CollapsedEncoderFile + "), ijepa (predict an EMA target encoder's tokens of hidden blocks), "
                + "vjepa (the same over 4-frame clips t, t-2, t-4, t-6 of the newest images, tubelets of 2, tube masks).",
        };
        var dataset = new Option<DirectoryInfo?>("--dataset")
        {
            Description = "Dataset root (dataset): a policy dataset (dataset.yaml, as dataset build writes it: every sensor's image pairs of the split), "
                + "or every <root>/<split>/<episode>/inputs.npy below the split, nested folders too, uint8 or float32 (T, 6, H, W) image pairs; "
                + "labels are not needed. Frames are read from disk a batch at a time.",
        };
        var split = new Option<string?>("--split") { Description = $"Split folder of the dataset to pretrain on (split; default {d.Split})." };
        var output = new Option<DirectoryInfo?>("--output", "--out")
        {
            Description = $"Run folder (output): <method>_last.safetensors and <method>_last.optim.pt (the resumable state), <method>_loss.csv (step, loss, diagnostics), "
                + $"<method>_loss.png, {YamlConfig.EffectiveFile} (the effective settings) and at the end {Pretrainer.EncoderFile}, the encoder every other command loads.",
        };
        var size = new Option<VitSize?>("--size") { Description = $"ViT size (encoder.size; default {d.Encoder.Size.ToString().ToLowerInvariant()}): tiny, small, base or large." };
        var registers = new Option<int?>("--registers") { Description = "Register tokens (encoder.registers; default as the method's released Sparsh checkpoints: 0 for mae, 1 otherwise)." };
        var steps = new Option<int?>("--steps") { Description = $"Optimizer steps in all; a resumed run continues up to this count (training.steps; default {d.Training.Steps})." };
        var batch = new Option<int?>("--batch") { Description = $"Frames per step (training.batch_size; default {d.Training.BatchSize})." };
        var lr = new Option<double?>("--lr") { Description = $"AdamW learning rate (training.lr; default {d.Training.Lr})." };
        var maskRatio = new Option<double?>("--mask-ratio") { Description = $"Fraction of the patches hidden from the encoder (mae.mask_ratio; default {d.Mae.MaskRatio})." };
        var decoderDim = new Option<int?>("--decoder-dim") { Description = $"Width of the lightweight decoder (mae.decoder_dim; default {d.Mae.DecoderDim})." };
        var decoderDepth = new Option<int?>("--decoder-depth") { Description = $"Transformer blocks of the decoder (mae.decoder_depth; default {d.Mae.DecoderDepth})." };
        var checkpointEvery = new Option<int?>("--checkpoint-every")
        {
            Description = $"Steps between resumable checkpoints in the run folder (training.checkpoint_every; default {d.Training.CheckpointEvery}).",
        };
        var resume = new Option<bool>("--resume")
        {
            Description = "Continue from the run folder's last checkpoint; refused, naming each setting, if the effective settings differ from the run's.",
        };
        var device = EncoderCommand.DeviceOption("training.device");
        var set = ConfigOptions.Set("training.weight_decay=0.1, mae.decoder_heads=8");
        var command = new Command("pretrain", "Self-supervised pretraining (MAE, DINO, I-JEPA, V-JEPA) of a Sparsh encoder to adapt it to a new sensor.")
        {
            config, method, dataset, split, output, size, registers, steps, batch, lr, maskRatio, decoderDim, decoderDepth, checkpointEvery, resume, device, set,
        };
        command.SetAction(result => UserErrors.Run(() =>
        {
            var settings = PretrainConfig.Load(result.GetValue(config)?.FullName, ConfigOptions.Overrides(result, set,
                ("method", method), ("dataset", dataset), ("split", split), ("output", output), ("encoder.size", size), ("encoder.registers", registers), ("training.steps", steps),
                ("training.batch_size", batch), ("training.lr", lr), ("mae.mask_ratio", maskRatio), ("mae.decoder_dim", decoderDim),
                ("mae.decoder_depth", decoderDepth), ("training.checkpoint_every", checkpointEvery), ("training.device", device)));
            // A version 1 policy dataset holds its image pairs as inputs.npy files, which StoredFrames reads by offset.
            var policy = File.Exists(Path.Combine(settings.Dataset, PolicyDataset.ManifestFile)) ? PolicyDataset.Open(settings.Dataset) : null;
            IFrameSource frames = policy is { Manifest.Version: > 1 }
                ? PolicyDatasetFrames.Open(policy, settings.Split)
                : StoredFrames.Open(TactileDataset.Open(settings.Dataset, settings.Split));
            var options = settings.Options(frames.FrameShape[1], frames.FrameShape[2]);
            var name = settings.Method.Name();
            PretrainResult? run = null;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var (firstStep, lastStep) = (0, 0);
            CliConsole.Progress().Start(ctx =>
            {
                var bar = ctx.AddTask(name, maxValue: options.Steps);
                run = Pretrainer.Run(frames, settings.Output, options, new Device(settings.Training.Device), result.GetValue(resume), progress =>
                {
                    firstStep = firstStep == 0 ? progress.Step : firstStep;
                    lastStep = progress.Step;
                    bar.Value = progress.Step;
                    bar.Description = $"{name} step {progress.Step}: loss {progress.Loss:0.00000}{string.Concat(progress.Stats.Select(s => $", {s.Name} {s.Value:0.000}"))}";
                });
            });
            var losses = run!.Losses;
            var ran = firstStep == 0 ? 0 : lastStep - firstStep + 1;
            AnsiConsole.MarkupLine($"{frames.Count} frames, {losses.Count} steps logged; last loss {(losses.Count > 0 ? losses[^1] : double.NaN):0.00000}; "
                + $"{ran} steps run in {clock.Elapsed.TotalSeconds:0.0} s ({(ran > 0 ? clock.Elapsed.TotalSeconds / ran : double.NaN):0.00} s per step, setup and saves included)");
            if (run.Collapse is { } collapse)
            {
                AnsiConsole.MarkupLine($"[red]{name} collapsed[/]: {Markup.Escape(collapse)}; the encoder is saved as {Markup.Escape(run.EncoderPath)} only, not as {Pretrainer.EncoderFile}");
                return 1;
            }
            AnsiConsole.MarkupLine($"wrote {Markup.Escape(run.EncoderPath)}, {Pretrainer.LossPlot(settings.Method)} and {YamlConfig.EffectiveFile}");
            return 0;
        }));
        return command;
    }
}
