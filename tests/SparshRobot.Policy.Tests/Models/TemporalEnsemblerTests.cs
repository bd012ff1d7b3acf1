using SparshRobot.Policy.Models;

namespace SparshRobot.Policy.Tests.Models;

public class TemporalEnsemblerTests
{
    [Test]
    public void WeighsOverlappingChunksOldestFirst()
    {
        var ensembler = new TemporalEnsembler(actionDim: 1, k: Math.Log(2));
        ensembler.Add(0, [[0f], [10f], [20f]]);
        ensembler.Add(1, [[40f], [50f]]);
        Assert.That(ensembler.ActionAt(0), Is.EqualTo(new[] { 0f }));
        // Step 1: oldest (10) weight 1, newer (40) weight 1/2: (10 + 20) / 1.5 = 20.
        Assert.That(ensembler.ActionAt(1)[0], Is.EqualTo(20f).Within(1e-5));
        // Step 2: (20 + 0.5 * 50) / 1.5 = 30.
        Assert.That(ensembler.ActionAt(2)[0], Is.EqualTo(30f).Within(1e-5));
    }

    [Test]
    public void ForgetsChunksThatEndedAndComplainsWhenNothingCovers()
    {
        var ensembler = new TemporalEnsembler(actionDim: 2);
        ensembler.Add(0, [[1f, 2f]]);
        Assert.That(ensembler.ActionAt(0), Is.EqualTo(new[] { 1f, 2f }));
        var e = Assert.Throws<InvalidOperationException>(() => ensembler.ActionAt(1));
        Assert.That(e!.Message, Does.Contain("step 1"));
    }

    [Test]
    public void RejectsMalformedOrOutOfOrderChunks()
    {
        var ensembler = new TemporalEnsembler(actionDim: 2);
        Assert.Throws<ArgumentException>(() => ensembler.Add(0, [[1f]]));
        ensembler.Add(3, [[1f, 1f]]);
        var e = Assert.Throws<ArgumentException>(() => ensembler.Add(2, [[1f, 1f]]));
        Assert.That(e!.Message, Does.Contain("step 2").And.Contain("step 3"));
    }
}
