using SparshRobot.Evaluation.Rollouts;
using SparshRobot.Policy.Runtime;
using SparshRobot.Policy.Tests.Support;
using SparshRobot.Sim.Mazes;

namespace SparshRobot.Evaluation.Tests.Rollouts;

/// <summary>A policy closes the loop on the real simulator and renderer, seeing only rendered touch and the reported pose.</summary>
public class SimPolicyEvaluationTests
{
    [TestCase(ChunkExecutionMode.Ensemble)]
    [TestCase(ChunkExecutionMode.Chunk)]
    public void RunsAHeldOutEasyMazeEndToEndAndReportsTheSimulatorsMetrics(ChunkExecutionMode mode)
    {
        using var encoder = RuntimeFixtures.TinyEncoder();
        // 2 mm/step along +x at 10 Hz: the hand moves, whatever the maze makes of it.
        using var policy = new FixedDeltaPolicy(RuntimeFixtures.SpecFor(encoder), RuntimeFixtures.Action, [0.002f, 0, 0]);
        var report = SimPolicyEvaluation.Run(policy, encoder, RuntimeFixtures.Background,
            new SimEvaluationOptions(Mazes: 1, Difficulty: "easy", Mode: mode, TimeLimit: 2.0));

        var maze = report.Mazes.Single();
        TestContext.Out.WriteLine($"{maze.Maze}: completion {maze.Metrics.Completion:P1}, success {maze.Metrics.Success}, {maze.PolicySteps} policy steps, " +
            $"{maze.NotReady} not ready, {maze.MeanInferenceMs:F1} ms per step");
        Assert.Multiple(() =>
        {
            Assert.That(maze.Maze, Does.StartWith($"heldout-easy-{MazeGenerator.HeldOutSeedBase}"));
            Assert.That(maze.Metrics.Time, Is.EqualTo(2.0).Within(0.01));
            // 20 policy ticks in 2 s; ensemble plans every tick, chunk mode every 5th (ExecutedSteps).
            Assert.That(maze.PolicySteps, Is.EqualTo(mode == ChunkExecutionMode.Ensemble ? 20 : 4).Within(1));
            Assert.That(maze.NotReady, Is.Zero, "the renderer delivers every frame on time");
            Assert.That(maze.MeanInferenceMs, Is.GreaterThan(0));
            Assert.That(policy.Calls.Last().State[3], Is.GreaterThan(policy.Calls.First().State[3] + 0.01),
                "the reported x grew: commanded targets moved the hand");
        });
    }

    [Test]
    public void AMazeEndsOnceTheBeadHasBeenOutOfTheHandForTheLostTimeout()
    {
        using var encoder = RuntimeFixtures.TinyEncoder();
        // 2 cm/step straight up: the hand leaves the wire and the bead falls out of it.
        using var policy = new FixedDeltaPolicy(RuntimeFixtures.SpecFor(encoder), RuntimeFixtures.Action, [0, 0, 0.02f]);
        var maze = SimPolicyEvaluation.Run(policy, encoder, RuntimeFixtures.Background,
            new SimEvaluationOptions(Mazes: 1, TimeLimit: 6.0, LostTimeout: 0.5)).Mazes.Single();
        Assert.That(maze.Rollout.StopReason, Is.EqualTo("bead out of the hand for 0.5 s"));
        Assert.That(maze.Metrics.Time, Is.LessThan(6.0));
        Assert.That(maze.Rollout.Trace.Time, Is.Not.Empty, "a trace for the rollout picture");
    }
}
