using System.CommandLine;
using System.Globalization;
using System.Text;
using SparshRobot.Cli.Errors;
using SparshRobot.Evaluation.Maze;
using SparshRobot.Evaluation.Models;
using SparshRobot.Policy.Runtime;
using SparshRobot.Sim.Mazes;
using SparshRobot.Tactile.Profiles;
using Spectre.Console;
using static TorchSharp.torch;

namespace SparshRobot.Cli.Commands;

/// <summary>
/// <c>sparsh-robot demo</c> (and <c>./run.sh</c> with no arguments): the shipped models on held-out mazes, the full
/// stack against the published BC setup on the same episodes, with a report people can look at.
/// </summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var models = new Option<DirectoryInfo?>("--models") { Description = "Models folder (encoder/, probes/, mlp_chunk/ with a card.yaml each; default: policies/models of this checkout)." };
        var stacks = MazeCommand.StacksOption("full", "bc");
        var mazes = MazeCommand.MazesOption("heldout:easy:1");
        var faults = MazeCommand.FaultsOption("none", "demo");
        var episodes = new Option<int>("--episodes") { Description = "Episodes (seeds) per maze and fault condition.", DefaultValueFactory = _ => 1 }.AtLeast(1);
        var seed = new Option<int>("--seed") { Description = "Base of each episode's seed (with the maze's name, as in maze eval).", DefaultValueFactory = _ => 0 };
        var timeLimit = new Option<double?>("--time-limit") { Description = "Simulated seconds per episode (default: 60 s plus 30 s per metre of wire)." }.Positive("simulated seconds");
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for report.md, a report PNG per episode, summary.png, episodes.csv and summary.json.", DefaultValueFactory = _ => new DirectoryInfo("demo-out") };
        var background = new Option<string?>("--background") { Description = "DIGIT no-contact image (default: the shared DIGIT background)." };
        var graph = new Option<bool>("--graph") { Description = "Run every episode as separate ROS 2 nodes over DDS in lock-step (simulator, tactile_policy, maze_controller), as launch/bead_maze_demo.launch.xml does." };
        var command = new Command("demo", "The shipped models on held-out mazes: the full stack (Sparsh encoder, probes, BC policy, force-aware control, recovery) against BC alone on the same episodes; writes report.md with a picture per episode.")
        {
            models, stacks, mazes, faults, episodes, seed, timeLimit, output, background, graph,
        };
        command.SetAction(result => UserErrors.Run(() => Demo(result)));
        return command;

        int Demo(ParseResult result)
        {
            var root = result.GetValue(models)?.FullName ?? ShippedModels.FindDefaultRoot()
                ?? throw new ModelCardException("no policies/models folder in this directory or above it; run from the checkout or give --models");
            var shipped = ShippedModels.Open(root);
            AnsiConsole.MarkupLine($"models: {Markup.Escape(shipped.Root)} (encoder {shipped.Encoder.EncoderIdentity[..12]}, checksums verified)");
            var stackNames = result.GetValue(stacks)!;
            MazeStackFactory.RequireKnown(stackNames);
            var inGraph = result.GetValue(graph);
            if (inGraph && stackNames.Contains("teleop"))
            {
                throw new ArgumentException("--graph: the teleop stack sees the simulator's scene and has no ROS node; run it without --graph");
            }
            var cases = result.GetValue(mazes)!.SelectMany(spec => MazeCatalog.ResolveMany(spec).Select(m => new MazeCase(spec, m))).ToList();
            var conditions = result.GetValue(faults)!.Select(MazeCommand.ParseFaults).ToList();
            var options = new MazeEvalOptions(stackNames, cases, conditions, result.GetValue(episodes), result.GetValue(seed), result.GetValue(timeLimit));
            var bg = TactileCliSupport.LoadBackground(result.GetValue(background), SensorProfile.Digit);
            var outDir = result.GetValue(output)!.FullName;
            var outcomes = new List<EvalOutcome>();
            // In the graph the nodes load the models; in process they are loaded once here for every episode.
            using var setup = inGraph ? null : MazeStackSetup.Create(bg, shipped.PolicyFile, shipped.EncoderFile, shipped.ProbesDirectory, shipped.EncoderFile,
                ChunkExecutionMode.Ensemble, CPU, null);
            setup?.Factory.Require(stackNames);
            var nodeLog = inGraph ? TextWriter.Synchronized(new StreamWriter(Path.Combine(Directory.CreateDirectory(outDir).FullName, "nodes.log"))) : null;
            using var closeLog = nodeLog;
            var runner = setup is not null ? MazeEvaluation.InProcess(setup.Factory.Create)
                : GraphEpisodes.Create(shipped.PolicyFile, shipped.EncoderFile, shipped.ProbesDirectory, nodeLog!);
            var summary = MazeCommand.RunAndReport(options, runner, bg, outDir, new
            {
                graph = inGraph,
                models = shipped.Root,
                stacks = stackNames,
                mazes = result.GetValue(mazes),
                faults = result.GetValue(faults),
                episodes = result.GetValue(episodes),
                seed = result.GetValue(seed),
            }, outcome =>
            {
                outcomes.Add(outcome);
                EpisodeReportPlot.Save(cases.First(c => c.Maze.Name == outcome.Episode.Maze).Maze, outcome,
                    Path.Combine(outDir, MazeCommand.EpisodeFileName(outcome.Episode)));
            });
            var report = Path.Combine(outDir, "report.md");
            File.WriteAllText(report, DemoReport.Markdown(shipped, summary, outcomes.Select(o => o.Episode).ToList(), Environment.GetCommandLineArgs().Skip(1)));
            AnsiConsole.MarkupLine($"report: {Markup.Escape(report)}");
            return 0;
        }
    }
}

