using System.CommandLine;
using System.Globalization;
using SparshRobot.Cli.Errors;
using SparshRobot.Cli.Output;
using SparshRobot.Control;
using SparshRobot.Control.Estimation;
using SparshRobot.Control.Ros.Robot;
using SparshRobot.Encoder;
using SparshRobot.Evaluation.Maze;
using SparshRobot.Policy.Policies;
using SparshRobot.Policy.Runtime;
using SparshRobot.Sim.Faults;
using SparshRobot.Sim.Hand;
using SparshRobot.Sim.Mazes;
using SparshRobot.Sim.Plotting;
using SparshRobot.Sim.Simulation;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Tactile.Profiles;
using Spectre.Console;
using static TorchSharp.torch;

namespace SparshRobot.Cli.Commands;

/// <summary><c>sparsh-robot maze</c>: the bead-maze benchmark of the whole stack.</summary>
public static class MazeCommand
{
    /// <summary>The fault suite shipped with the simulator (every fault kind).</summary>
    public static string StandardSuite => Path.Combine(AppContext.BaseDirectory, "Faults", "standard_suite.yaml");

    /// <summary>A harder suite than the standard one: four faults per episode, each kind near the top of its intensity.</summary>
    public static string StressSuite => Path.Combine(AppContext.BaseDirectory, "Faults", "stress_suite.yaml");

    /// <summary>The demo's fault plan: grip loss, drift and sensor dropout in one episode.</summary>
    public static string DemoFaults => Path.Combine(AppContext.BaseDirectory, "Faults", "demo_faults.yaml");

    /// <summary>A <c>--faults</c> entry as a condition: the shipped names <c>standard</c>, <c>stress</c> and <c>demo</c>, else none or a file.</summary>
    internal static FaultCondition ParseFaults(string spec) => FaultCondition.Parse(spec switch
    {
        "standard" => StandardSuite,
        "stress" => StressSuite,
        "demo" => DemoFaults,
        _ => spec,
    });

    public static Command Create()
    {
        var command = new Command("maze", "The bead-maze benchmark: control stacks on held-out mazes with faults.");
        command.Subcommands.Add(CreateEval());
        command.Subcommands.Add(CreateReport());
        return command;
    }

