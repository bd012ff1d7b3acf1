using SparshRobot.Sim.Mazes;
using SparshRobot.Sim.Rollouts;
using SparshRobot.Sim.Simulation;
using SparshRobot.Sim.Teleop;

namespace SparshRobot.Sim.Recording;

/// <summary>
/// Records scripted-teleop demonstrations on training mazes: one episode per maze, every teleop topic written to
/// the sink (images only when a renderer is given). <c>sim record-demos</c> wraps this with a progress bar and
/// the MCAP sink; tests pass a <c>timeLimit</c> to record short episodes the same way.
/// </summary>
public static class DemoRecorder
{
    public static IReadOnlyList<RolloutResult> Record(
        int mazes, int seed, MazeDifficulty difficulty, IDemoSink sink, ITactileFrameRenderer renderer, IProgress<RolloutResult>? progress = null,
        double? timeLimit = null)
    {
        if (mazes <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(mazes), mazes, "record at least one maze");
        }
        if (MazeGenerator.FamilyOfSeed(seed) != MazeFamily.Training || MazeGenerator.FamilyOfSeed(seed + mazes - 1) != MazeFamily.Training)
        {
            throw new ArgumentOutOfRangeException(nameof(seed), seed,
                $"demonstrations come from training mazes only: seeds {seed}..{seed + mazes - 1} must lie in [{MazeGenerator.TrainingSeeds.From}, {MazeGenerator.TrainingSeeds.To}]");
        }
        var results = new List<RolloutResult>(mazes);
        for (var i = 0; i < mazes; i++)
        {
            var maze = MazeGenerator.Generate(seed + i, difficulty);
            var result = TeleopSession.Run(maze, seed + i, new RolloutOptions(TimeLimit: timeLimit, Renderer: renderer, Sink: sink, TraceInterval: 0));
            results.Add(result);
            progress?.Report(result);
        }
        return results;
    }
}
