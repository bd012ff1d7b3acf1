using System.CommandLine;
using System.Globalization;
using SparshRobot.Cli.Errors;
using SparshRobot.Cli.Output;
using SparshRobot.Policy.Datasets;
using SparshRobot.Policy.Datasets.Building;
using SparshRobot.Policy.Datasets.LeRobot;
using Spectre.Console;

namespace SparshRobot.Cli.Commands;

/// <summary><c>sparsh-robot dataset</c>: behaviour-cloning datasets from teleop bags.</summary>
public static class DatasetCommand
{
    public static Command Create()
    {
        var command = new Command("dataset", "Policy datasets: build from rosbag2 bags, inspect, export to LeRobotDataset v3.");
        command.Subcommands.Add(CreateBuild());
        command.Subcommands.Add(DatasetEmbedCommand.Create());
        command.Subcommands.Add(CreateInfo());
        command.Subcommands.Add(CreateExport());
        return command;
    }

    private static Command CreateBuild()
    {
        var bags = new Option<string>("--bags") { Description = "A bag, a folder of bags, or a glob (wildcards in the last segment).", Required = true };
        var config = new Option<string>("--config") { Description = "Build config YAML (see policies/datasets/bead_maze_sim.yaml).", Required = true };
        var output = new Option<string>("--out")
        {
            Description = "Dataset folder to create: dataset.yaml, stats.yaml and <train|val>/<episode>/ with state.npy, action.npy, stamps.npy and <sensor>/frames.bin (the recorded frames of its uint8 image pairs).",
            Required = true,
        };
        var resume = new Option<bool>("--resume") { Description = "Keep the episodes an interrupted build of the same config completed." };
        var command = new Command("build", "Resample bags to the policy clock, stack tactile frames at the native stride, write episodes, splits and statistics.")
        {
            bags, config, output, resume,
        };
        command.SetAction(result => UserErrors.Run(() =>
        {
            var cfg = DatasetBuildConfig.Load(result.GetValue(config)!);
            var found = BagDiscovery.Find(result.GetValue(bags)!);
            DatasetBuildResult? built = null;
            CliConsole.Progress().HideCompleted(true)
                .Start(context => built = DatasetBuilder.Build(found, cfg, result.GetValue(output)!, result.GetValue(resume), new ProgressObserver(context)));
            // The frozen-encoder embedding cache (EmbeddingStore, --encoder) is filled here, once the episodes exist.
            PrintSummary(built!);
            return 0;
        }));
        return command;
    }

    private static Command CreateInfo()
    {
        var root = new Argument<string>("dataset") { Description = "Dataset folder." };
        var command = new Command("info", "Episodes per split, steps, sensors, rate, skipped bags and statistics of a dataset.") { root };
        command.SetAction(result => UserErrors.Run(() =>
        {
            PrintInfo(PolicyDataset.Open(result.GetValue(root)!));
            return 0;
        }));
        return command;
    }

    private static Command CreateExport()
    {
        var dataset = new Option<string>("--dataset") { Description = "Dataset folder made by 'dataset build'.", Required = true };
        var output = new Option<string>("--out") { Description = "New folder for the LeRobotDataset v3.0 export.", Required = true };
        var command = new Command("export-lerobot", "Export to the LeRobotDataset v3.0 layout (Parquet + metadata; tactile frames as images).") { dataset, output };
        command.SetAction(result => UserErrors.Run(() =>
        {
            var opened = PolicyDataset.Open(result.GetValue(dataset)!);
            LeRobotExportResult? exported = null;
            CliConsole.Progress().Start(context =>
            {
                var task = context.AddTask("exporting episodes", maxValue: 1);
                exported = LeRobotExporter.Export(opened, result.GetValue(output)!, f => task.Value = f);
            });
            AnsiConsole.MarkupLine($"exported {exported!.Episodes} episodes, {exported.Frames} frames in {exported.DataFiles} data file(s) to {Markup.Escape(result.GetValue(output)!)}");
            return 0;
        }));
        return command;
    }