    private static Command CreateEval()
    {
        var stacks = StacksOption("teleop", "bc", "full-classic", "tactile-servo");
        var mazes = MazesOption("heldout:easy:5", "heldout:hard:5");
        var faults = FaultsOption("none", "standard");
        var episodes = new Option<int>("--episodes") { Description = "Episodes (seeds) per maze and fault condition.", DefaultValueFactory = _ => 1 }.AtLeast(1);
        var seed = new Option<int>("--seed") { Description = "Base of each episode's seed, which also follows the episode and the maze's name (faults, rendering noise, policy sampler).", DefaultValueFactory = _ => 0 };
        var checkpoint = new Option<FileInfo?>("--checkpoint") { Description = "BC policy (policy.safetensors) for the stacks that follow a policy." };
        var encoder = new Option<FileInfo?>("--encoder") { Description = "Frozen encoder (default: the one recorded in the checkpoint)." };
        var probes = new Option<DirectoryInfo?>("--probes") { Description = "Trained Sparsh probes (force/, slip/, pose/ as probe train writes them) for the stacks that estimate touch with them (full)." };
        var probeEncoder = new Option<FileInfo?>("--probe-encoder") { Description = "Encoder the probes were trained on (default: the policy's encoder)." };
        var background = new Option<string?>("--background") { Description = "DIGIT no-contact image (default: the shared DIGIT background)." };
        var execution = new Option<ChunkExecutionMode>("--execution") { Description = PolicyCommand.ChunkExecutionHelp, DefaultValueFactory = _ => ChunkExecutionMode.Ensemble };
        var timeLimit = new Option<double?>("--time-limit") { Description = "Simulated seconds per episode (default: 60 s plus 30 s per metre of wire)." }.Positive("simulated seconds");
        var lostTimeout = new Option<double>("--lost-timeout") { Description = "End an episode once the bead has been out of the hand this long, simulated seconds.", DefaultValueFactory = _ => 10 }.Positive("simulated seconds");
        var plots = new Option<int>("--plots") { Description = "Write a rollout PNG for the first N episodes of each stack.", DefaultValueFactory = _ => 0 }.AtLeast(0);
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for episodes.csv, summary.json and summary.png.", DefaultValueFactory = _ => new DirectoryInfo("maze-eval") };
        var heads = EncoderCommand.HeadsOption();
        var device = EncoderCommand.DeviceOption();
        var fingerCompliance = new Option<double?>("--finger-compliance")
        {
            Description = "Share of a held bead's pinch-axis offset that the simulated fingers' positions show (default 0.8). The controllers keep " +
                "assuming 0.8, so another value measures how a hand whose fingers give way more or less than assumed is handled.",
        }.Share();
        var slipBias = new Option<double?>("--probe-slip-bias")
        {
            Description = $"Logit added to the probes' slip reading on top of its natural-rate correction (default {new ProbeEstimatorOptions().SlipLogitBias.ToString(CultureInfo.InvariantCulture)}, " +
                "the deployed operating point): for choosing that point on training mazes.",
        }.Within(-ProbeEstimatorOptions.MaxSlipLogitBias, ProbeEstimatorOptions.MaxSlipLogitBias);
        var robotAdapter = new Option<string?>("--robot-adapter")
        {
            Description = "Run every episode as separate ROS 2 nodes over DDS in lock-step, the controller driving the simulated arm through this robot interface " +
                $"as it would a real one ({string.Join(", ", RobotInterfaceOptions.ArmNames.Keys)}); writes nodes.log. Default: in-process.",
        }.AcceptOnlyFromAmong([.. RobotInterfaceOptions.ArmNames.Keys]);
        var command = new Command("eval", "Run control stacks on mazes under fault conditions; writes episodes.csv, events.csv (each episode's faults and supervisor transitions), summary.json, summary.png and prints the table.")
        {
            stacks, mazes, faults, episodes, seed, checkpoint, encoder, probes, probeEncoder, background, execution, timeLimit, lostTimeout, plots, output, heads, device,
            fingerCompliance, slipBias, robotAdapter,
        };
        command.SetAction(result => UserErrors.Run(() => Eval(result)));
        return command;

        int Eval(ParseResult result)
        {
            var stackNames = result.GetValue(stacks)!;
            MazeStackFactory.RequireKnown(stackNames);
            var cases = result.GetValue(mazes)!.SelectMany(spec => MazeCatalog.ResolveMany(spec).Select(m => new MazeCase(spec, m))).ToList();
            var conditions = result.GetValue(faults)!.Select(ParseFaults).ToList();
            var compliance = result.GetValue(fingerCompliance);
            var sim = compliance is { } share ? SimOptions.Default with { Hand = HandGeometry.Default with { FingerComplianceShare = share } } : null;
            var options = new MazeEvalOptions(stackNames, cases, conditions, result.GetValue(episodes), result.GetValue(seed),
                result.GetValue(timeLimit), result.GetValue(lostTimeout), sim);
            var bg = TactileCliSupport.LoadBackground(result.GetValue(background), SensorProfile.Digit);
            var outDir = result.GetValue(output)!.FullName;
            var probeOptions = result.GetValue(slipBias) is { } bias ? new ProbeEstimatorOptions { SlipLogitBias = bias } : new ProbeEstimatorOptions();
            var adapter = result.GetValue(robotAdapter);
            if (adapter is not null)
            {
                return EvalInGraph(result, options, bg, outDir, RobotInterfaceOptions.ParseArm(adapter, "--robot-adapter"), probeOptions.SlipLogitBias);
            }
            using var setup = MazeStackSetup.Create(bg, result.GetValue(checkpoint)?.FullName, result.GetValue(encoder)?.FullName,
                result.GetValue(probes)?.FullName, result.GetValue(probeEncoder)?.FullName, result.GetValue(execution),
                new Device(result.GetValue(device)!), result.GetValue(heads), probeOptions);
            setup.Factory.Require(stackNames);
            RunAndReport(options, MazeEvaluation.InProcess(setup.Factory.Create), bg, outDir, new
            {
                stacks = stackNames,
                mazes = result.GetValue(mazes),
                faults = result.GetValue(faults),
                episodes = result.GetValue(episodes),
                seed = result.GetValue(seed),
                checkpoint = result.GetValue(checkpoint)?.FullName,
                finger_compliance = compliance ?? HandGeometry.Default.FingerComplianceShare,
                probe_slip_bias = probeOptions.SlipLogitBias,
            }, PlotFirst(result.GetValue(plots), cases, outDir));
            return 0;
        }

        int EvalInGraph(ParseResult result, MazeEvalOptions options, BackgroundImage bg, string outDir, ArmInterface arm, double slipBias)
        {
            if (options.Stacks.Contains("teleop"))
            {
                throw new ArgumentException("--robot-adapter: the teleop stack sees the simulator's scene and has no ROS node; run it without --robot-adapter");
            }
            if (result.GetValue(background) is not null)
            {
                throw new ArgumentException("--robot-adapter: the nodes use the default DIGIT background; --background applies only in-process");
            }
            if (options.Sim is not null)
            {
                throw new ArgumentException("--robot-adapter: the simulator node runs the default hand; --finger-compliance applies only in-process");
            }
            var checkpointFile = result.GetValue(checkpoint)?.FullName;
            if (checkpointFile is null && options.Stacks.Any(s => ControlStack.Parse(s).Policy))
            {
                throw new ArgumentException($"--checkpoint: the stacks {string.Join(", ", options.Stacks.Where(s => ControlStack.Parse(s).Policy))} follow a policy; give its policy.safetensors");
            }
            var encoderFile = result.GetValue(encoder)?.FullName ?? (checkpointFile is null ? null : PolicyCheckpoint.ReadInfo(checkpointFile).EncoderFile);
            using var nodeLog = TextWriter.Synchronized(new StreamWriter(Path.Combine(Directory.CreateDirectory(outDir).FullName, "nodes.log")));
            var runner = GraphEpisodes.Create(checkpointFile, encoderFile, result.GetValue(probes)?.FullName, nodeLog, arm, result.GetValue(probeEncoder)?.FullName, slipBias);
            RunAndReport(options, runner, bg, outDir, new
            {
                robot_adapter = RobotInterfaceOptions.NameOf(arm),
                stacks = options.Stacks,
                mazes = result.GetValue(mazes),
                faults = result.GetValue(faults),
                episodes = result.GetValue(episodes),
                seed = result.GetValue(seed),
                checkpoint = checkpointFile,
                probe_slip_bias = slipBias,
            }, PlotFirst(result.GetValue(plots), options.Mazes, outDir));
            return 0;
        }
    }

