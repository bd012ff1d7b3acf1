using System.Text.Json;
using ScottPlot;
using SparshRobot.Core.IO;

namespace SparshRobot.Evaluation.Maze;

/// <summary>One stack under one fault condition (or, for <see cref="FaultKind"/> rows, in the episodes that met that kind).</summary>
/// <param name="SuccessLow">Wilson 95 % interval of the success rate.</param>
/// <param name="CompletionHalfWidth">Half-width of the normal 95 % interval of the mean completion.</param>
public sealed record EvalSummaryRow(
    string Stack,
    string Faults,
    string? FaultKind,
    int Episodes,
    int Successes,
    double SuccessRate,
    double SuccessLow,
    double SuccessHigh,
    double MeanCompletion,
    double CompletionHalfWidth,
    double MeanSuccessTime,
    double RegraspsPerEpisode,
    double RecoveriesPerEpisode,
    double DropsPerEpisode,
    double SimSeconds,
    double WallSeconds)
{
    /// <summary>Simulated over wall-clock seconds of these episodes (the evaluation's own cost, rendering included).</summary>
    public double RealTimeFactor => WallSeconds > 0 ? SimSeconds / WallSeconds : double.NaN;
}

/// <summary>The benchmark's outputs: episodes.csv, summary.json and summary.png.</summary>
public static class EvalReport
{
    /// <summary>Per stack and condition, then per stack and fault kind met (suite conditions), in the order the stacks were given.</summary>
    public static IReadOnlyList<EvalSummaryRow> Summarize(IReadOnlyList<EvalEpisode> episodes)
    {
        var stacks = episodes.Select(e => e.Stack).Distinct().ToList();
        var rows = new List<EvalSummaryRow>();
        foreach (var condition in episodes.Select(e => e.Faults).Distinct())
        {
            rows.AddRange(stacks.Select(s => Row(s, condition, null, [.. episodes.Where(e => e.Stack == s && e.Faults == condition)])).OfType<EvalSummaryRow>());
        }
        var kinds = episodes.SelectMany(e => e.FaultKinds.Split('+', StringSplitOptions.RemoveEmptyEntries)).Distinct().Order(StringComparer.Ordinal).ToList();
        foreach (var kind in kinds)
        {
            rows.AddRange(stacks.Select(s => Row(s, "any", kind,
                [.. episodes.Where(e => e.Stack == s && e.FaultKinds.Split('+').Contains(kind))])).OfType<EvalSummaryRow>());
        }
        return rows;
    }

    private static EvalSummaryRow? Row(string stack, string faults, string? kind, IReadOnlyList<EvalEpisode> group)
    {
        if (group.Count == 0)
        {
            return null;
        }
        var successes = group.Count(e => e.Success);
        var (low, high) = EvalStatistics.Wilson(successes, group.Count);
        var (completion, half) = EvalStatistics.MeanInterval([.. group.Select(e => e.Completion)]);
        var times = group.Where(e => e.Success).Select(e => e.Time).ToList();
        return new EvalSummaryRow(stack, faults, kind, group.Count, successes, successes / (double)group.Count, low, high, completion, half,
            times.Count > 0 ? times.Average() : double.NaN, group.Average(e => e.Regrasps),
            group.Average(e => e.RecoveredLost + e.RecoveredSlip + e.RecoveredJam + e.Recentred), group.Average(e => e.Drops),
            group.Sum(e => e.Time), group.Sum(e => e.WallSeconds));
    }

    public static void WriteCsv(string path, IReadOnlyList<EvalEpisode> episodes) => RecordCsv.Write(path, episodes);

    /// <summary>Reads an episodes.csv as <see cref="WriteCsv"/> writes it (see <see cref="RecordCsv.Read"/>).</summary>
    public static IReadOnlyList<EvalEpisode> ReadCsv(string path) => RecordCsv.Read<EvalEpisode>(path, "episodes.csv");

