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

/// <summary><c>sparsh-robot encoder pretrain</c>: MAE pretraining on a tactile dataset folder, resumable.</summary>
public static class PretrainCommand
{
    public static Command Create()
    {
        var d = new MaePretrainConfig();
        var config = ConfigOptions.File("keys dataset, split, output, encoder.size, encoder.registers, mae.*, training.*");
        var dataset = new Option<DirectoryInfo?>("--dataset")
        {
            Description = "Dataset root (dataset): a policy dataset (dataset.yaml, as dataset build writes it: every sensor's image pairs of the split), "
                + "or every <root>/<split>/<episode>/inputs.npy below the split, nested folders too, uint8 or float32 (T, 6, H, W) image pairs; "
                + "labels are not needed. Frames are read from disk a batch at a time.",
        };
        var split = new Option<string?>("--split") { Description = $"Split folder of the dataset to pretrain on (split; default {d.Split})." };
        var output = new Option<DirectoryInfo?>("--output", "--out")
        {
            Description = $"Run folder (output): {MaePretrainer.LastCheckpoint} and {MaePretrainer.OptimizerState} (the resumable state), {MaePretrainer.LossLog}, "
                + $"{MaePretrainer.LossPlot}, {YamlConfig.EffectiveFile} (the effective settings) and at the end {MaePretrainer.EncoderFile}, the encoder every other command loads.",
        };
        var size = new Option<VitSize?>("--size") { Description = $"ViT size (encoder.size; default {d.Encoder.Size.ToString().ToLowerInvariant()}): tiny, small, base or large." };
        var registers = new Option<int?>("--registers") { Description = $"Register tokens (encoder.registers; default {d.Encoder.Registers}, as Sparsh MAE)." };
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
        var command = new Command("pretrain", "MAE pretraining (a lightweight decoder predicts the pixels of the hidden patches of the 6-channel input) to adapt an encoder to a new sensor.")
        {
            config, dataset, split, output, size, registers, steps, batch, lr, maskRatio, decoderDim, decoderDepth, checkpointEvery, resume, device, set,
        };
        command.SetAction(result => UserErrors.Run(() =>
        {
            var settings = MaePretrainConfig.Load(result.GetValue(config)?.FullName, ConfigOptions.Overrides(result, set,
                ("dataset", dataset), ("split", split), ("output", output), ("encoder.size", size), ("encoder.registers", registers), ("training.steps", steps),
                ("training.batch_size", batch), ("training.lr", lr), ("mae.mask_ratio", maskRatio), ("mae.decoder_dim", decoderDim),
                ("mae.decoder_depth", decoderDepth), ("training.checkpoint_every", checkpointEvery), ("training.device", device)));
            // A version 1 policy dataset holds its image pairs as inputs.npy files, which StoredFrames reads by offset.
            var policy = File.Exists(Path.Combine(settings.Dataset, PolicyDataset.ManifestFile)) ? PolicyDataset.Open(settings.Dataset) : null;
            IFrameSource frames = policy is { Manifest.Version: > 1 }
                ? PolicyDatasetFrames.Open(policy, settings.Split)
                : StoredFrames.Open(TactileDataset.Open(settings.Dataset, settings.Split));
            var options = settings.Options(frames.FrameShape[1], frames.FrameShape[2]);
            IReadOnlyList<double> losses = [];
            CliConsole.Progress().Start(ctx =>
            {
                var bar = ctx.AddTask("MAE", maxValue: options.Steps);
                losses = MaePretrainer.Run(frames, settings.Output, options, new Device(settings.Training.Device), result.GetValue(resume), (step, loss) =>
                {
                    bar.Value = step;
                    bar.Description = $"MAE step {step}: loss {loss:0.00000}";
                });
            });
            AnsiConsole.MarkupLine($"{frames.Count} frames, {losses.Count} steps logged; last loss {(losses.Count > 0 ? losses[^1] : double.NaN):0.00000}");
            AnsiConsole.MarkupLine($"wrote {Markup.Escape(Path.Combine(settings.Output, MaePretrainer.EncoderFile))}, {MaePretrainer.LossPlot} and {YamlConfig.EffectiveFile}");
            return 0;
        }));
        return command;
    }
}
