using SparshRobot.Sim.Faults;
using SparshRobot.Sim.Mazes;
using SparshRobot.Sim.Rollouts;
using SparshRobot.Sim.Simulation;

namespace SparshRobot.Sim.Teleop;

/// <summary>One scripted-teleop rollout per maze and seed: what <c>sim run</c>, the success-rate evaluation and the demo recorder share.</summary>
public static class TeleopSession
{
    public static RolloutResult Run(Maze maze, int seed, RolloutOptions? options = null, FaultPlan? faults = null, SimOptions? simOptions = null, TeleopProfile? profile = null)
    {
        var sim = new BeadMazeSim(maze, simOptions, faults);
        var teleop = new ScriptedTeleoperator(profile ?? TeleopProfile.Default, sim.Options.Hand, seed, sim.Scene);
        return RolloutRunner.Run(sim, teleop, options);
    }

    /// <summary>
    /// Runs the teleoperator on <paramref name="count"/> procedural mazes of the family that
    /// <paramref name="firstSeed"/> belongs to, seeds firstSeed, firstSeed + 1, ...; the operator's own seed is the
    /// maze seed. Reports each rollout to <paramref name="progress"/>.
    /// </summary>
    public static IReadOnlyList<RolloutResult> Evaluate(MazeDifficulty difficulty, int firstSeed, int count, IProgress<RolloutResult>? progress = null)
    {
        var results = new List<RolloutResult>(count);
        for (var i = 0; i < count; i++)
        {
            var seed = firstSeed + i;
            var result = Run(MazeGenerator.Generate(seed, difficulty), seed, new RolloutOptions(TraceInterval: 0));
            results.Add(result);
            progress?.Report(result);
        }
        return results;
    }
}