    /// <summary>
    /// Joins the episodes of several runs (parallel processes over the same mazes, for example) into one list with the
    /// stacks in <paramref name="stackOrder"/> (others after them, as met). The same episode (maze, faults, stack, seed)
    /// in two runs is an error naming both.
    /// </summary>
    public static IReadOnlyList<EvalEpisode> Combine(IReadOnlyList<(string Source, IReadOnlyList<EvalEpisode> Episodes)> runs, IReadOnlyList<string> stackOrder)
    {
        var seen = new Dictionary<(string, string, string, int), string>();
        foreach (var (source, episodes) in runs)
        {
            foreach (var e in episodes)
            {
                if (!seen.TryAdd((e.Maze, e.Faults, e.Stack, e.Seed), source))
                {
                    throw new ArgumentException($"episode {e.Maze} / {e.Faults} / {e.Stack} / seed {e.Seed} is in both {seen[(e.Maze, e.Faults, e.Stack, e.Seed)]} and {source}");
                }
            }
        }
        var all = runs.SelectMany(r => r.Episodes).ToList();
        var met = all.Select(e => e.Stack).Distinct().ToList();
        int Rank(string stack) => stackOrder.Contains(stack) ? stackOrder.ToList().IndexOf(stack) : stackOrder.Count + met.IndexOf(stack);
        return [.. all.OrderBy(e => Rank(e.Stack))];
    }

    public static void WriteJson(string path, IReadOnlyList<EvalSummaryRow> summary, object run)
    {
        var options = new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(new { run, summary }, options));
    }

    /// <summary>Success rate with its Wilson interval and mean completion per stack, one group of bars per fault condition.</summary>
    public static void WritePlot(string path, IReadOnlyList<EvalSummaryRow> summary)
    {
        var rows = summary.Where(r => r.FaultKind is null).ToList();
        var stacks = rows.Select(r => r.Stack).Distinct().ToList();
        var conditions = rows.Select(r => r.Faults).Distinct().ToList();
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var bars = new List<Bar>();
        var ticks = new List<Tick>();
        for (var c = 0; c < conditions.Count; c++)
        {
            for (var s = 0; s < stacks.Count; s++)
            {
                if (rows.FirstOrDefault(r => r.Stack == stacks[s] && r.Faults == conditions[c]) is not { } row)
                {
                    continue;
                }
                var x = c * (stacks.Count + 1) + s;
                bars.Add(new Bar
                {
                    Position = x,
                    Value = row.SuccessRate * 100,
                    Error = 0,
                    FillColor = palette.GetColor(s),
                    Label = $"{row.SuccessRate * 100:F0}%",
                });
                var interval = plot.Add.Line(x, row.SuccessLow * 100, x, row.SuccessHigh * 100);
                interval.Color = Colors.Black;
                interval.LineWidth = 2;
                var completion = plot.Add.Marker(x, row.MeanCompletion * 100, MarkerShape.FilledDiamond, 9, Colors.Black);
                if (c == 0 && s == 0)
                {
                    completion.LegendText = "mean completion";
                }
            }
            ticks.Add(new Tick(c * (stacks.Count + 1) + (stacks.Count - 1) / 2.0, $"faults: {conditions[c]}"));
        }
        var barPlot = plot.Add.Bars(bars);
        barPlot.ValueLabelStyle.FontSize = 11;
        for (var s = 0; s < stacks.Count; s++)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = stacks[s], FillColor = palette.GetColor(s) });
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
        plot.Axes.SetLimitsY(0, 110);
        plot.YLabel("success rate (%), Wilson 95 % interval; diamond: mean completion (%)");
        var n = rows.Count > 0 ? rows.Min(r => r.Episodes) : 0;
        plot.Title($"Bead maze: success by stack ({n}+ episodes per bar)");
        plot.ShowLegend(Alignment.UpperRight);
        plot.Legend.Orientation = Orientation.Horizontal;
        plot.SavePng(path, Math.Max(900, 120 * bars.Count + 200), 650);
    }
}
