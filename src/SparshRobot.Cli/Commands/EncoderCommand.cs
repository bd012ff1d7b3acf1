using System.CommandLine;
using SparshRobot.Cli.Errors;
using SparshRobot.Cli.Output;
using SparshRobot.Core.Numerics;
using SparshRobot.Encoder;
using SparshRobot.Encoder.Checkpoints;
using Spectre.Console;
using TorchSharp;
using static TorchSharp.torch;

namespace SparshRobot.Cli.Commands;

/// <summary><c>sparsh-robot encoder info|embed|pretrain</c>: inspect a checkpoint, encode a .npy batch, self-supervised pretraining.</summary>
public static class EncoderCommand
{
    public static Command Create()
    {
        var command = new Command("encoder", "Sparsh ViT encoder: inspect checkpoints, compute embeddings, pretrain (MAE, DINO, I-JEPA, V-JEPA).");
        command.Subcommands.Add(Info());
        command.Subcommands.Add(Embed());
        command.Subcommands.Add(PretrainCommand.Create());
        return command;
    }

    /// <param name="key">The configuration key the option sets, for a command that has one.</param>
    internal static Option<int?> HeadsOption(string? key = null) => new("--heads")
    {
        Description = $"Encoder attention heads{Key(key)}; inferred from the checkpoint metadata or as embed_dim/64 (every Sparsh size) when omitted.",
    };

    /// <inheritdoc cref="HeadsOption"/>
    internal static Option<string> DeviceOption(string? key = null) => new("--device")
    {
        Description = $"cpu, cuda or cuda:N{Key(key)}.",
        DefaultValueFactory = _ => "cpu",
    };

    /// <summary>The encoder's number format; an unknown value is refused by the parser, naming the option and the choices.</summary>
    internal static Option<EncoderPrecision> PrecisionOption() => new("--encoder-precision")
    {
        Description = "Format the frozen encoder runs in: Float32 (the reference) or BFloat16 (AVX-512 BF16 matmuls on CPUs that have them; tokens stay float32).",
        DefaultValueFactory = _ => EncoderPrecision.Float32,
    };

    private static string Key(string? key) => key is null ? "" : $" ({key})";

    private static Command Info()
    {
        var checkpoint = new Argument<FileInfo>("checkpoint") { Description = ".safetensors, .ckpt or .pth file." };
        var heads = HeadsOption();
        var load = new Option<bool>("--load")
        {
            Description = "Also load every weight strictly and report the time and the peak memory it took.",
        };
        var command = new Command("info", "Family, size, registers, parameter count and input mode of an encoder checkpoint.") { checkpoint, heads, load };
        command.SetAction(result => UserErrors.Run(() =>
        {
            var path = result.GetValue(checkpoint)!.FullName;
            var info = EncoderCheckpoint.Describe(path, result.GetValue(heads));
            var c = info.Config;
            var table = new Table().AddColumns("Field", "Value").HideHeaders();
            table.AddRow("file", Markup.Escape(info.FilePath));
            table.AddRow("family", info.Family.ToString());
            table.AddRow("key prefix", info.Prefix.Length == 0 ? "(none: flat backbone)" : Markup.Escape(info.Prefix));
            table.AddRow("size", c.NamedSize?.ToString().ToLowerInvariant() ?? "custom");
            table.AddRow("embed dim / depth / heads", $"{c.EmbedDim} / {c.Depth} / {c.NumHeads}");
            table.AddRow("registers", c.Registers.ToString());
            table.AddRow("parameters", info.ParameterCount.ToString("N0"));
            table.AddRow("input mode", c.Mode == Encoder.Model.InputMode.Video
                ? $"video (B, {c.InChannels}, {c.NumFrames}, {c.Height}, {c.Width}), tubelet {c.Tubelet}"
                : $"image (B, {c.InChannels}, {c.Height}, {c.Width})");
            table.AddRow("patch tokens", $"{c.NumPatches} x {c.EmbedDim}");
            if (result.GetValue(load))
            {
                // libtorch starts first, so its own start-up is not charged to the checkpoint; model construction
                // counts, as it allocates the weights the file is then copied into.
                InitializeDeviceType(DeviceType.CPU);
                var before = ProcessMemory.ResidentMiB();
                var watch = System.Diagnostics.Stopwatch.StartNew();
                EncoderCheckpoint.Load(path, numHeads: result.GetValue(heads)).Model.Dispose();
                var peak = ProcessMemory.PeakResidentMiB() - before;
                var fileMiB = new FileInfo(path).Length / 1048576.0;
                table.AddRow("strict load", $"{watch.Elapsed.TotalSeconds:0.00} s");
                table.AddRow("peak memory growth while loading", $"{peak:0} MiB, {peak / fileMiB:0.00}x the {fileMiB:0} MiB file");
            }
            AnsiConsole.Write(table);
            return 0;
        }));
        return command;
    }

    private static Command Embed()
    {
        var checkpoint = new Option<FileInfo>("--checkpoint") { Description = "Encoder checkpoint.", Required = true };
        var input = new Option<FileInfo>("--input") { Description = "float32 .npy of shape (B, 6, 320, 240) (V-JEPA: (B, 3, 4, 320, 240)).", Required = true };
        var output = new Option<FileInfo>("--output") { Description = "float32 .npy written with the patch tokens (B, N, D).", Required = true };
        var batch = new Option<int>("--batch") { Description = "Samples per forward pass.", DefaultValueFactory = _ => 8 }.AtLeast(1);
        var heads = HeadsOption();
        var device = DeviceOption();
        var command = new Command("embed", "Encode a .npy batch into normalized patch tokens.") { checkpoint, input, output, batch, heads, device };
        command.SetAction(result => UserErrors.Run(() =>
        {
            using var encoder = TactileEncoder.Open(result.GetValue(checkpoint)!.FullName, new Device(result.GetValue(device)!), result.GetValue(heads));
            using var scope = NewDisposeScope();
            var inputPath = result.GetValue(input)!.FullName;
            var x = NpyTensors.ReadEncoderInput(inputPath, encoder.Config);
            var step = Math.Max(1, result.GetValue(batch));
            var chunks = new List<Tensor>();
            CliConsole.Progress().Start(ctx =>
            {
                var task = ctx.AddTask("encoding", maxValue: x.shape[0]);
                for (long start = 0; start < x.shape[0]; start += step)
                {
                    var n = Math.Min(step, x.shape[0] - start);
                    chunks.Add(encoder.Encode(x.narrow(0, start, n)).cpu());
                    task.Increment(n);
                }
            });
            var tokens = cat(chunks, 0);
            var outputPath = result.GetValue(output)!.FullName;
            Npy.Write(outputPath, NpyTensors.FromTensor(tokens));
            AnsiConsole.MarkupLine($"wrote [bold]{Markup.Escape(outputPath)}[/] ({string.Join(", ", tokens.shape)}) float32");
            return 0;
        }));
        return command;
    }
}
