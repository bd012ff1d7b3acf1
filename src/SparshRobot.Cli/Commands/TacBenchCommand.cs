using System.CommandLine;
using SparshRobot.Cli.Errors;
using SparshRobot.Cli.Output;
using SparshRobot.Encoder.Probes;
using SparshRobot.Encoder.TacBench;
using Spectre.Console;

namespace SparshRobot.Cli.Commands;

/// <summary>
/// <c>sparsh-robot tacbench run</c>: TacBench on labelled touch (<c>sim record-touch</c>'s datasets) for any frozen
/// encoders, the end-to-end baseline and the constant predictor, at several label budgets and seeds.
/// </summary>
public static class TacBenchCommand
{
    public static Command Create()
    {
        var command = new Command("tacbench", "TacBench on labelled touch: frozen encoders with attentive probes against an end-to-end model, per task and label budget.");
        command.Subcommands.Add(Run());
        command.Subcommands.Add(Report());
        return command;
    }

    private static Command Report()
    {
        var runs = new Argument<string[]>("runs") { Description = "tacbench run output folders (their tacbench.csv) or tacbench.csv files, one per process of a split run.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for the joined tacbench.csv, summary.json and tacbench.png.", Required = true };
        var command = new Command("report", "Join the rows of several tacbench runs on the same labelled touch (e.g. encoders run in parallel processes) into one table, CSV, summary and figure.") { runs, output };
        command.SetAction(result => UserErrors.Run(() =>
        {
            var sources = RunFolders.ResultFiles(result.GetValue(runs)!, TacBenchReport.CsvFile, "tacbench run");
            var results = TacBenchReport.Combine([.. sources.Select(s => (s, TacBenchReport.ReadCsv(s)))]);
            var folder = result.GetValue(output)!.FullName;
            TacBenchReport.Write(folder, results, new { joined = sources.Select(Path.GetFullPath) });
            PrintTable(TacBenchReport.Summarize(results));
            AnsiConsole.MarkupLine($"joined {results.Count} rows from {sources.Count} run(s); wrote {Markup.Escape(Path.Combine(folder, TacBenchReport.CsvFile))}, {TacBenchReport.SummaryFile}, {TacBenchReport.PlotFile}");
            return 0;
        }));
        return command;
    }

