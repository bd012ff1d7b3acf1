using System.CommandLine;
using SparshRobot.Encoder.Model;
using SparshRobot.Encoder.Pretraining;
using SparshRobot.Encoder.Probes;
using Spectre.Console;
using static TorchSharp.torch;

namespace SparshRobot.Cli.Commands;

/// <summary><c>sparsh-robot encoder pretrain</c>: MAE pretraining on a tactile dataset folder, resumable.</summary>
public static class PretrainCommand
{
    public static Command Create()
    {
        var dataset = new Option<DirectoryInfo>("--dataset") { Description = "Dataset root; every <split>/<episode>/inputs.npy is used, labels are not needed.", Required = true };
        var split = new Option<string>("--split") { DefaultValueFactory = _ => "train" };
        var output = new Option<DirectoryInfo>("--output") { Description = "Run folder (checkpoints, loss log and plot, encoder.safetensors).", Required = true };
        var size = new Option<VitSize>("--size") { DefaultValueFactory = _ => VitSize.Tiny };
        var registers = new Option<int>("--registers") { Description = "Register tokens (Sparsh MAE uses 0).", DefaultValueFactory = _ => 0 };
        var steps = new Option<int>("--steps") { DefaultValueFactory = _ => 1000 };
        var batch = new Option<int>("--batch") { DefaultValueFactory = _ => 32 };
        var lr = new Option<double>("--lr") { DefaultValueFactory = _ => 1.5e-4 };
        var maskRatio = new Option<double>("--mask-ratio") { DefaultValueFactory = _ => 0.75 };
        var decoderDim = new Option<int>("--decoder-dim") { DefaultValueFactory = _ => 128 };
        var decoderDepth = new Option<int>("--decoder-depth") { DefaultValueFactory = _ => 2 };
        var checkpointEvery = new Option<int>("--checkpoint-every") { DefaultValueFactory = _ => 100 };
        var resume = new Option<bool>("--resume") { Description = "Continue from the run folder's last checkpoint." };
        var device = EncoderCommand.DeviceOption();
        var command = new Command("pretrain", "MAE pretraining (mask 0.75, lightweight decoder, pixel loss on the 6-channel input) to adapt an encoder to a new sensor.")
        {
            dataset, split, output, size, registers, steps, batch, lr, maskRatio, decoderDim, decoderDepth, checkpointEvery, resume, device,
        };
        command.SetAction(result => EncoderCommand.Run(() =>
        {
            var data = TactileDataset.Open(result.GetValue(dataset)!.FullName, result.GetValue(split)!);
            using var frames = cat(data.Episodes.Select(TactileDataset.ReadStoredInputs).ToList(), 0);
            var options = new MaePretrainingOptions
            {
                Encoder = VitConfig.ForSize(result.GetValue(size), result.GetValue(registers)) with
                {
                    Height = (int)frames.shape[2],
                    Width = (int)frames.shape[3],
                },
                Mae = new MaeOptions { MaskRatio = result.GetValue(maskRatio), DecoderDim = result.GetValue(decoderDim), DecoderDepth = result.GetValue(decoderDepth) },
                Steps = result.GetValue(steps),
                BatchSize = result.GetValue(batch),
                LearningRate = result.GetValue(lr),
                CheckpointEvery = result.GetValue(checkpointEvery),
            };
            var dir = result.GetValue(output)!.FullName;
            IReadOnlyList<double> losses = [];
            AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn()).Start(ctx =>
            {
                var bar = ctx.AddTask("MAE", maxValue: options.Steps);
                losses = MaePretrainer.Run(frames, dir, options, new Device(result.GetValue(device)!), result.GetValue(resume), (step, loss) =>
                {
                    bar.Value = step;
                    bar.Description = $"MAE step {step}: loss {loss:0.00000}";
                });
            });
            AnsiConsole.MarkupLine($"{frames.shape[0]} frames, {losses.Count} steps logged; last loss {(losses.Count > 0 ? losses[^1] : double.NaN):0.00000}");
            AnsiConsole.MarkupLine($"wrote {Markup.Escape(Path.Combine(dir, MaePretrainer.EncoderFile))} and mae_loss.png");
            return 0;
        }));
        return command;
    }
}
