using System.CommandLine;
using SparshRobot.Cli.Errors;
using SparshRobot.Cli.Output;
using SparshRobot.Encoder;
using SparshRobot.Policy.Datasets;
using SparshRobot.Policy.Embeddings;
using Spectre.Console;
using static TorchSharp.torch;

namespace SparshRobot.Cli.Commands;

/// <summary>
/// <c>sparsh-robot dataset embed</c>: caches the frozen encoder's tokens of a policy dataset (<see cref="EmbeddingStore"/>),
/// resumably. Until the dataset command group exists it is registered under its own <c>dataset</c> group.
/// </summary>
public static class DatasetEmbedCommand
{
    /// <summary>The <c>dataset</c> group holding only <c>embed</c>; the full group takes <see cref="Create"/> instead.</summary>
    public static Command Create()
    {
        var dataset = new Option<DirectoryInfo>("--dataset")
        {
            Description = "Policy dataset folder (dataset.yaml); the tokens are cached in <dataset>/embeddings/<encoder id>/, once per encoder.",
            Required = true,
        };
        var encoder = new Option<FileInfo>("--encoder") { Description = "Frozen encoder checkpoint.", Required = true };
        var split = new Option<string?>("--split") { Description = "train or val (default: both)." };
        var batch = new Option<int>("--batch") { Description = "Frames per encoder batch.", DefaultValueFactory = _ => 32 }.AtLeast(1);
        var heads = EncoderCommand.HeadsOption();
        var device = EncoderCommand.DeviceOption();
        var command = new Command("embed", "Cache the frozen encoder's tokens of every episode and sensor (float16, resumable: only missing files are computed).")
        {
            dataset, encoder, split, batch, heads, device,
        };
        command.SetAction(result => UserErrors.Run(() =>
        {
            var data = PolicyDataset.Open(result.GetValue(dataset)!.FullName);
            using var frozen = TactileEncoder.Open(result.GetValue(encoder)!.FullName, new Device(result.GetValue(device)!), result.GetValue(heads));
            var store = new EmbeddingStore(data, frozen.Identity);
            var written = Embed(store, frozen, result.GetValue(split), result.GetValue(batch));
            AnsiConsole.MarkupLine($"{written} token files written to {Markup.Escape(store.Directory)} (encoder {frozen.Identity[..12]})");
            return 0;
        }));
        return command;
    }

    /// <summary>Computes the missing caches of <paramref name="split"/> (all when null) behind a progress bar.</summary>
    internal static int Embed(EmbeddingStore store, TactileEncoder encoder, string? split, int batch)
    {
        var missing = store.Missing(split);
        if (missing.Count == 0)
        {
            return 0;
        }
        var written = 0;
        CliConsole.Progress().Start(ctx =>
        {
            var bar = ctx.AddTask($"embedding {missing.Count} episode/sensor files", maxValue: missing.Sum(m => (double)m.Episode.Steps));
            written = store.Compute(encoder, split, batch, (done, _) => bar.Value = done);
        });
        return written;
    }
}