    private static Command Run()
    {
        var encoders = new Option<string[]>("--encoder")
        {
            Description = "NAME=PATH of a frozen encoder checkpoint (.safetensors, .ckpt, .pth; any Sparsh family), repeatable.",
            AllowMultipleArgumentsPerToken = true,
        };
        var data = new Option<DirectoryInfo>("--data") { Description = "Labelled touch: <data>/{train,test}/<episode>/<thumb|index>/, as sim record-touch writes it.", Required = true };
        var tasks = new Option<string>("--tasks")
        {
            Description = "Comma-separated tasks: " + string.Join("; ", TacBenchTask.All.Select(t => $"{t.Name} = {t.Description}")) + "; or all.",
            DefaultValueFactory = _ => "all",
        };
        var budgets = new Option<string>("--budgets") { Description = "Label budgets, percent of the training split.", DefaultValueFactory = _ => "1,10,33,100" };
        var seeds = new Option<int>("--seeds") { Description = "Seeds per cell (budget rows and initial weights).", DefaultValueFactory = _ => 3 }.AtLeast(1);
        var output = new Option<DirectoryInfo>("--out") { Description = "Output folder: tacbench.csv, summary.json, tacbench.png.", Required = true };
        var epochs = new Option<int>("--epochs") { Description = "Probe epochs (the last one is scored).", DefaultValueFactory = _ => 20 }.AtLeast(1);
        var batch = new Option<int>("--batch") { Description = "Probe batch size.", DefaultValueFactory = _ => 32 }.AtLeast(1);
        var lr = new Option<double>("--lr") { Description = "Probe learning rate (Adam; the reference's 1e-4).", DefaultValueFactory = _ => 1e-4 }.Positive("learning rate");
        var poolerHeads = new Option<int>("--pooler-heads") { Description = "Attention heads of the probes' pooler.", DefaultValueFactory = _ => 12 }.AtLeast(1);
        var noE2e = new Option<bool>("--no-e2e") { Description = "Leave out the end-to-end baseline." };
        var e2eEpochs = new Option<int>("--e2e-epochs") { Description = "End-to-end epochs at most.", DefaultValueFactory = _ => 5 }.AtLeast(1);
        var e2eSteps = new Option<int>("--e2e-steps") { Description = "End-to-end optimizer steps at most (its cost bound).", DefaultValueFactory = _ => 100 }.AtLeast(1);
        var e2eBatch = new Option<int>("--e2e-batch") { Description = "End-to-end batch size.", DefaultValueFactory = _ => 8 }.AtLeast(1);
        var e2eLr = new Option<double>("--e2e-lr") { Description = "End-to-end learning rate (Adam).", DefaultValueFactory = _ => 1e-4 }.Positive("learning rate");
        var cache = new Option<DirectoryInfo?>("--cache") { Description = "Embedding cache folder (default: <data>/.embeddings); each encoder's tokens are computed once." };
        var heads = EncoderCommand.HeadsOption(null);
        var command = new Command("run", "Train and score every encoder's probes (and the baselines) on every task, budget and seed; write the table, CSV, summary and figure.")
        {
            encoders, data, tasks, budgets, seeds, output, epochs, batch, lr, poolerHeads, noE2e, e2eEpochs, e2eSteps, e2eBatch, e2eLr, cache, heads,
        };
        command.SetAction(result => UserErrors.Run(() =>
        {
            var options = new TacBenchOptions(
                [.. (result.GetValue(encoders) ?? []).Select(TacBenchEncoder.Parse)],
                result.GetValue(data)!.FullName,
                TacBenchTask.Parse(result.GetValue(tasks)),
                LabelBudget.Parse(result.GetValue(budgets)!),
                result.GetValue(seeds),
                new ProbeTrainingOptions
                {
                    Epochs = result.GetValue(epochs),
                    BatchSize = result.GetValue(batch),
                    LearningRate = result.GetValue(lr),
                    PoolerHeads = result.GetValue(poolerHeads),
                },
                result.GetValue(noE2e) ? null : new EndToEndOptions(result.GetValue(e2eEpochs), result.GetValue(e2eBatch), result.GetValue(e2eSteps), result.GetValue(e2eLr)),
                result.GetValue(cache)?.FullName,
                result.GetValue(heads));
            options.Validate();
            IReadOnlyList<TacBenchResult> results = [];
            CliConsole.Progress(elapsed: true)
                .Start(context =>
                {
                    var bar = context.AddTask("TacBench");
                    results = TacBenchRunner.Run(options, (what, done, total) =>
                    {
                        bar.MaxValue = total;
                        bar.Value = done;
                        bar.Description = Markup.Escape(what);
                    });
                    bar.Value = bar.MaxValue;
                });
            var folder = result.GetValue(output)!.FullName;
            TacBenchReport.Write(folder, results, new
            {
                data = options.Data,
                encoders = options.Encoders.Select(e => new { name = e.Name, checkpoint = e.Checkpoint }),
                tasks = options.Tasks.Select(t => t.Name),
                budgets_percent = options.Budgets.Select(b => b * 100),
                seeds = options.Seeds,
                probe = new { epochs = options.Probe.Epochs, batch_size = options.Probe.BatchSize, learning_rate = options.Probe.LearningRate, pooler_heads = options.Probe.PoolerHeads },
                e2e = options.EndToEnd is { } e ? new { epochs = e.Epochs, batch_size = e.BatchSize, max_steps = e.MaxSteps, learning_rate = e.LearningRate } : null,
            });
            PrintTable(TacBenchReport.Summarize(results));
            AnsiConsole.MarkupLine($"wrote {Markup.Escape(Path.Combine(folder, TacBenchReport.CsvFile))}, {TacBenchReport.SummaryFile}, {TacBenchReport.PlotFile}");
            return 0;
        }));
        return command;
    }

    /// <summary>A row per task and model, a column per budget: mean ± 95 % half-width over the seeds; the best model of a column in bold.</summary>
    private static void PrintTable(IReadOnlyList<TacBenchCell> cells)
    {
        var budgets = cells.Select(c => c.Budget).Distinct().Order().ToList();
        var best = TacBenchReport.Best(cells).ToHashSet();
        var table = new Table().AddColumn("task").AddColumn("metric").AddColumn("model");
        foreach (var budget in budgets)
        {
            table.AddColumn(new TableColumn($"{budget * 100:0.#} %").RightAligned());
        }
        foreach (var row in cells.GroupBy(c => (c.Task, c.Encoder)))
        {
            var first = row.First();
            var values = budgets.Select(b => row.FirstOrDefault(c => c.Budget == b) is { } cell
                ? (best.Contains(cell) ? "[bold]" : "") + $"{cell.Mean:0.###}" + (double.IsNaN(cell.Ci95) ? "" : $" ± {cell.Ci95:0.###}") + (best.Contains(cell) ? "[/]" : "")
                : "");
            table.AddRow([Markup.Escape(row.Key.Task), Markup.Escape(first.Metric), Markup.Escape(row.Key.Encoder), .. values]);
        }
        AnsiConsole.Write(table);
    }
}
