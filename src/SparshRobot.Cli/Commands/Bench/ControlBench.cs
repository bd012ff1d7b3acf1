using System.CommandLine;
using System.Diagnostics;
using SparshRobot.Cli.Errors;
using SparshRobot.Cli.Output;
using SparshRobot.Control;
using SparshRobot.Control.Estimation;
using SparshRobot.Core.Geometry;
using SparshRobot.Core.Robot;
using SparshRobot.Core.Sensing;
using SparshRobot.Core.Time;
using SparshRobot.Encoder;
using SparshRobot.Evaluation.Maze;
using SparshRobot.Policy.Policies;
using SparshRobot.Policy.Runtime;
using SparshRobot.Policy.Spec;
using SparshRobot.Policy.Training;
using SparshRobot.Sim.Mazes;
using SparshRobot.Sim.Rollouts;
using SparshRobot.Sim.Simulation;
using SparshRobot.Sim.Teleop;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Tactile.Profiles;
using SparshRobot.Tactile.Simulation;
using Spectre.Console;

namespace SparshRobot.Cli.Commands.Bench;

/// <summary>
/// <c>bench control</c>: the control layer's costs on this CPU, each against a yardstick measured in the same run:
/// one control tick (laws and supervisor, estimator excluded) against the 60 Hz tactile period, with its managed
/// allocation; the classical estimator's rate for both fingers against the 60 Hz frame rate (and, given probes, the
/// Sparsh probe estimator's estimates per second on the 60 Hz stream, one batched encoder pass for both fingers each,
/// against the 30 Hz target; given a policy, its step
/// rate against the 10 Hz target, and probes plus policy on one shared pass against two passes); and the real-time factor
/// of the whole stack in lock-step simulation with rendering, against the scripted teleoperator on the same maze: the
/// median of several rollouts of 20 simulated seconds after a 3-second warm-up rollout, the stack built (its models
/// loaded) before each clock starts.
/// </summary>
public static class ControlBench
{
    public static Command Create()
    {
        var ticks = new Option<int>("--ticks") { Description = "Control ticks timed.", DefaultValueFactory = _ => 20_000 }.AtLeast(1);
        var frames = new Option<int>("--frames") { Description = "Frame pairs the estimator is timed on.", DefaultValueFactory = _ => 300 }.AtLeast(1);
        var maze = new Option<string>("--maze") { Description = "Maze of the real-time-factor rows.", DefaultValueFactory = _ => "hard:1000003" };
        var stack = new Option<string>("--stack") { Description = "Stack of the real-time-factor row; stacks with a policy take the first --checkpoint, full takes --probes.", DefaultValueFactory = _ => "tactile-servo" };
        var probes = new Option<string?>("--probes") { Description = "Also time the probe estimator: folder with force/, slip/ and pose/probe.safetensors." };
        var encoder = new Option<string?>("--encoder") { Description = "The encoder the probes were trained on (with --probes)." };
        var checkpoint = new Option<string[]>("--checkpoint")
        {
            Description = "Also time these BC policies' step (policy.safetensors, MLP or diffusion; repeatable): on their own encoder pass and, with --probes, on the probes' shared pass.",
            AllowMultipleArgumentsPerToken = true,
        };
        var samplerSteps = new Option<int[]>("--sampler-steps")
        {
            Description = "A diffusion policy's step is also timed at these DDIM step counts (repeatable; its configured count is always timed).",
            AllowMultipleArgumentsPerToken = true,
        }.AtLeast(1);
        var rtfRuns = new Option<int>("--rtf-runs")
        {
            Description = "Timed 20-second rollouts of the stack after its warm-up; the median is reported with the range (this shared CPU's load moves a single one by several percent).",
            DefaultValueFactory = _ => 3,
        }.AtLeast(1);
        var command = new Command("control", "Control tick latency and allocation, tactile estimator rates, policy step rates, lock-step real-time factor of the stack.")
        {
            ticks, frames, maze, stack, probes, encoder, checkpoint, samplerSteps, rtfRuns,
        };
        // Refused at parse time: finding out after the tick timing wastes the run.
        command.Validators.Add(result =>
        {
            if (result.GetValue(probes) is not null && result.GetValue(encoder) is null)
            {
                result.AddError("--probes needs --encoder: the frozen encoder the probes were trained on");
            }
        });
        command.SetAction(result => UserErrors.Run(() =>
        {
            MazeStackFactory.RequireKnown([result.GetValue(stack)!]);
            var background = TactileCliSupport.LoadBackground(null, SensorProfile.Digit);
            var probesDir = result.GetValue(probes);
            var encoderPath = result.GetValue(encoder);
            // The real-time-factor stack is built as maze eval builds it (the first --checkpoint, the probes), and
            // checked before anything is timed.
            using var setup = MazeStackSetup.Create(background, result.GetValue(checkpoint)?.FirstOrDefault(), encoderPath, probesDir, null,
                ChunkExecutionMode.Ensemble, TorchSharp.torch.CPU, null);
            setup.Factory.Require([result.GetValue(stack)!]);
            var table = new Table().AddColumns("measure", "value", "yardstick (same run)", "ratio");
            var tick = TimeTicks(Math.Max(1000, result.GetValue(ticks)));
            var period = 1000.0 / 60;
            table.AddRow("control tick p50 / p99", $"{tick.P50Us:F1} / {tick.P99Us:F1} µs", $"tactile period {period:F1} ms", $"p99 = {tick.P99Us / 1000 / period:P2} of it");
            table.AddRow("control tick managed allocation", $"{tick.BytesPerTick:F1} B/tick", "0 B", tick.BytesPerTick == 0 ? "none" : "ALLOCATES");
            var pairs = RenderPairs(background, Math.Max(30, result.GetValue(frames)));
            var classic = StreamRate(new ClassicalTactileEstimator(background, background), pairs.Frames).Pairs;
            table.AddRow("classical estimator, both fingers", $"{classic:F0} Hz", "60 Hz DIGIT frame rate", $"{classic / 60:F1}x");
            if (probesDir is not null)
            {
                // Both formats in one run, so their ratio holds under this shared machine's load.
                foreach (var format in Enum.GetValues<EncoderPrecision>())
                {
                    // As deployed: 60 Hz frames, the shipped pass interval (an estimate every other frame pair).
                    var options = new ProbeEstimatorOptions { Precision = format };
                    var (taken, estimates) = StreamRate(ProbeTactileEstimator.Load(probesDir, encoderPath!, background, background, options), pairs.Frames);
                    table.AddRow($"probe estimator, both fingers, one pass per estimate ({format})", $"{estimates:F1} Hz ({taken:F0} frame pairs/s)", "30 Hz target", $"{estimates / 30:F2}x");
                }
            }
            foreach (var policyFile in result.GetValue(checkpoint) ?? [])
            {
                using var policy = (TactilePolicy)PolicyCheckpoint.Load(policyFile, TorchSharp.torch.CPU);
                using var frozen = TactileEncoder.Open(encoderPath ?? PolicyCheckpoint.ReadInfo(policyFile).EncoderFile);
                int?[] counts = policy.SamplerSteps is { } configured ? [configured, .. (result.GetValue(samplerSteps) ?? []).Where(n => n != configured).Select(n => (int?)n)] : [null];
                // The published rates: MLP chunking 10 Hz, diffusion 6 Hz.
                var target = policy.Kind == PolicyHeadKind.Diffusion ? 6 : 10;
                foreach (var count in counts)
                {
                    if (count is { } n)
                    {
                        policy.SamplerSteps = n;
                    }
                    var name = $"{policy.Kind.ToString().ToLowerInvariant()} policy{(count is { } k ? $" ({k} DDIM steps)" : "")}";
                    var rates = PolicyRates(policy, frozen, encoderPath, probesDir, background, pairs.Frames.Take(60).ToList());
                    table.AddRow($"{name} step, own encoder pass", $"{rates.Own:F1} Hz", $"{target} Hz target", $"{rates.Own / target:F2}x");
                    if (rates.Shared is { } shared)
                    {
                        table.AddRow($"probes + {name} on every pair, one shared pass", $"{shared:F1} Hz", $"two passes: {rates.TwoPasses:F1} Hz", $"{shared / rates.TwoPasses:F2}x");
                    }
                }
            }
            table.AddRow("rendering both fingers (for scale)", $"{pairs.RenderHz:F0} Hz", "60 Hz", $"{pairs.RenderHz / 60:F1}x");
            var resolved = MazeCatalog.Resolve(result.GetValue(maze)!, MazeDifficulty.Hard);
            var (teleop, control) = RealTimeFactor(resolved, result.GetValue(stack)!, setup.Factory, background, result.GetValue(rtfRuns));
            table.AddRow("teleop rollout with rendering", $"{teleop:F1}x real time", "", "");
            table.AddRow($"{result.GetValue(stack)} rollout with rendering (warm)", DescribeRealTime(control), "teleop, same maze",
                $"{DdsBenchSupport.Median(control) / teleop:P0}");
            AnsiConsole.Write(table);
            return 0;
        }));
        return command;
    }

