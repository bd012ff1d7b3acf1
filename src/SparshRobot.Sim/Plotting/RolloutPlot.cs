using ScottPlot;
using SparshRobot.Sim.Mazes;
using SparshRobot.Sim.Metrics;
using SparshRobot.Sim.Rollouts;

namespace SparshRobot.Sim.Plotting;

/// <summary>
/// One PNG per rollout: on top the maze seen from the robot (board x-z plane) with the wire, the bead's and the
/// fingertips' paths and the slip, drop and jam events; below the forces and the grip over time.
/// </summary>
public static class RolloutPlot
{
    public static void Save(Maze maze, RolloutResult result, string path, int width = 1100, int height = 1200) =>
        SavePng(Build(maze, result).Figure, path, width, height);

    /// <summary>The figure <see cref="Save"/> writes, for callers that mark more on it (the maze plane on top, the forces over time below).</summary>
    public static (Multiplot Figure, Plot Maze, Plot Forces) Build(Maze maze, RolloutResult result)
    {
        var multiplot = new Multiplot();
        var mazePlot = new Plot();
        var forcePlot = new Plot();
        // A new multiplot holds one empty plot: replace it, then add the second.
        multiplot.Reset(mazePlot);
        multiplot.AddPlot(forcePlot);

        var wire = maze.Wire;
        var wx = new double[wire.SampleCount];
        var wz = new double[wire.SampleCount];
        for (var i = 0; i < wire.SampleCount; i++)
        {
            wx[i] = wire.SamplePoint(i).X * 1000;
            wz[i] = wire.SamplePoint(i).Z * 1000;
        }
        var wireLine = mazePlot.Add.ScatterLine(wx, wz, Colors.Gray);
        wireLine.LineWidth = 6;
        wireLine.LegendText = "wire";
        var trace = result.Trace;
        if (trace.Time.Count > 0)
        {
            var hand = mazePlot.Add.ScatterLine(trace.Hand.Select(p => p.X * 1000).ToArray(), trace.Hand.Select(p => p.Z * 1000).ToArray(), Colors.DodgerBlue);
            hand.LegendText = "fingertips";
            var bead = mazePlot.Add.ScatterLine(trace.Bead.Select(p => p.X * 1000).ToArray(), trace.Bead.Select(p => p.Z * 1000).ToArray(), Colors.OrangeRed);
            bead.LineWidth = 2;
            bead.LegendText = "bead";
        }
        var start = mazePlot.Add.Markers(new[] { wire.Start.X * 1000, wire.End.X * 1000 }, new[] { wire.Start.Z * 1000, wire.End.Z * 1000 }, MarkerShape.FilledSquare, 12, Colors.Black);
        start.LegendText = "start / end stop";
        AddEvents(mazePlot, result.Events, RolloutEventKind.Slip, MarkerShape.OpenCircle, Colors.Gold, "slip");
        AddEvents(mazePlot, result.Events, RolloutEventKind.Drop, MarkerShape.Cross, Colors.Red, "drop");
        AddEvents(mazePlot, result.Events, RolloutEventKind.Jam, MarkerShape.FilledDiamond, Colors.Purple, "jam");
        AddEvents(mazePlot, result.Events, RolloutEventKind.Release, MarkerShape.OpenTriangleUp, Colors.Green, "regrasp");
        mazePlot.Axes.SquareUnits();
        var m = result.Metrics;
        mazePlot.Title($"{maze.Name}: {(m.Success ? "success" : "failed")}, completion {m.Completion:P0}, {m.Time:F1} s, " +
            $"slips {m.Slips}, drops {m.Drops}, jams {m.Jams}");
        mazePlot.XLabel("x (mm)");
        mazePlot.YLabel("z (mm)");
        mazePlot.ShowLegend(Alignment.UpperLeft);

        if (trace.Time.Count > 0)
        {
            var t = trace.Time.ToArray();
            AddSeries(forcePlot, t, trace.TangentialForce, Colors.OrangeRed, "pull along wire (N)");
            AddSeries(forcePlot, t, trace.CrossForce, Colors.Purple, "cross-wire load (N)");
            AddSeries(forcePlot, t, trace.FrictionLimit, Colors.Gray, "wire friction limit (N)");
            AddSeries(forcePlot, t, trace.PadShear, Colors.DarkGoldenRod, "pad shear (N)");
            AddSeries(forcePlot, t, trace.Grip, Colors.DodgerBlue, "grip (N)");
            var target = AddSeries(forcePlot, t, trace.GripTarget, Colors.Navy, "grip target (N)");
            target.LinePattern = LinePattern.Dashed;
            foreach (var e in result.Events.Where(e => e.Kind is RolloutEventKind.Drop or RolloutEventKind.Jam))
            {
                var line = forcePlot.Add.VerticalLine(e.Time, 1, e.Kind == RolloutEventKind.Drop ? Colors.Red : Colors.Purple);
                line.LinePattern = LinePattern.Dotted;
            }
        }
        forcePlot.Title("Forces on the bead and grip");
        forcePlot.XLabel("time (s)");
        forcePlot.YLabel("force (N)");
        forcePlot.ShowLegend(Alignment.UpperRight);
        return (multiplot, mazePlot, forcePlot);
    }

    /// <summary>Writes a figure, creating its folder.</summary>
    public static void SavePng(Multiplot figure, string path, int width, int height)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }
        figure.SavePng(path, width, height);
    }

    private static ScottPlot.Plottables.Scatter AddSeries(Plot plot, double[] t, List<double> values, Color color, string label)
    {
        var series = plot.Add.ScatterLine(t, values.ToArray(), color);
        series.LegendText = label;
        return series;
    }

    private static void AddEvents(Plot plot, IReadOnlyList<RolloutEvent> events, RolloutEventKind kind, MarkerShape shape, Color color, string label)
    {
        var selected = events.Where(e => e.Kind == kind).ToList();
        if (selected.Count == 0)
        {
            return;
        }
        var markers = plot.Add.Markers(selected.Select(e => e.Position.X * 1000).ToArray(), selected.Select(e => e.Position.Z * 1000).ToArray(), shape, 10, color);
        markers.LegendText = $"{label} ({selected.Count})";
    }
}
