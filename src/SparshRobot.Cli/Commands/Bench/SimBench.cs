using System.CommandLine;
using System.Diagnostics;
using SparshRobot.Core.Geometry;
using SparshRobot.Core.Robot;
using SparshRobot.Sim.Mazes;
using SparshRobot.Sim.Rollouts;
using SparshRobot.Sim.Simulation;
using SparshRobot.Sim.Teleop;
using Spectre.Console;

namespace SparshRobot.Cli.Commands.Bench;

/// <summary>
/// <c>bench sim</c>: lock-step real-time factor of one maze on one thread. Rows: the bare 1 kHz physics (hand
/// holding still), the whole teleop rollout without images, and, when a renderer factory is plugged in, the same
/// rollout with both tactile streams rendered.
/// </summary>
public static class SimBench
{
    public static Command Create(Func<ITactileFrameRenderer>? renderer = null)
    {
        var maze = new Option<string>("--maze") { Description = "Maze to run (name, YAML path or seed).", DefaultValueFactory = _ => "hard:3" };
        var repeats = new Option<int>("--repeats") { Description = "Rollouts per row; the best is reported.", DefaultValueFactory = _ => 3 }.AtLeast(1);
        var command = new Command("sim", "Real-time factor of the lock-step bead-maze simulation (physics only, and with rendering when available).") { maze, repeats };
        command.SetAction(result =>
        {
            var resolved = MazeCatalog.Resolve(result.GetValue(maze)!, MazeDifficulty.Hard);
            var rows = Run(resolved, Math.Max(1, result.GetValue(repeats)), renderer);
            var table = new Table().AddColumns("Row", "Simulated s", "Wall s", "Real-time factor", "vs physics only");
            foreach (var row in rows)
            {
                table.AddRow(row.Name, $"{row.SimulatedSeconds:F1}", $"{row.WallSeconds:F3}", $"{row.RealTimeFactor:F1}x", $"{row.RealTimeFactor / rows[0].RealTimeFactor:P0}");
            }
            AnsiConsole.MarkupLine($"maze {Markup.Escape(resolved.ToString())}, one thread, best of {result.GetValue(repeats)}");
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    public sealed record Row(string Name, double SimulatedSeconds, double WallSeconds)
    {
        public double RealTimeFactor => SimulatedSeconds / WallSeconds;
    }

    public static List<Row> Run(Maze maze, int repeats, Func<ITactileFrameRenderer>? renderer)
    {
        // Warm-up so JIT time is not billed to the first row.
        TeleopSession.Run(maze, 0, new RolloutOptions(TimeLimit: 1, TraceInterval: 0));
        var rows = new List<Row>
        {
            Best("physics only (1 kHz, hand still)", repeats, () =>
            {
                var sim = new BeadMazeSim(maze);
                sim.Command(new HandCommand(sim.ReportedEePose with { Position = sim.ReportedEePose.Position + new Vec3(0.002, 0, 0) }));
                for (var i = 0; i < 20_000; i++)
                {
                    sim.Step();
                }
                return sim.Time;
            }),
            Best("teleop rollout, no rendering", repeats, () => TeleopSession.Run(maze, 1, new RolloutOptions(TraceInterval: 0)).Metrics.Time),
        };
        if (renderer is not null)
        {
            rows.Add(Best("teleop rollout, both DIGITs rendered", repeats,
                () => TeleopSession.Run(maze, 1, new RolloutOptions(Renderer: renderer(), TraceInterval: 0)).Metrics.Time));
        }
        return rows;
    }

    private static Row Best(string name, int repeats, Func<double> run)
    {
        Row? best = null;
        for (var i = 0; i < repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            var simulated = run();
            var row = new Row(name, simulated, watch.Elapsed.TotalSeconds);
            if (best is null || row.RealTimeFactor > best.RealTimeFactor)
            {
                best = row;
            }
        }
        return best!;
    }
}