    private sealed record TickStats(double P50Us, double P99Us, double BytesPerTick);

    /// <summary>
    /// The full stack's controller in the middle of a maze: steady touch, a fresh plan every 12 ticks (5 Hz), the hand
    /// moving along. A tick that changes the supervisor's state is an event (it allocates its record); the run checks
    /// none happened. Ticks
    /// that take a new plan are not timed: accepting a plan is the policy's rate, not the control tick's.
    /// </summary>
    private static TickStats TimeTicks(int count)
    {
        var action = new ActionSpec(["dx", "dy", "dz"], 8, 5);
        var controller = new MazeController(ControlStack.Full, policyRateHz: 5, action: action);
        var start = new Pose3(new Vec3(0, 0, 0.32), Quat.Identity);
        var plans = Enumerable.Range(0, count / 12 + 2).Select(p => new PlannedTrajectory(Stamp(1 + p / 5.0), Quat.Identity,
            [.. Enumerable.Range(1, 8).Select(k => new Waypoint(Stamp(1 + (p + k) / 5.0), start.Position + new Vec3(0.002 * k, 0, 0)))], start.Position)).ToArray();
        var times = new List<double>(count);
        var period = TimeSpan.FromSeconds(1.0 / 60);
        long allocated = 0;
        for (var k = 0; k < count; k++)
        {
            var t = Stamp(1 + k / 60.0);
            var pad = new FingerEstimate(t, true, 50, 0.2 * Math.Sin(k * 0.1), 0, 0.3, 2.5, 0.1, 0, 0, 0, 1, FrameHealth.Ok);
            // The hand carries the bead along the plan (10 mm/s), so the supervisor feels progress and keeps tracking.
            var hand = new Pose3(start.Position + new Vec3(0.01 * k / 60.0, 0, 0), start.Orientation);
            var input = new ControlInput(new EeObservation(t, hand, 2.5, 2.5), new TactileState(pad, pad with { OffsetXMm = -pad.OffsetXMm }), plans[k / 12]);
            var bytes = GC.GetAllocatedBytesForCurrentThread();
            var begin = Stopwatch.GetTimestamp();
            controller.Update(t, period, input);
            var elapsed = Stopwatch.GetElapsedTime(begin).TotalMicroseconds;
            // The first pass warms the JIT; plan ticks belong to the policy rate.
            if (k % 12 != 0 && k >= 600)
            {
                times.Add(elapsed);
                allocated += GC.GetAllocatedBytesForCurrentThread() - bytes;
            }
        }
        if (controller.Supervisor.Events.Count > 0)
        {
            throw new InvalidOperationException($"the timed ticks were meant to be steady tracking, but the supervisor went {controller.Supervisor.Events[0].To}: {controller.Supervisor.Events[0].Reason}");
        }
        times.Sort();
        return new TickStats(times[times.Count / 2], times[(int)(times.Count * 0.99)], allocated / (double)times.Count);
    }

