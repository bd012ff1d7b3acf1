using System.CommandLine;
using System.Diagnostics;
using SparshRobot.Cli.Commands.Bench;
using SparshRobot.Cli.Errors;
using SparshRobot.Cli.Output;
using SparshRobot.Control.Estimation;
using SparshRobot.Core.Sensing;
using SparshRobot.Encoder;
using SparshRobot.Sim.Faults;
using SparshRobot.Sim.Hand;
using SparshRobot.Sim.Mazes;
using SparshRobot.Sim.Plotting;
using SparshRobot.Sim.Recording;
using SparshRobot.Sim.Rollouts;
using SparshRobot.Sim.Ros.Recording;
using SparshRobot.Sim.Simulation;
using SparshRobot.Sim.Teleop;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Tactile.Profiles;
using Spectre.Console;

namespace SparshRobot.Cli.Commands;

/// <summary><c>sparsh-robot sim</c>: run the bead-maze simulator.</summary>
public static class SimCommand
{
    public static Command Create()
    {
        var command = new Command("sim", "Bead-maze simulator: rollouts, teleoperator evaluation.");
        command.Subcommands.Add(CreateRun());
        command.Subcommands.Add(CreateTeleopEval());
        command.Subcommands.Add(CreateRecordDemos());
        command.Subcommands.Add(CreateRecordTouch());
        command.Subcommands.Add(CreateEvalEstimator());
        return command;
    }

    private static Command CreateRun()
    {
        var maze = new Option<string>("--maze")
        {
            Description = "Bundled maze name, YAML path, or seed (42, easy:42, hard:42; seeds >= 1000000 are the held-out family).",
            Required = true,
        };
        var difficulty = new Option<string>("--difficulty") { Description = "Difficulty for a bare seed: easy or hard.", DefaultValueFactory = _ => "easy" }.AcceptOnlyFromAmong("easy", "hard");
        var controller = new Option<string>("--controller") { Description = "Controller: teleop.", DefaultValueFactory = _ => "teleop" };
        var seed = new Option<int>("--seed") { Description = "Seed of the controller and the faults.", DefaultValueFactory = _ => 0 };
        var faults = new Option<string[]>("--fault")
        {
            Description = "Fault kind:intensity[@start[+duration]][/thumb|/index], repeatable, e.g. friction-drop:0.8@3+2.",
            AllowMultipleArgumentsPerToken = true,
        };
        var faultsFile = new Option<string?>("--faults")
        {
            Description = "YAML fault plan (see src/SparshRobot.Sim/Faults/example_faults.yaml), combined with any --fault; its seed, if given, seeds the faults instead of --seed.",
        };
        var timeLimit = new Option<double?>("--time-limit") { Description = "Simulated seconds before giving up." }.Positive("simulated seconds");
        var output = new Option<DirectoryInfo>("--out") { Description = "Directory for the rollout PNG.", DefaultValueFactory = _ => new DirectoryInfo("sim-out") };
        var command = new Command("run", "Run one rollout, print its summary and write a PNG of it.")
        {
            maze, difficulty, controller, seed, faults, faultsFile, timeLimit, output,
        };
        command.SetAction(result => UserErrors.Run(() =>
        {
            var name = result.GetValue(controller)!;
            if (name != "teleop")
            {
                throw new ArgumentException($"--controller '{name}' is not known; available: teleop");
            }
            var resolved = MazeCatalog.Resolve(result.GetValue(maze)!, MazeDifficulty.Parse(result.GetValue(difficulty)!));
            var file = result.GetValue(faultsFile) is { } path ? FaultPlanFile.Load(path) : new FaultPlanFile(null, []);
            var plan = file.ToPlan(result.GetValue(seed), (result.GetValue(faults) ?? []).Select(FaultSpec.Parse));
            var rollout = TeleopSession.Run(resolved, result.GetValue(seed), new RolloutOptions(result.GetValue(timeLimit)), plan);
            var png = Path.Combine(result.GetValue(output)!.FullName, $"{resolved.Name}-{name}.png");
            RolloutPlot.Save(resolved, rollout, png);
            PrintSummary(resolved, rollout, plan, png);
            return rollout.Metrics.Success ? 0 : 2;
        }));
        return command;
    }

