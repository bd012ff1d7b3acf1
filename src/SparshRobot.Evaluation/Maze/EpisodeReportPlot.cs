using ScottPlot;
using SparshRobot.Control.Supervision;
using SparshRobot.Sim.Faults;
using SparshRobot.Sim.Plotting;
using SparshRobot.Sim.Rollouts;
using MazeModel = SparshRobot.Sim.Mazes.Maze;

namespace SparshRobot.Evaluation.Maze;

/// <summary>
/// One episode's report picture: the rollout plot (maze plane with wire, bead and fingertip paths; forces, pad
/// shear and grip over time) with every supervisor transition marked where the bead was when it happened, and the
/// supervisor's states as coloured bands behind the traces.
/// </summary>
public static class EpisodeReportPlot
{
    private static readonly Dictionary<SupervisorState, Color> StateColors = new()
    {
        [SupervisorState.SlipReaction] = Colors.Gold,
        [SupervisorState.ReacquireOpen] = Colors.Red,
        [SupervisorState.ReacquireBackOff] = Colors.OrangeRed,
        [SupervisorState.ReacquireClose] = Colors.Salmon,
        [SupervisorState.ReacquireConfirm] = Colors.Pink,
        [SupervisorState.JamBackOff] = Colors.Purple,
        [SupervisorState.JamRealign] = Colors.Violet,
        [SupervisorState.Recentre] = Colors.DodgerBlue,
        [SupervisorState.WaitForInputs] = Colors.Gray,
        [SupervisorState.SafeHold] = Colors.Black,
        [SupervisorState.Halted] = Colors.DarkGray,
    };

    public static void Save(MazeModel maze, EvalOutcome outcome, string path, int width = 1100, int height = 1200)
    {
        var (figure, mazePlot, forcePlot) = RolloutPlot.Build(maze, outcome.Rollout);
        var e = outcome.Episode;
        mazePlot.Title($"{e.Maze} · {e.Stack} · seed {e.Seed}: {(e.Success ? "success" : "failed")}, completion {e.Completion:P0}, {e.Time:F1} s\n" +
            $"faults: {(e.FaultKinds.Length == 0 ? e.Faults : e.FaultKinds.Replace("+", ", ", StringComparison.Ordinal))}");
        var trace = outcome.Rollout.Trace;
        var events = outcome.Supervisor;
        if (trace.Time.Count > 0)
        {
            foreach (var group in events.GroupBy(v => v.To))
            {
                var at = group.Select(v => trace.Bead[NearestSample(trace, v.Time.TotalSeconds)]).ToList();
                var markers = mazePlot.Add.Markers(at.Select(p => p.X * 1000).ToArray(), at.Select(p => p.Z * 1000).ToArray(),
                    MarkerShape.FilledCircle, 9, StateColors.GetValueOrDefault(group.Key, Colors.Green));
                markers.LegendText = $"→ {group.Key} ({group.Count()})";
            }
            AddStateBands(forcePlot, events, trace.Time[^1]);
            AddFaultWindows(forcePlot, outcome.Faults, trace.Time[^1]);
        }
        forcePlot.Title("Forces, pad shear and grip; bands: supervisor state (none: tracking); dashed: fault windows");
        RolloutPlot.SavePng(figure, path, width, height);
    }

    /// <summary>The state entered at each transition, held until the next one, as a band over the time axis.</summary>
    private static void AddStateBands(Plot plot, IReadOnlyList<SupervisorEvent> events, double end)
    {
        for (var i = 0; i < events.Count; i++)
        {
            if (!StateColors.TryGetValue(events[i].To, out var color))
            {
                continue;
            }
            var from = events[i].Time.TotalSeconds;
            var to = i + 1 < events.Count ? events[i + 1].Time.TotalSeconds : end;
            var band = plot.Add.HorizontalSpan(from, Math.Max(to, from + 0.05));
            band.FillStyle.Color = color.WithAlpha(0.18);
            band.LineStyle.Width = 0;
        }
    }

    private static readonly Color[] FaultColors = [Colors.Red, Colors.Teal, Colors.DarkOrange, Colors.SlateBlue, Colors.Olive];

    /// <summary>Each timed fault's window as a hatched-colour band named in the legend (a wire section has no time window).</summary>
    private static void AddFaultWindows(Plot plot, FaultPlan faults, double end)
    {
        foreach (var (fault, i) in faults.Faults.Where(f => f.Kind != FaultKind.StickyWire && f.Start < end).Select((f, i) => (f, i)))
        {
            var color = FaultColors[i % FaultColors.Length];
            var band = plot.Add.HorizontalSpan(fault.Start, Math.Min(end, fault.Start + fault.Duration));
            band.FillStyle.Color = color.WithAlpha(0.12);
            band.LineStyle.Color = color;
            band.LineStyle.Width = 1;
            band.LineStyle.Pattern = LinePattern.Dashed;
            band.LegendText = $"fault: {FaultSpec.KindName(fault.Kind)}";
        }
    }

    private static int NearestSample(RolloutTrace trace, double time)
    {
        var i = trace.Time.BinarySearch(time);
        return i >= 0 ? i : Math.Clamp(~i - 1, 0, trace.Time.Count - 1);
    }
}