/// <summary>The demo's report.md: the comparison table, the summary picture and one picture per episode.</summary>
public static class DemoReport
{
    public static string Markdown(ShippedModels models, IReadOnlyList<EvalSummaryRow> summary, IReadOnlyList<EvalEpisode> episodes, IEnumerable<string> arguments)
    {
        var c = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine("# SparshRobot demo: the bead maze on held-out mazes").AppendLine();
        md.AppendLine(c, $"Command: `sparsh-robot {string.Join(' ', arguments)}`. Models: `{models.Root}` " +
            $"(encoder `{models.Encoder.EncoderIdentity[..12]}`, checksums verified against their cards).").AppendLine();
        md.AppendLine("| stack | faults | episodes | success [Wilson 95 %] | mean completion | recoveries / episode | drops / episode |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var r in summary.Where(r => r.FaultKind is null))
        {
            md.AppendLine(c, $"| {r.Stack} | {r.Faults} | {r.Episodes} | {r.Successes}/{r.Episodes} [{r.SuccessLow:P0}, {r.SuccessHigh:P0}] | " +
                $"{r.MeanCompletion:P1} | {r.RecoveriesPerEpisode:F2} | {r.DropsPerEpisode:F2} |");
        }
        md.AppendLine().AppendLine("![summary](summary.png)").AppendLine();
        md.AppendLine("## Episodes").AppendLine();
        md.AppendLine("Each picture: the maze in the board plane with the bead's and fingertips' paths and every supervisor transition " +
            "marked where the bead was; below, forces, pad shear and grip over time with the supervisor's states as bands.").AppendLine();
        foreach (var e in episodes)
        {
            var outcome = e.Success ? "success" : $"{e.Completion:P0} ({e.Reason})";
            md.AppendLine(c, $"### {e.Maze}, {e.Stack}, faults {(e.FaultKinds.Length == 0 ? e.Faults : e.FaultKinds)}: {outcome}").AppendLine();
            md.AppendLine(c, $"{e.Time:F1} s simulated in {e.WallSeconds:F0} s; slips {e.Slips}, drops {e.Drops}, regrasps {e.Regrasps}, " +
                $"recoveries lost/slip/jam {e.RecoveredLost}/{e.RecoveredSlip}/{e.RecoveredJam}, supervisor transitions {e.Transitions}.").AppendLine();
            md.AppendLine(c, $"![{e.Maze} {e.Stack}]({MazeCommand.EpisodeFileName(e)})").AppendLine();
        }
        return md.ToString();
    }
}
