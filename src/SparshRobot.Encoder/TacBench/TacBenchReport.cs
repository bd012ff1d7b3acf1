using System.Text.Json;
using ScottPlot;
using SparshRobot.Core.IO;

namespace SparshRobot.Encoder.TacBench;

/// <summary>One cell of the table: a model on a task at a budget, over its seeds.</summary>
public sealed record TacBenchCell(string Encoder, string Task, double Budget, string Metric, bool HigherIsBetter, double Mean, double Ci95, IReadOnlyList<double> Values);

/// <summary>TacBench's outputs: <c>tacbench.csv</c> (one row per seed), <c>summary.json</c> (cells with 95 % intervals) and <c>tacbench.png</c> (metric against budget, a line per model, a panel per task, like the published figure).</summary>
public static class TacBenchReport
{
    public const string CsvFile = "tacbench.csv";
    public const string SummaryFile = "summary.json";
    public const string PlotFile = "tacbench.png";

    /// <summary>The cells in the order the results came (model, task, budget).</summary>
    public static IReadOnlyList<TacBenchCell> Summarize(IReadOnlyList<TacBenchResult> results) =>
    [
        .. results.GroupBy(r => (r.Encoder, r.Task, r.Budget)).Select(g =>
        {
            var values = g.Select(r => r.Value).ToList();
            var (mean, ci) = SeedStatistics.MeanInterval95(values);
            return new TacBenchCell(g.Key.Encoder, g.Key.Task, g.Key.Budget, g.First().Metric, g.First().HigherIsBetter, mean, ci, values);
        }),
    ];

    /// <summary>Writes the three files into <paramref name="directory"/>; <paramref name="settings"/> go into the summary as they are.</summary>
    public static void Write(string directory, IReadOnlyList<TacBenchResult> results, object settings)
    {
        Directory.CreateDirectory(directory);
        RecordCsv.Write(Path.Combine(directory, CsvFile), results);
        var cells = Summarize(results);
        var summary = new
        {
            settings,
            cells = cells.Select(c => new
            {
                encoder = c.Encoder,
                task = c.Task,
                budget_percent = c.Budget * 100,
                metric = c.Metric,
                higher_is_better = c.HigherIsBetter,
                seeds = c.Values.Count,
                mean = c.Mean,
                ci95 = double.IsNaN(c.Ci95) ? (double?)null : c.Ci95,
                values = c.Values,
            }),
            best = Best(cells).Select(b => new { task = b.Task, budget_percent = b.Budget * 100, encoder = b.Encoder }),
        };
        File.WriteAllText(Path.Combine(directory, SummaryFile), JsonSerializer.Serialize(summary, new JsonSerializerOptions { WriteIndented = true }));
        Plot(cells, Path.Combine(directory, PlotFile));
    }

    /// <summary>Reads a tacbench.csv as <see cref="Write"/> writes it; a malformed one names its file, line and column.</summary>
    public static IReadOnlyList<TacBenchResult> ReadCsv(string path) => RecordCsv.Read<TacBenchResult>(path, CsvFile);

    /// <summary>
    /// Joins the rows of several runs (encoders run in parallel processes on the same labelled touch) in the order given.
    /// The same model, task, budget and seed in two runs is an error naming both, except the constant predictor, which
    /// every run fits on the same budget rows: equal values are kept once, different ones mean different data.
    /// </summary>
    public static IReadOnlyList<TacBenchResult> Combine(IReadOnlyList<(string Source, IReadOnlyList<TacBenchResult> Results)> runs)
    {
        var seen = new Dictionary<(string, string, double, int), (string Source, TacBenchResult Row)>();
        var joined = new List<TacBenchResult>();
        foreach (var (source, results) in runs)
        {
            foreach (var r in results)
            {
                var key = (r.Encoder, r.Task, r.Budget, r.Seed);
                if (seen.TryGetValue(key, out var first))
                {
                    if (r.Encoder == TacBenchRunner.ConstantName && r.Value == first.Row.Value && r.TrainRows == first.Row.TrainRows)
                    {
                        continue;
                    }
                    var what = $"{r.Encoder} / {r.Task} / {r.Budget * 100:0.#} % / seed {r.Seed}";
                    throw new ArgumentException(r.Encoder == TacBenchRunner.ConstantName
                        ? $"{what} differs between {first.Source} ({first.Row.Value:g6} on {first.Row.TrainRows} rows) and {source} ({r.Value:g6} on {r.TrainRows} rows): the runs were not on the same labelled touch"
                        : $"{what} is in both {first.Source} and {source}");
                }
                seen[key] = (source, r);
                joined.Add(r);
            }
        }
        return joined;
    }

