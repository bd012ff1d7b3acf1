using System.Diagnostics;
using System.IO.Hashing;
using System.Text;
using SparshRobot.Control;
using SparshRobot.Control.Supervision;
using SparshRobot.Sim.Faults;
using SparshRobot.Sim.Rollouts;
using SparshRobot.Sim.Simulation;
using MazeModel = SparshRobot.Sim.Mazes.Maze;

namespace SparshRobot.Evaluation.Maze;

/// <summary>A maze to evaluate on and the <c>--mazes</c> entry it came from.</summary>
public sealed record MazeCase(string Spec, MazeModel Maze);

/// <summary>A fault condition every maze is run under: a name for the tables and the plan of each episode seed.</summary>
public sealed record FaultCondition(string Name, Func<int, FaultPlan> Plan)
{
    public static FaultCondition None { get; } = new("none", _ => FaultPlan.None);

    /// <summary><c>none</c>, a fault suite file (sampled per episode) or a fault plan file (the same faults every episode).</summary>
    public static FaultCondition Parse(string spec)
    {
        if (spec == "none")
        {
            return None;
        }
        var name = Path.GetFileNameWithoutExtension(spec);
        if (FaultSuite.IsSuite(spec))
        {
            var suite = FaultSuite.Load(spec);
            return new FaultCondition(suite.Name, suite.Sample);
        }
        var plan = FaultPlanFile.Load(spec);
        return new FaultCondition(name, seed => plan.ToPlan(seed));
    }
}

/// <summary>What to run: every stack on every maze under every fault condition, <paramref name="Episodes"/> seeds each.</summary>
/// <param name="TimeLimit">Simulated seconds per episode; null: the rollout runner's default for the wire length.</param>
/// <param name="LostTimeout">An episode ends once the bead has been out of the hand this long (simulated seconds).</param>
/// <param name="Sim">The simulated robot (null: the default); the controllers keep their own model of the hand, so a
/// change here is a mismatch between the robot and what the controller assumes of it.</param>
public sealed record MazeEvalOptions(
    IReadOnlyList<string> Stacks,
    IReadOnlyList<MazeCase> Mazes,
    IReadOnlyList<FaultCondition> Faults,
    int Episodes = 1,
    int Seed = 0,
    double? TimeLimit = null,
    double LostTimeout = 10,
    SimOptions? Sim = null)
{
    public int TotalEpisodes => Stacks.Count * Mazes.Count * Faults.Count * Episodes;

    /// <summary>
    /// The seed of a maze's episode (faults, rendering noise, policy sampler): the same for every stack, so stacks meet
    /// the same faults. It comes from the maze's name, not its place in <c>--mazes</c>, so runs that split or reorder the
    /// maze list draw the same episodes and their rows pair up.
    /// </summary>
    public int EpisodeSeed(MazeModel maze, int episode) =>
        unchecked((int)(((uint)Seed + 1_000_003u * (uint)episode + XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(maze.Name))) & int.MaxValue));
}

/// <summary>One row of episodes.csv.</summary>
public sealed record EvalEpisode(
    string Maze,
    string MazeSpec,
    double WireLength,
    string Faults,
    string FaultKinds,
    string Stack,
    int Seed,
    double Completion,
    bool Success,
    double Time,
    int Slips,
    int Drops,
    int Jams,
    int Regrasps,
    int RecoveredLost,
    int RecoveredSlip,
    int RecoveredJam,
    int Recentred,
    int Transitions,
    string FinalState,
    string Reason,
    int PolicySteps,
    double InferenceMs,
    double WallSeconds);

/// <summary>An episode with the rollout behind it (trace, events and the faults it met, for report pictures).</summary>
public sealed record EvalOutcome(EvalEpisode Episode, RolloutResult Rollout, IReadOnlyList<SupervisorEvent> Supervisor, FaultPlan Faults);