    /// <summary>Writes the rollout picture of the first <paramref name="count"/> episodes of each stack.</summary>
    private static Action<EvalOutcome> PlotFirst(int count, IReadOnlyList<MazeCase> cases, string outDir)
    {
        var plotted = new Dictionary<string, int>();
        return outcome =>
        {
            var e = outcome.Episode;
            if (plotted.GetValueOrDefault(e.Stack) < count)
            {
                plotted[e.Stack] = plotted.GetValueOrDefault(e.Stack) + 1;
                RolloutPlot.Save(cases.First(c => c.Maze.Name == e.Maze).Maze, outcome.Rollout, Path.Combine(outDir, EpisodeFileName(e)));
            }
        };
    }

    private static Command CreateReport()
    {
        var runs = new Argument<string[]>("runs") { Description = "maze eval output folders (their episodes.csv) or episodes.csv files, one per process of a split run.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for the joined episodes.csv, summary.json and summary.png.", DefaultValueFactory = _ => new DirectoryInfo("maze-eval") };
        var command = new Command("report", "Join the episodes of several maze eval runs (e.g. stacks run in parallel processes) into one table, summary.json and summary.png.") { runs, output };
        command.SetAction(result => UserErrors.Run(() =>
        {
            var sources = RunFolders.ResultFiles(result.GetValue(runs)!, "episodes.csv", "maze eval");
            var episodes = EvalReport.Combine([.. sources.Select(s => (s, EvalReport.ReadCsv(s)))], MazeStackFactory.StackNames);
            var outDir = result.GetValue(output)!.FullName;
            Directory.CreateDirectory(outDir);
            var summary = EvalReport.Summarize(episodes);
            EvalReport.WriteCsv(Path.Combine(outDir, "episodes.csv"), episodes);
            EvalReport.WriteJson(Path.Combine(outDir, "summary.json"), summary, new { joined = sources.Select(Path.GetFullPath) });
            EvalReport.WritePlot(Path.Combine(outDir, "summary.png"), summary);
            PrintTable(summary);
            AnsiConsole.MarkupLine($"joined {episodes.Count} episodes from {sources.Count} run(s); wrote {Markup.Escape(Path.Combine(outDir, "episodes.csv"))}, summary.json and summary.png");
            return 0;
        }));
        return command;
    }

    /// <summary><c>--stack</c>, repeatable, with its defaults (maze eval, demo).</summary>
    internal static Option<string[]> StacksOption(params string[] defaults) => new("--stack")
    {
        Description = $"Stack to run, repeatable: {string.Join(", ", MazeStackFactory.StackNames)}.",
        AllowMultipleArgumentsPerToken = true,
        DefaultValueFactory = _ => defaults,
    };

    internal static Option<string[]> MazesOption(params string[] defaults) => new("--mazes")
    {
        Description = "Mazes, repeatable: a family spec (heldout:easy:25, heldout:hard:10@40), a maze YAML, a folder of them, or a seed.",
        AllowMultipleArgumentsPerToken = true,
        DefaultValueFactory = _ => defaults,
    };