    private static Timestamp Stamp(double s) => Timestamp.FromNanoseconds((long)Math.Round(s * 1e9), ClockKind.Simulated);

    private static (List<TactileFrame[]> Frames, double RenderHz) RenderPairs(BackgroundImage background, int pairs)
    {
        var thumb = new DigitSimulator(background, DigitSimulator.OptionsFor(SensorProfile.Digit, 1));
        var index = new DigitSimulator(background, DigitSimulator.OptionsFor(SensorProfile.Digit, 2));
        var contact = new ContactState(IndenterShape.Cylinder, 2.5, Vec3.Zero, new Vec3(0.5, -1, 0), 6, new Vec3(0.8, 0.6, 0)) { LengthMm = 12 };
        var frames = new List<TactileFrame[]>();
        var render = Stopwatch.StartNew();
        for (var k = 0; k < pairs; k++)
        {
            TactileFrame Frame(DigitSimulator sim, string id)
            {
                var pixels = new byte[sim.FrameLength];
                sim.Render(contact with { Center = contact.Center + new Vec3(0.01 * k, 0, 0) }, pixels, k);
                return new TactileFrame(id, Stamp(k / 60.0), k, sim.Width, sim.Height, PixelEncoding.Rgb8, pixels);
            }
            frames.Add([Frame(thumb, "digit_thumb"), Frame(index, "digit_index")]);
        }
        return (frames, pairs / render.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Frame pairs per second the estimator takes from the 60 Hz stream fed flat out, and encoder passes (estimates)
    /// per second meanwhile for the probe estimator. The first 40 % of the pairs warm it up untimed: libtorch's and
    /// the JIT's first calls run several times slower than the steady state a running robot sees. The estimator owns
    /// nothing the caller keeps, so it is disposed here.
    /// </summary>
    private static (double Pairs, double Estimates) StreamRate(ITactileEstimator estimator, List<TactileFrame[]> frames)
    {
        using var _ = estimator;
        long Passes() => estimator is ProbeTactileEstimator probe ? probe.EncoderPasses : 0;
        var warmup = frames.Count * 2 / 5;
        for (var k = 0; k < warmup; k++)
        {
            estimator.Update(Stamp(k / 60.0), frames[k]);
        }
        var passes = Passes();
        var clock = Stopwatch.StartNew();
        for (var k = warmup; k < frames.Count; k++)
        {
            estimator.Update(Stamp(k / 60.0), frames[k]);
        }
        var seconds = clock.Elapsed.TotalSeconds;
        return ((frames.Count - warmup) / seconds, (Passes() - passes) / seconds);
    }

    /// <summary>
    /// Policy steps per second on every frame pair: encoding its own pass; then, with probes, the probe estimator and
    /// the policy together, once on the estimator's shared pass and once each with its own pass.
    /// </summary>
    /// <param name="frozen">The encoder the policy reads.</param>
    private static (double Own, double? Shared, double TwoPasses) PolicyRates(ITactilePolicy policy, TactileEncoder frozen, string? encoderPath, string? probesDir,
        BackgroundImage background, List<TactileFrame[]> frames, int warmup = 10)
    {
        var sensors = policy.Observation.Sensors.Select(s => new PolicySensor(s, SensorProfile.Digit, background)).ToList();
        var sensorOfFrame = sensors.ToDictionary(s => ControlLoop.FrameSensorId(s.Name), s => s.Name);
        double Rate(Action<int, Timestamp> step)
        {
            var clock = new Stopwatch();
            for (var k = 0; k < frames.Count; k++)
            {
                if (k == warmup)
                {
                    clock.Start();
                }
                step(k, Stamp(k / 60.0));
            }
            return (frames.Count - warmup) / clock.Elapsed.TotalSeconds;
        }
        void OwnStep(PolicyRunner runner, int k, Timestamp t)
        {
            foreach (var frame in frames[k])
            {
                runner.PushFrame(sensorOfFrame[frame.SensorId], frame);
            }
            runner.Step(t, Vec3.Zero);
        }
        using (var runner = new PolicyRunner(policy, frozen, sensors))
        {
            var own = Rate((k, t) => OwnStep(runner, k, t));
            if (probesDir is null)
            {
                return (own, null, double.NaN);
            }
            var options = new ProbeEstimatorOptions { MinPassInterval = TimeSpan.Zero };
            using var probe = ProbeTactileEstimator.Load(probesDir, encoderPath!, background, background, options);
            using var sharing = new PolicyRunner(policy, frozen, sensors);
            var shared = Rate((k, t) =>
            {
                probe.Update(t, frames[k]);
                if (probe.CurrentPass(t) is { } pass)
                {
                    sharing.Step(t, Vec3.Zero, pass.Renamed(id => sensorOfFrame.GetValueOrDefault(id, id)));
                }
            });
            using var separate = ProbeTactileEstimator.Load(probesDir, encoderPath!, background, background, options);
            var two = Rate((k, t) =>
            {
                separate.Update(t, frames[k]);
                OwnStep(runner, k, t);
            });
            return (own, shared, two);
        }
    }

    /// <summary>The real-time-factor cell: the median of the timed rollouts, with their range and how many kept up when there are several.</summary>
    internal static string DescribeRealTime(IReadOnlyList<double> rates)
    {
        var median = DdsBenchSupport.Median(rates);
        return rates.Count == 1 ? $"{median:F2}x real time"
            : $"{median:F2}x real time (median of {rates.Count}: {rates.Min():F2}-{rates.Max():F2}, at least 1.0 in {rates.Count(r => r >= 1)})";
    }

    private static (double Teleop, IReadOnlyList<double> Control) RealTimeFactor(Maze maze, string stack, MazeStackFactory factory, BackgroundImage background, int runs)
    {
        // The clock runs over the rollout only: building a stack (loading its models) happens before a robot starts.
        double Rate(Func<BeadMazeSim, IMazeController> create, double seconds)
        {
            var sim = new BeadMazeSim(maze);
            var controller = create(sim);
            try
            {
                var clock = Stopwatch.StartNew();
                RolloutRunner.Run(sim, controller, new RolloutOptions(TimeLimit: seconds, Renderer: new DigitFrameRenderer(background, 0), TraceInterval: 0));
                return sim.Time / clock.Elapsed.TotalSeconds;
            }
            finally
            {
                (controller as IDisposable)?.Dispose();
            }
        }
        IMazeController Teleop(BeadMazeSim sim) => new ScriptedTeleoperator(TeleopProfile.Default, sim.Options.Hand, 0, sim.Scene);
        IMazeController Stack(BeadMazeSim sim) => factory.Create(stack, sim, 0);
        // A first rollout of each warms the JIT and libtorch's first passes, so that neither is billed to its row.
        Rate(Teleop, 20);
        var teleop = Rate(Teleop, 20);
        Rate(Stack, 3);
        return (teleop, [.. Enumerable.Range(0, runs).Select(_ => Rate(Stack, 20))]);
    }
}
