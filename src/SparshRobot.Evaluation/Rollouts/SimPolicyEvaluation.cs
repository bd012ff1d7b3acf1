using SparshRobot.Control;
using SparshRobot.Encoder;
using SparshRobot.Evaluation.Maze;
using SparshRobot.Policy.Runtime;
using SparshRobot.Policy.Spec;
using SparshRobot.Sim.Mazes;
using SparshRobot.Sim.Metrics;
using SparshRobot.Sim.Rollouts;
using SparshRobot.Sim.Simulation;
using SparshRobot.Tactile.Calibration;
using MazeModel = SparshRobot.Sim.Mazes.Maze;

namespace SparshRobot.Evaluation.Rollouts;

/// <summary>Which held-out mazes to run and how the policy's chunks are executed.</summary>
/// <param name="Mazes">How many held-out mazes, seeds <see cref="MazeGenerator.HeldOutSeedBase"/> + FirstSeed onwards.</param>
/// <param name="TimeLimit">Simulated seconds per maze; null: the rollout runner's default for the wire length.</param>
/// <param name="Seed">Seeds maze i's rendering noise and the policy's sampler (Seed + i), so an evaluation replays exactly.</param>
/// <param name="LostTimeout">Ends a maze once the bead has been out of the hand this many simulated seconds (null: run to the limit).</param>
public sealed record SimEvaluationOptions(
    int Mazes = 10,
    string Difficulty = "easy",
    int FirstSeed = 0,
    ChunkExecutionMode Mode = ChunkExecutionMode.Ensemble,
    double? TimeLimit = null,
    int Seed = 0,
    double? LostTimeout = 10);

/// <summary>One held-out maze: the simulator's metrics, how the policy kept up, and the rollout (trace, for pictures).</summary>
public sealed record SimMazeResult(MazeModel MazeModel, RolloutResult Rollout, int PolicySteps, int NotReady, double MeanInferenceMs)
{
    public string Maze => MazeModel.Name;

    public RolloutMetrics Metrics => Rollout.Metrics;
}

public sealed record SimEvaluationReport(SimEvaluationOptions Options, IReadOnlyList<SimMazeResult> Mazes)
{
    /// <summary>Fraction of mazes whose bead reached the end stop.</summary>
    public double SuccessRate => Mazes.Count == 0 ? 0 : Mazes.Count(m => m.Metrics.Success) / (double)Mazes.Count;

    /// <summary>Mean fraction of the wire traversed.</summary>
    public double MeanCompletion => Mazes.Count == 0 ? 0 : Mazes.Average(m => m.Metrics.Completion);

    /// <summary>Mean per-step inference time over all policy steps, milliseconds.</summary>
    public double MeanInferenceMs
    {
        get
        {
            var steps = Mazes.Sum(m => m.PolicySteps);
            return steps == 0 ? 0 : Mazes.Sum(m => m.MeanInferenceMs * m.PolicySteps) / steps;
        }
    }
}

/// <summary>
/// <c>policy eval --sim</c>: closed-loop rollouts of a policy alone (the <c>bc</c> stack: integrated deltas as pose
/// targets, fixed grip, no recovery) on held-out simulated mazes, rendered with the DIGIT renderer and scored with the
/// simulator's own metrics. It runs the same <see cref="ControlLoop"/> as <c>maze eval</c> and the ROS controller.
/// </summary>
public static class SimPolicyEvaluation
{
    /// <param name="background">The DIGIT no-contact image the renderer draws on and the runner subtracts.</param>
    /// <param name="onMaze">Called after each maze (progress output).</param>
    public static SimEvaluationReport Run(ITactilePolicy policy, TactileEncoder encoder, BackgroundImage background,
        SimEvaluationOptions options, Action<SimMazeResult>? onMaze = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Mazes, 1);
        var difficulty = MazeDifficulty.Parse(options.Difficulty);
        var factory = new MazeStackFactory(background, MazeControlOptions.Default, new PolicyResources(policy, encoder, options.Mode));
        var results = new List<SimMazeResult>();
        for (var i = 0; i < options.Mazes; i++)
        {
            var maze = MazeGenerator.Generate(MazeGenerator.HeldOutSeedBase + options.FirstSeed + i, difficulty);
            var sim = new BeadMazeSim(maze);
            using var controller = (ControlStackController)factory.Create(ControlStack.Bc.Name, sim, options.Seed + i);
            var rollout = RolloutRunner.Run(sim, controller,
                new RolloutOptions(TimeLimit: options.TimeLimit, Renderer: new DigitFrameRenderer(background, options.Seed + i), LostTimeout: options.LostTimeout));
            var loop = controller.Loop;
            var result = new SimMazeResult(maze, rollout, loop.PolicySteps, loop.NotReady, loop.MeanInferenceMs);
            results.Add(result);
            onMaze?.Invoke(result);
        }
        return new SimEvaluationReport(options, results);
    }
}