    internal static Option<string[]> FaultsOption(params string[] defaults) => new("--faults")
    {
        Description = "Fault condition applied to every maze, repeatable: none, standard (the shipped suite of every kind), stress (four faults an episode, each kind near its strongest), demo (grip loss, drift and sensor dropout), a fault suite YAML (sampled per episode) or a fault plan YAML.",
        AllowMultipleArgumentsPerToken = true,
        DefaultValueFactory = _ => defaults,
    };

    /// <summary>An episode's picture file name: maze, faults, stack and seed.</summary>
    internal static string EpisodeFileName(EvalEpisode e) => $"{e.Maze}-{e.Faults}-{e.Stack}-{e.Seed}.png".Replace('+', '_');

    /// <summary>
    /// Runs the evaluation with live progress (the episode under way: maze, stack, supervisor state, completion so
    /// far, transitions; successes per stack), rewriting episodes.csv and events.csv (every episode's faults and
    /// supervisor transitions) after every episode so a stopped run keeps what it measured; then writes summary.json
    /// and summary.png and prints the table.
    /// </summary>
    internal static IReadOnlyList<EvalSummaryRow> RunAndReport(MazeEvalOptions options, EpisodeRunner runner, BackgroundImage bg, string outDir,
        object metadata, Action<EvalOutcome>? onOutcome = null)
    {
        Directory.CreateDirectory(outDir);
        IReadOnlyList<EvalEpisode> rows = [];
        CliConsole.Progress().Start(ctx =>
        {
            var task = ctx.AddTask($"{options.TotalEpisodes} episodes", maxValue: options.TotalEpisodes);
            var live = ctx.AddTask("starting", maxValue: 1);
            var done = new Dictionary<string, (int Ok, int N)>();
            var finished = new List<EvalEpisode>();
            var timeline = new List<EvalEvent>();
            rows = MazeEvaluation.Run(options, runner, s => new DigitFrameRenderer(bg, s), outcome =>
            {
                var e = outcome.Episode;
                finished.Add(e);
                EvalReport.WriteCsv(Path.Combine(outDir, "episodes.csv"), finished);
                timeline.AddRange(EvalTimeline.Of(outcome));
                EvalTimeline.WriteCsv(Path.Combine(outDir, EvalTimeline.CsvFile), timeline);
                var (ok, n) = done.GetValueOrDefault(e.Stack);
                done[e.Stack] = (ok + (e.Success ? 1 : 0), n + 1);
                task.Increment(1);
                task.Description = Markup.Escape($"{e.Maze} {e.Faults} {e.Stack}: {(e.Success ? "success" : $"{e.Completion:P0}")} | " +
                    string.Join(" ", done.Select(d => $"{d.Key} {d.Value.Ok}/{d.Value.N}")));
                onOutcome?.Invoke(outcome);
            }, onProgress: p =>
            {
                live.Value = p.Completion;
                live.Description = Markup.Escape($"{p.Maze} ({p.Faults}) {p.Stack}: t {p.Time:F1} s, {p.State}, {p.Transitions} transitions, completion");
            });
            live.StopTask();
        });
        var summary = EvalReport.Summarize(rows);
        EvalReport.WriteCsv(Path.Combine(outDir, "episodes.csv"), rows);
        EvalReport.WriteJson(Path.Combine(outDir, "summary.json"), summary, metadata);
        EvalReport.WritePlot(Path.Combine(outDir, "summary.png"), summary);
        PrintTable(summary);
        AnsiConsole.MarkupLine($"wrote {Markup.Escape(Path.Combine(outDir, "episodes.csv"))}, {EvalTimeline.CsvFile}, summary.json and summary.png");
        return summary;
    }

    private static void PrintTable(IReadOnlyList<EvalSummaryRow> summary)
    {
        var table = new Table().AddColumns("stack", "faults", "episodes", "success (Wilson 95 %)", "completion (95 %)", "time to finish", "regrasps/ep", "recoveries/ep", "drops/ep", "real time");
        foreach (var r in summary)
        {
            string[] cells =
            [
                r.Stack, r.FaultKind is null ? r.Faults : $"with {r.FaultKind}", $"{r.Episodes}",
                $"{r.SuccessRate:P0} [{r.SuccessLow:P0}, {r.SuccessHigh:P0}]", $"{r.MeanCompletion:P1} ± {r.CompletionHalfWidth:P1}",
                double.IsNaN(r.MeanSuccessTime) ? "-" : $"{r.MeanSuccessTime:F1} s", $"{r.RegraspsPerEpisode:F2}", $"{r.RecoveriesPerEpisode:F2}", $"{r.DropsPerEpisode:F2}",
                r.FaultKind is null ? $"{r.RealTimeFactor:F2}x" : "",
            ];
            table.AddRow([.. cells.Select(Markup.Escape)]);
        }
        AnsiConsole.Write(table);
    }
}