/// <summary>An episode under way, as live progress shows it: simulated time, completion so far, the supervisor's state and transitions.</summary>
public sealed record EpisodeProgress(string Maze, string Faults, string Stack, int Seed, double Time, double Completion, string State, int Transitions);

/// <summary>
/// What the control side told of an episode, the same whether it ran in this process or as ROS nodes: the supervisor's
/// transitions in order, the state it ended in, and the plans the policy made.
/// </summary>
/// <param name="MeanInferenceMs">Mean policy step time; NaN where the policy ran out of sight (another process).</param>
public sealed record ControlReport(IReadOnlyList<SupervisorEvent> Events, SupervisorState FinalState, int PolicySteps, double MeanInferenceMs)
{
    public int Recoveries(FailureCode code) => SupervisorEvent.Recoveries(Events, code);

    /// <summary>The report of a loop that ran in this process.</summary>
    public static ControlReport Of(ControlLoop loop) =>
        new([.. loop.Controller.Supervisor.Events], loop.Controller.Supervisor.State, loop.PolicySteps, loop.MeanInferenceMs);
}

/// <summary>An episode's rollout and, for a control stack (not the scripted teleoperator), what its control side reported.</summary>
public sealed record EpisodeRun(RolloutResult Rollout, ControlReport? Control);

/// <summary>
/// Runs one episode of a stack on a prepared simulator with the given rollout options: in this process
/// (<see cref="MazeEvaluation.InProcess"/>) or through another transport such as a ROS 2 graph. <paramref name="attach"/>
/// is given the stack's control loop when it runs in this process, before the rollout starts (live progress reads it).
/// </summary>
public delegate EpisodeRun EpisodeRunner(string stack, BeadMazeSim sim, int seed, RolloutOptions options, Action<ControlLoop> attach);

/// <summary>
/// <c>maze eval</c>: runs stacks on mazes under fault conditions in lock-step simulation with rendered DIGIT images,
/// episode by episode, the same maze, faults and seed for every stack in turn.
/// </summary>
public static class MazeEvaluation
{
    /// <param name="create">Builds the controller of one stack for one episode's simulator and seed.</param>
    /// <param name="renderer">Builds the renderer of one episode (its seed).</param>
    /// <param name="onEpisode">Called after each episode (progress, report pictures).</param>
    /// <param name="onProgress">Called every half simulated second of an episode (live progress).</param>
    public static IReadOnlyList<EvalEpisode> Run(MazeEvalOptions options, Func<string, BeadMazeSim, int, IMazeController> create,
        Func<int, ITactileFrameRenderer> renderer, Action<EvalOutcome>? onEpisode = null, CancellationToken cancellation = default,
        Action<EpisodeProgress>? onProgress = null) =>
        Run(options, InProcess(create), renderer, onEpisode, cancellation, onProgress);

    /// <summary>Episodes whose controller runs in this process: built by <paramref name="create"/>, disposed after the rollout.</summary>
    public static EpisodeRunner InProcess(Func<string, BeadMazeSim, int, IMazeController> create) => (stack, sim, seed, rolloutOptions, attach) =>
    {
        var controller = create(stack, sim, seed);
        try
        {
            var loop = (controller as ControlStackController)?.Loop;
            if (loop is not null)
            {
                attach(loop);
            }
            var rollout = RolloutRunner.Run(sim, controller, rolloutOptions);
            return new EpisodeRun(rollout, loop is null ? null : ControlReport.Of(loop));
        }
        finally
        {
            (controller as IDisposable)?.Dispose();
        }
    };

