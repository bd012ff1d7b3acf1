using SparshRobot.Core.Geometry;
using SparshRobot.Policy.Evaluation;

namespace SparshRobot.Policy.Tests.Evaluation;

public class TrajectoryErrorTests
{
    [Test]
    public void MatchesAHandComputedExample()
    {
        Vec3[] truth = [new(0, 0, 0), new(0.01, 0, 0), new(0.02, 0.01, 0)];
        Vec3[] deltas = [new(0.01, 0, 0), new(0.01, 0, 0), new(0, 0, 0.03)];
        // Targets: (0.01,0,0), (0.02,0,0), (0.02,0,0.03).
        // |errors|: (0.01,0,0) -> 0.01; (0.01,0,0) -> 0.01; (0,0.01,0.03) -> 0.04. Sum 0.06 over 9 values.
        var (error, path) = TrajectoryError.Compute(truth, deltas);
        Assert.Multiple(() =>
        {
            Assert.That(error, Is.EqualTo(0.06 / 9).Within(1e-12));
            Assert.That(path[^1], Is.EqualTo(new Vec3(0.02, 0, 0.03)));
        });
    }

    [Test]
    public void PerfectDeltasGiveTheOneStepLagOnly()
    {
        Vec3[] truth = [new(0, 0, 0), new(0, 0, 0), new(0, 0, 0)];
        var (error, _) = TrajectoryError.Compute(truth, [Vec3.Zero, Vec3.Zero, Vec3.Zero]);
        Assert.That(error, Is.Zero);
    }

    [Test]
    public void RejectsMismatchedOrEmptyInput()
    {
        var e = Assert.Throws<ArgumentException>(() => TrajectoryError.Compute([Vec3.Zero, Vec3.Zero], [Vec3.Zero]));
        Assert.That(e!.Message, Does.Contain("1 predicted deltas for 2 true positions"));
        Assert.Throws<ArgumentException>(() => TrajectoryError.Compute([], []));
    }

    [Test]
    public void BaselinesHoldStillAndMoveAtTheMeanVelocity()
    {
        // A path at a constant 1 cm per step along x: moving at that velocity is only off by the metric's one-step
        // lag (1 cm on x, 0 on y and z), holding still falls behind by 0, 1, 2 cm.
        Vec3[] truth = [new(0, 0, 0), new(0.01, 0, 0), new(0.02, 0, 0)];
        var episode = new EpisodeTrajectory("e", 0, truth, truth);
        var (holdStill, meanVelocity) = PolicyEvaluator.Baselines([episode], new Vec3(0.01, 0, 0));
        Assert.Multiple(() =>
        {
            Assert.That(holdStill, Is.EqualTo((0 + 0.01 + 0.02) / 9).Within(1e-12));
            Assert.That(meanVelocity, Is.EqualTo(3 * 0.01 / 9).Within(1e-12));
        });
    }
}