    /// <summary>The best model (by mean; baselines included) of every task and budget.</summary>
    public static IEnumerable<TacBenchCell> Best(IReadOnlyList<TacBenchCell> cells) =>
        cells.GroupBy(c => (c.Task, c.Budget)).Select(g => g.Aggregate((a, b) => (b.HigherIsBetter ? b.Mean > a.Mean : b.Mean < a.Mean) ? b : a));

    private static void Plot(IReadOnlyList<TacBenchCell> cells, string path)
    {
        var tasks = cells.Select(c => c.Task).Distinct().ToList();
        // One colour per model across every panel, from a palette with enough of them for every model a run holds.
        var models = cells.Select(c => c.Encoder).Distinct().ToList();
        var palette = new ScottPlot.Palettes.Category10();
        var figure = new Multiplot();
        for (var t = 0; t < tasks.Count; t++)
        {
            var plot = new Plot();
            if (t == 0)
            {
                // A new multiplot holds one empty plot: replace it, then add the rest.
                figure.Reset(plot);
            }
            else
            {
                figure.AddPlot(plot);
            }
            var taskCells = cells.Where(c => c.Task == tasks[t]).ToList();
            foreach (var model in taskCells.GroupBy(c => c.Encoder))
            {
                var points = model.OrderBy(c => c.Budget).ToList();
                // Budgets span two decades: log10 of the percentage on the axis, labelled in percent.
                var xs = points.Select(c => Math.Log10(c.Budget * 100)).ToArray();
                var ys = points.Select(c => c.Mean).ToArray();
                var line = plot.Add.Scatter(xs, ys, palette.GetColor(models.IndexOf(model.Key)));
                line.LegendText = model.Key;
                if (model.Key == TacBenchRunner.ConstantName)
                {
                    line.LinePattern = LinePattern.Dashed;
                }
                var bars = plot.Add.ErrorBar(xs, ys, points.Select(c => ErrorBelow(c)).ToArray());
                bars.YErrorPositive = [.. points.Select(ErrorAbove)];
                bars.Color = line.Color;
            }
            var budgets = taskCells.Select(c => c.Budget).Distinct().Order().ToArray();
            plot.Axes.Bottom.SetTicks(budgets.Select(b => Math.Log10(b * 100)).ToArray(), budgets.Select(b => $"{b * 100:0.#} %").ToArray());
            plot.Title($"{tasks[t]} ({(taskCells[0].HigherIsBetter ? "higher" : "lower")} is better)");
            plot.XLabel("label budget (share of the training split)");
            plot.YLabel(taskCells[0].Metric);
            plot.ShowLegend(Edge.Right);
        }
        figure.SavePng(path, 900, 320 * tasks.Count);
    }

    /// <summary>
    /// How far the cell's 95 % interval reaches below its mean, clipped at the metric's floor: every metric is an
    /// error (never below 0) or, higher being better, a fraction (F1, accuracy) in [0, 1].
    /// </summary>
    public static double ErrorBelow(TacBenchCell cell) => double.IsNaN(cell.Ci95) ? 0 : Math.Clamp(cell.Ci95, 0, Math.Max(0, cell.Mean));

    /// <summary>How far the interval reaches above the mean, clipped at 1 for fractions (see <see cref="ErrorBelow"/>).</summary>
    public static double ErrorAbove(TacBenchCell cell) =>
        double.IsNaN(cell.Ci95) ? 0 : cell.HigherIsBetter ? Math.Clamp(cell.Ci95, 0, Math.Max(0, 1 - cell.Mean)) : cell.Ci95;
}