    private static Command CreateTeleopEval()
    {
        var mazes = new Option<int>("--mazes") { Description = "Mazes per difficulty.", DefaultValueFactory = _ => 100 }.AtLeast(1);
        var firstSeed = new Option<int>("--first-seed") { Description = "First maze seed (training family below 1000000).", DefaultValueFactory = _ => 0 };
        var command = new Command("teleop-eval", "Success rate of the scripted teleoperator on easy and hard procedural mazes (mean completion, time, slips, drops, jams per run).") { mazes, firstSeed };
        command.SetAction(result =>
        {
            var count = result.GetValue(mazes);
            var seed = result.GetValue(firstSeed);
            var table = new Table().AddColumns("Mazes", "Family", "Success", "Completion", "Time s", "Slips", "Drops", "Jams", "Max cross N");
            CliConsole.Progress().Start(context =>
            {
                foreach (var difficulty in new[] { MazeDifficulty.Easy, MazeDifficulty.Hard })
                {
                    var task = context.AddTask($"{difficulty.Name} mazes", maxValue: count);
                    var results = TeleopSession.Evaluate(difficulty, seed, count, new Progress<RolloutResult>(_ => task.Increment(1)));
                    task.Value = count;
                    var metrics = results.Select(r => r.Metrics).ToList();
                    table.AddRow(
                        $"{count} {difficulty.Name}",
                        MazeGenerator.FamilyOfSeed(seed).ToString(),
                        $"{metrics.Count(m => m.Success) / (double)count:P1}",
                        $"{metrics.Average(m => m.Completion):P1}",
                        $"{metrics.Average(m => m.Time):F1}",
                        $"{metrics.Average(m => m.Slips):F2}",
                        $"{metrics.Average(m => m.Drops):F2}",
                        $"{metrics.Average(m => m.Jams):F2}",
                        $"{metrics.Max(m => m.MaxCrossForce):F2}");
                }
            });
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    private static Command CreateRecordDemos()
    {
        var mazes = new Option<int>("--mazes") { Description = "Number of training mazes (one episode each).", Required = true }.AtLeast(1);
        var seed = new Option<int>("--seed") { Description = "First maze seed (training family).", DefaultValueFactory = _ => 0 };
        var hard = new Option<bool>("--hard") { Description = "Hard mazes instead of easy ones." };
        var output = new Option<string>("--out") { Description = "Folder that receives one rosbag2 bag per episode.", Required = true };
        var background = new Option<string?>("--background") { Description = "DIGIT no-contact image or calibration folder (default: the shared DIGIT background)." };
        var jpegQuality = new Option<int>("--jpeg-quality")
        {
            Description = "JPEG quality (1-100) of the recorded .../image_raw/compressed DIGIT topics.",
            DefaultValueFactory = _ => DemoMessageCodec.DefaultJpegQuality,
        }.Within(1, 100);
        var command = new Command("record-demos", "Record scripted-teleop demonstrations as rosbag2 (MCAP) bags with the robot's teleop topics (DIGITs JPEG-compressed) plus ground truth, and each episode's DIGIT backgrounds.")
        {
            mazes, seed, hard, output, background, jpegQuality,
        };
        command.SetAction(result => UserErrors.Run(() =>
        {
            var count = result.GetValue(mazes);
            var codec = new DemoMessageCodec(result.GetValue(jpegQuality));
            var renderer = new DigitFrameRenderer(TactileCliSupport.LoadBackground(result.GetValue(background), SensorProfile.Digit), result.GetValue(seed));
            using var sink = new Rosbag2DemoSink(result.GetValue(output)!, codec);
            IReadOnlyList<RolloutResult> results = [];
            CliConsole.Progress().Start(context =>
            {
                var task = context.AddTask("recording demonstrations", maxValue: count);
                results = DemoRecorder.Record(count, result.GetValue(seed), result.GetValue(hard) ? MazeDifficulty.Hard : MazeDifficulty.Easy,
                    sink, renderer, new Progress<RolloutResult>(_ => task.Increment(1)));
            });
            var succeeded = results.Count(r => r.Metrics.Success);
            AnsiConsole.MarkupLine($"recorded {results.Count} episodes ({succeeded} successful, {results.Sum(r => r.TactileFrames)} tactile frames) into {Markup.Escape(result.GetValue(output)!)}");
            return 0;
        }));
        return command;
    }

    private static Command CreateRecordTouch()
    {
        var episodes = new Option<int>("--episodes") { Description = "Number of training mazes (one episode each).", Required = true }.AtLeast(1);
        var seed = new Option<int>("--seed") { Description = "First maze seed (training family); also seeds the operator and the faults.", DefaultValueFactory = _ => 0 };
        var hard = new Option<bool>("--hard") { Description = "Hard mazes instead of easy ones." };
        var faults = new Option<string[]>("--fault")
        {
            Description = "Fault kind:intensity[@start[+duration]][/thumb|/index], repeatable, applied to every episode.",
            AllowMultipleArgumentsPerToken = true,
        };
        var every = new Option<int>("--every") { Description = "Keep one 60 Hz tactile tick in this many (12: 5 Hz).", DefaultValueFactory = _ => 12 }.AtLeast(1);
        var testEvery = new Option<int>("--test-every") { Description = "Every this many episodes goes to the test split.", DefaultValueFactory = _ => 5 }.AtLeast(2);
        var timeLimit = new Option<double?>("--time-limit") { Description = "Simulated seconds per episode." }.Positive("simulated seconds");
        var fixedOperator = new Option<bool>("--no-vary") { Description = "Keep the default operator (2.5 N pinch) and add no friction drops: little force or slip variety." };
        var output = new Option<string>("--out") { Description = "Dataset root: <out>/<train|test>/<episode>/<thumb|index>/.", Required = true };
        var background = new Option<string?>("--background") { Description = "DIGIT no-contact image or calibration folder (default: the shared DIGIT background)." };
        var clips = new Option<bool>("--clips") { Description = "Also write each moment's 4-frame V-JEPA clip (t, t-2, t-4, t-6) as clips.npy, for video encoders (doubles the size)." };
        var command = new Command("record-touch", "Record scripted-teleop touch as a labelled probe dataset: preprocessed DIGIT pairs per finger with force, slip, Δforce and absolute contact-pose labels from simulator truth.")
        {
            episodes, seed, hard, faults, every, testEvery, timeLimit, fixedOperator, output, background, clips,
        };
        command.SetAction(result => UserErrors.Run(() =>
        {
            var count = result.GetValue(episodes);
            var specs = (result.GetValue(faults) ?? []).Select(FaultSpec.Parse).ToList();
            var renderer = new DigitFrameRenderer(TactileCliSupport.LoadBackground(result.GetValue(background), SensorProfile.Digit), result.GetValue(seed));
            var options = new TouchRecordingOptions(Every: result.GetValue(every), TestEvery: result.GetValue(testEvery), TimeLimit: result.GetValue(timeLimit),
                Vary: !result.GetValue(fixedOperator), Clips: result.GetValue(clips));
            IReadOnlyList<TouchEpisode> recorded = [];
            CliConsole.Progress().Start(context =>
            {
                var task = context.AddTask("recording touch", maxValue: count);
                recorded = TouchRecorder.Record(result.GetValue(output)!, count, result.GetValue(seed), result.GetValue(hard) ? MazeDifficulty.Hard : MazeDifficulty.Easy,
                    renderer, options, specs, new Progress<TouchEpisode>(_ => task.Increment(1)));
            });
            foreach (var split in recorded.GroupBy(e => e.Split))
            {
                AnsiConsole.MarkupLine($"{split.Key}: {split.Count()} episodes, {split.Sum(e => e.FramesPerFinger)} frames per finger");
            }
            AnsiConsole.MarkupLine($"wrote {Markup.Escape(result.GetValue(output)!)}");
            return 0;
        }));
        return command;
    }

    private static Command CreateEvalEstimator()
    {
        var probes = new Option<string?>("--probes") { Description = "Folder with force/, slip/ and pose/probe.safetensors (probe train outputs); without it only the classical estimator is scored." };
        var encoder = new Option<string?>("--encoder") { Description = "The frozen encoder the probes were trained on (needed with --probes)." };
        var episodes = new Option<int>("--episodes") { Description = "Number of mazes (one episode each).", DefaultValueFactory = _ => 4 }.AtLeast(1);
        var seed = new Option<int>("--seed") { Description = "First maze seed (default: the held-out family).", DefaultValueFactory = _ => MazeGenerator.HeldOutSeedBase };
        var hard = new Option<bool>("--hard") { Description = "Hard mazes instead of easy ones." };
        var every = new Option<int>("--every") { Description = "Update the estimator every this many 60 Hz tactile ticks (2: the 30 Hz control rate).", DefaultValueFactory = _ => 2 }.AtLeast(1);
        var timeLimit = new Option<double?>("--time-limit") { Description = "Simulated seconds per episode." }.Positive("simulated seconds");
        var background = new Option<string?>("--background") { Description = "DIGIT no-contact image or calibration folder (default: the shared DIGIT background)." };
        var lighting = new Option<double>("--lighting-drift")
        {
            Description = "Also drift both pads' lighting in every episode, from 1 s over 2 s, at this intensity (1: gain 1.4, offset 20 grey levels; 0: none).",
        }.Within(0, 1);
        var uncompensated = new Option<bool>("--no-illumination-compensation") { Description = "Feed the probes' encoder the frames as they come, lighting and all (as Sparsh does)." };
        var precision = EncoderCommand.PrecisionOption();
        var command = new Command("eval-estimator", "Run the classical and the probe tactile estimators on the same frames along varied scripted-teleop episodes (as record-touch draws them) and score both against simulator truth.")
        {
            probes, encoder, episodes, seed, hard, every, timeLimit, background, lighting, uncompensated, precision,
        };
        command.SetAction(result => UserErrors.Run(() =>
        {
            var count = result.GetValue(episodes);
            var probesDir = result.GetValue(probes);
            var encoderPath = result.GetValue(encoder);
            if (probesDir is not null && encoderPath is null)
            {
                throw new ArgumentException("--probes needs --encoder: the frozen encoder the probes were trained on");
            }
            var first = result.GetValue(seed);
            var renderer = new DigitFrameRenderer(TactileCliSupport.LoadBackground(result.GetValue(background), SensorProfile.Digit), first);
            // The slip truth uses record-touch's window and threshold, so it is the label the slip probe learned.
            var labels = new TouchRecordingOptions();
            var names = probesDir is null ? new[] { "classic" } : ["classic", "probe"];
            var scores = names.Select(_ => new EstimatorScore()).ToArray();
            var updateMs = names.Select(_ => new List<double>()).ToArray();
            CliConsole.Progress().Start(context =>
            {
                var task = context.AddTask("estimating along episodes", maxValue: count);
                for (var i = 0; i < count; i++)
                {
                    var episodeSeed = first + i;
                    var maze = MazeGenerator.Generate(episodeSeed, result.GetValue(hard) ? MazeDifficulty.Hard : MazeDifficulty.Easy);
                    var (profile, faults) = TouchRecorder.Variation(episodeSeed);
                    // A fresh estimator per episode: sequence numbers restart with each simulation.
                    var (thumbBackground, indexBackground) = (NoContact(renderer, Finger.Thumb), NoContact(renderer, Finger.Index));
                    using var classic = new ClassicalTactileEstimator(thumbBackground, indexBackground);
                    using var probe = probesDir is null ? null : ProbeTactileEstimator.Load(probesDir, encoderPath!, thumbBackground, indexBackground,
                        new ProbeEstimatorOptions { CompensateIllumination = !result.GetValue(uncompensated), Precision = result.GetValue(precision) });
                    if (result.GetValue(lighting) is > 0 and var drift)
                    {
                        faults = [.. faults, new FaultSpec(FaultKind.LightingDrift, drift, 1, 2)];
                    }
                    ITactileEstimator[] estimators = probe is null ? [classic] : [classic, probe];
                    var pending = new List<TactileFrame>();
                    var slipDistances = new Queue<double>();
                    var tick = 0L;
                    TeleopSession.Run(maze, episodeSeed, new RolloutOptions(result.GetValue(timeLimit), renderer, TraceInterval: 0,
                        OnTactile: (touch, truth, frames) =>
                        {
                            pending.AddRange(frames);
                            slipDistances.Enqueue(truth.Bead.SlipDistance);
                            if (slipDistances.Count > labels.Stride + 1)
                            {
                                slipDistances.Dequeue();
                            }
                            if (tick++ % result.GetValue(every) != 0)
                            {
                                return;
                            }
                            var slipping = (truth.Bead.SlipDistance - slipDistances.Peek()) * 1000 > labels.SlipThresholdMm;
                            for (var k = 0; k < estimators.Length; k++)
                            {
                                var clock = Stopwatch.StartNew();
                                var state = estimators[k].Update(touch.Stamp, pending);
                                updateMs[k].Add(clock.Elapsed.TotalMilliseconds);
                                scores[k].Add(state.Thumb, touch.Thumb.Contact, slipping);
                                scores[k].Add(state.Index, touch.Index.Contact, slipping);
                            }
                            pending.Clear();
                        }), new FaultPlan(faults, episodeSeed), profile: profile);
                    task.Increment(1);
                }
            });
            var reports = scores.Select(score => score.Report()).ToArray();
            var table = new Table().AddColumns(["Metric", .. names]);
            void Row(string metric, Func<EstimatorReport, string> cell) => table.AddRow([metric, .. reports.Select(cell)]);
            Row("finger estimates (usable)", r => $"{r.Estimates} ({r.UsableFraction:P1})");
            Row("contact accuracy", r => $"{r.ContactAccuracy:P1}");
            Row("normal force error (N)", r => $"{r.NormalErrorN:F3}");
            Row("shear error (N)", r => $"{r.ShearErrorN:F3}");
            Row("offset x / y error (mm)", r => $"{r.OffsetXErrorMm:F2} / {r.OffsetYErrorMm:F2}");
            Row("wire angle error (deg)", r => $"{r.AngleErrorDeg:F1}");
            Row("slip F1 (p > 0.5)", r => $"{r.SlipF1:F3} ({r.SlipFrames} slipping)");
            table.AddRow(["update ms, both fingers (median / p95)", .. updateMs.Select(ms =>
            {
                List<double> sorted = [.. ms.Order()];
                return $"{DdsBenchSupport.Percentile(sorted, 50):F1} / {DdsBenchSupport.Percentile(sorted, 95):F1}";
            })]);
            AnsiConsole.Write(table);
            return 0;
        }));
        return command;
    }

    /// <summary>A fingertip's no-contact image as the renderer draws it, the background its frames are subtracted from.</summary>
    private static BackgroundImage NoContact(ITactileFrameRenderer renderer, Finger finger)
    {
        var frame = new TactileStream(finger, renderer).Background(default);
        return new BackgroundImage(SensorProfile.Digit.Name, frame.Width, frame.Height, frame.Pixels.ToArray());
    }

    private static void PrintSummary(Maze maze, RolloutResult rollout, FaultPlan plan, string png)
    {
        var m = rollout.Metrics;
        var table = new Table().AddColumns("Metric", "Value");
        table.AddRow("maze", Markup.Escape(maze.ToString()));
        table.AddRow("controller", rollout.Controller);
        table.AddRow("faults", plan.Faults.Count == 0 ? "none" : Markup.Escape(string.Join(", ", plan.Faults.Select(f => $"{f.Kind} {f.Intensity:F2} " + (double.IsPositiveInfinity(f.Duration) ? $"from {f.Start:F1} s" : $"{f.Start:F1}-{f.Start + f.Duration:F1} s")))));
        table.AddRow("success", m.Success ? "[green]yes[/]" : "[red]no[/]");
        table.AddRow("completion", $"{m.Completion:P1}");
        table.AddRow("time (s)", $"{m.Time:F2}");
        table.AddRow("slips / drops / jams / regrasps", $"{m.Slips} / {m.Drops} / {m.Jams} / {m.Releases}");
        table.AddRow("total slip (mm)", $"{m.SlipDistance * 1000:F1}");
        table.AddRow("max cross-wire force (N)", $"{m.MaxCrossForce:F2}");
        table.AddRow("hand-to-wire error mean / max (mm)", $"{m.MeanTrackingError * 1000:F2} / {m.MaxTrackingError * 1000:F2}");
        table.AddRow("physics steps", rollout.PhysicsSteps.ToString());
        table.AddRow("plot", Markup.Escape(png));
        AnsiConsole.Write(table);
    }
}
