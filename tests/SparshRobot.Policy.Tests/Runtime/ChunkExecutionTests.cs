using SparshRobot.Policy.Runtime;
using SparshRobot.Policy.Spec;

namespace SparshRobot.Policy.Tests.Runtime;

/// <summary>How predicted chunks become one action per control step, in both execution modes.</summary>
public class ChunkExecutionTests
{
    private static float[][] Chunk(params float[] xs) => xs.Select(x => new[] { x }).ToArray();

    [Test]
    public void ChunkModeExecutesTheFirstExecutedStepsOpenLoopThenAsksForAPlan()
    {
        var execution = new ChunkExecution(ChunkExecutionMode.Chunk, new ActionSpec(["dx"], Horizon: 5, ExecutedSteps: 3));
        Assert.That(execution.NeedsPlan(0), Is.True);
        Assert.That(execution.Next(0), Is.Null, "nothing planned yet");
        execution.Plan(0, Chunk(10, 11, 12, 13, 14));
        var executed = new List<float>();
        for (var step = 0; step < 3; step++)
        {
            Assert.That(execution.NeedsPlan(step), Is.False, $"step {step} is still covered");
            executed.Add(execution.Next(step)![0]);
        }
        Assert.That(executed, Is.EqualTo(new[] { 10f, 11f, 12f }));
        Assert.That(execution.NeedsPlan(3), Is.True, "the tail of the chunk is never executed");
        Assert.That(execution.Next(3), Is.Null);
    }

    [Test]
    public void ChunkModeReplacesWhatIsLeftWhenReplannedEarly()
    {
        var execution = new ChunkExecution(ChunkExecutionMode.Chunk, new ActionSpec(["dx"], Horizon: 4, ExecutedSteps: 3));
        execution.Plan(0, Chunk(1, 2, 3, 4));
        Assert.That(execution.Next(0)![0], Is.EqualTo(1));
        execution.Plan(1, Chunk(5, 6, 7, 8));
        Assert.That(new[] { execution.Next(1)![0], execution.Next(2)![0], execution.Next(3)![0] }, Is.EqualTo(new[] { 5f, 6f, 7f }));
        Assert.That(execution.Next(4), Is.Null);
    }

    [TestCase(0, 1)]
    [TestCase(9, 4)]
    public void ChunkModeExecutesAtLeastOneAndAtMostTheWholeChunk(int executedSteps, int expected)
    {
        var execution = new ChunkExecution(ChunkExecutionMode.Chunk, new ActionSpec(["dx"], Horizon: 4, ExecutedSteps: executedSteps));
        execution.Plan(0, Chunk(1, 2, 3, 4));
        var count = 0;
        while (execution.Next(count) is not null)
        {
            count++;
        }
        Assert.That(count, Is.EqualTo(expected));
    }

    [Test]
    public void EnsembleModePlansEveryStepAndBlendsOverlappingChunksFavouringTheOlder()
    {
        var execution = new ChunkExecution(ChunkExecutionMode.Ensemble, new ActionSpec(["dx"], Horizon: 3, ExecutedSteps: 1));
        Assert.That(execution.Next(0), Is.Null, "nothing planned yet");
        execution.Plan(0, Chunk(0, 0, 0));
        Assert.That(execution.NeedsPlan(0), Is.False);
        Assert.That(execution.Next(0)![0], Is.Zero);
        Assert.That(execution.NeedsPlan(1), Is.True);
        execution.Plan(1, Chunk(1, 1, 1));
        var blended = execution.Next(1)![0];
        Assert.That(blended, Is.GreaterThan(0.4f).And.LessThan(0.5f), "both chunks cover step 1; the older weighs a little more");
        Assert.That(execution.Next(3)![0], Is.EqualTo(1), "only the newer chunk reaches step 3");
        Assert.That(execution.Next(4), Is.Null, "past the last plan's horizon");
    }
}