    /// <summary>As the in-process overload, with each episode run by <paramref name="runner"/>.</summary>
    public static IReadOnlyList<EvalEpisode> Run(MazeEvalOptions options, EpisodeRunner runner,
        Func<int, ITactileFrameRenderer> renderer, Action<EvalOutcome>? onEpisode = null, CancellationToken cancellation = default,
        Action<EpisodeProgress>? onProgress = null)
    {
        if (options.Stacks.Count == 0 || options.Mazes.Count == 0 || options.Faults.Count == 0)
        {
            throw new ArgumentException("maze eval needs at least one stack, one maze and one fault condition ('none' for no faults)");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Episodes, 1);
        var rows = new List<EvalEpisode>(options.TotalEpisodes);
        for (var m = 0; m < options.Mazes.Count; m++)
        {
            foreach (var condition in options.Faults)
            {
                for (var e = 0; e < options.Episodes; e++)
                {
                    var seed = options.EpisodeSeed(options.Mazes[m].Maze, e);
                    foreach (var stack in options.Stacks)
                    {
                        cancellation.ThrowIfCancellationRequested();
                        var outcome = RunEpisode(options, options.Mazes[m], condition, stack, seed, runner, renderer, cancellation, onProgress);
                        rows.Add(outcome.Episode);
                        onEpisode?.Invoke(outcome);
                    }
                }
            }
        }
        return rows;
    }

    private static EvalOutcome RunEpisode(MazeEvalOptions options, MazeCase maze, FaultCondition condition, string stack, int seed,
        EpisodeRunner runner, Func<int, ITactileFrameRenderer> renderer, CancellationToken cancellation, Action<EpisodeProgress>? onProgress)
    {
        var clock = Stopwatch.StartNew();
        var plan = condition.Plan(seed);
        var sim = new BeadMazeSim(maze.Maze, options.Sim, plan);
        ControlLoop? loop = null;
        // Completion as the metrics count it: the furthest the bead got from where it started, over what was left.
        double? startS = null;
        var maxS = 0.0;
        var nextReport = 0.0;
        var wireLength = maze.Maze.Wire.Length;
        Action<TactileTick, GroundTruth, IReadOnlyList<Core.Sensing.TactileFrame>>? onTactile = onProgress is null ? null : (_, truth, _) =>
        {
            startS ??= truth.Bead.S;
            maxS = Math.Max(maxS, truth.Bead.S);
            var time = truth.Stamp.TotalSeconds;
            if (time >= nextReport)
            {
                nextReport = time + 0.5;
                var span = wireLength - startS.Value;
                onProgress(new EpisodeProgress(maze.Maze.Name, condition.Name, stack, seed, time,
                    span > 0 ? Math.Clamp((maxS - startS.Value) / span, 0, 1) : 1,
                    loop?.Controller.Supervisor.State.ToString() ?? "-", loop?.Controller.Supervisor.Events.Count ?? 0));
            }
        };
        var (rollout, control) = runner(stack, sim, seed, new RolloutOptions(options.TimeLimit, renderer(seed), TraceInterval: 20,
            Cancellation: cancellation, LostTimeout: options.LostTimeout, OnTactile: onTactile), l => loop = l);
        var m = rollout.Metrics;
        var kinds = string.Join('+', plan.Faults.Select(f => FaultSpec.KindName(f.Kind)));
        var episode = new EvalEpisode(maze.Maze.Name, maze.Spec, maze.Maze.Wire.Length, condition.Name, kinds, stack, seed, m.Completion, m.Success,
            m.Time, m.Slips, m.Drops, m.Jams, m.Releases,
            control?.Recoveries(FailureCode.BeadLost) ?? 0, control?.Recoveries(FailureCode.Slip) ?? 0,
            control?.Recoveries(FailureCode.Jam) ?? 0, control?.Recoveries(FailureCode.Drift) ?? 0,
            control?.Events.Count ?? 0, control?.FinalState.ToString() ?? (m.Success ? "done" : "-"),
            m.Success ? "" : rollout.StopReason ?? "time limit",
            control?.PolicySteps ?? 0, control?.MeanInferenceMs ?? 0, clock.Elapsed.TotalSeconds);
        return new EvalOutcome(episode, rollout, control?.Events ?? [], plan);
    }
}