    private static void PrintSummary(DatasetBuildResult result)
    {
        var dataset = result.Dataset;
        PrintSkipped(dataset.Manifest);
        var perEpisode = result.Built == 0 ? "" : $", {result.BuildTime.TotalSeconds / result.Built:F2} s per built episode";
        AnsiConsole.MarkupLine(
            $"{dataset.Manifest.Episodes.Count} episodes ({result.Built} built, {result.Resumed} resumed{perEpisode}), {dataset.Manifest.Skipped.Count} bags skipped, into {Markup.Escape(dataset.Root)}");
    }

    private static void PrintInfo(PolicyDataset dataset)
    {
        var m = dataset.Manifest;
        var table = new Table().AddColumns("Property", "Value");
        foreach (var split in new[] { PolicyDataset.TrainSplit, PolicyDataset.ValidationSplit })
        {
            var episodes = dataset.Split(split);
            table.AddRow($"{split} episodes", $"{episodes.Count} ({episodes.Sum(e => e.Steps)} steps, {episodes.Count(e => !e.Success)} unsuccessful)");
        }
        table.AddRow("rate", $"{m.RateHz} Hz");
        table.AddRow("tactile stack", Markup.Escape($"[I_t, I_(t-{m.FrameStride})] at the native rate, {m.ImageHeight}x{m.ImageWidth}"));
        table.AddRow("sensors", Markup.Escape(string.Join(", ", m.Sensors.Select(s => $"{s.Name} ({s.Topic})"))));
        table.AddRow("skipped bags", m.Skipped.Count.ToString(CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);
        PrintSkipped(m);

        var stats = new Table().AddColumns("Feature", "min", "max", "mean", "std", "q01", "q50", "q99");
        void Rows(string block, List<string> names, Policy.Normalization.FeatureStatistics s)
        {
            for (var i = 0; i < names.Count; i++)
            {
                stats.AddRow([$"{block}.{names[i]}", .. new[] { s.Min, s.Max, s.Mean, s.Std, s.Q01, s.Q50, s.Q99 }.Select(c => c[i].ToString("G5", CultureInfo.InvariantCulture))]);
            }
        }
        Rows("state", m.StateFeatures, dataset.Statistics.State);
        Rows("action", m.ActionFeatures, dataset.Statistics.Action);
        AnsiConsole.Write(stats);
    }

    private static void PrintSkipped(DatasetManifest manifest)
    {
        if (manifest.Skipped.Count == 0)
        {
            return;
        }
        var table = new Table().AddColumns("Skipped bag", "Reason");
        foreach (var s in manifest.Skipped)
        {
            table.AddRow(Markup.Escape(s.Bag), Markup.Escape(s.Reason));
        }
        AnsiConsole.Write(table);
    }

    /// <summary>One bar for the scan, one for all episodes, and one per episode while it is built.</summary>
    private sealed class ProgressObserver(ProgressContext context) : IDatasetBuildObserver
    {
        private ProgressTask? _scan;
        private ProgressTask? _episodes;
        private ProgressTask? _current;
        private int _accepted;

        public void Scanning(int bags) => _scan = context.AddTask("scanning bags", maxValue: bags);

        public void Scanned(string bag, string? rejection)
        {
            _scan?.Increment(1);
            _accepted += rejection is null ? 1 : 0;
        }

        public void EpisodeStarted(EpisodeScan scan, bool resumed)
        {
            _current?.StopTask();
            _episodes ??= context.AddTask("episodes", maxValue: Math.Max(1, _accepted));
            if (resumed)
            {
                _episodes.Increment(1);
                return;
            }
            _current = context.AddTask($"  {Markup.Escape(scan.Name)} ({scan.Steps} steps)", maxValue: 1);
        }

        public void EpisodeProgress(EpisodeScan scan, double fraction)
        {
            if (_current is not null)
            {
                _current.Value = fraction;
            }
        }

        public void EpisodeFinished(EpisodeScan scan, TimeSpan elapsed)
        {
            _current?.StopTask();
            _episodes?.Increment(1);
        }
    }
}
