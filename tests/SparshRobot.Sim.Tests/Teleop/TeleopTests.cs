using SparshRobot.Sim.Faults;
using SparshRobot.Sim.Mazes;
using SparshRobot.Sim.Teleop;

namespace SparshRobot.Sim.Tests.Teleop;

/// <summary>
/// The scripted teleoperator on a handful of seeded training mazes (the full 100-maze measurement is
/// <c>sparsh-robot sim teleop-eval</c>).
/// </summary>
[Category("sim")]
public class TeleopTests
{
    [Test]
    public void SucceedsOnEasyAndHardTrainingMazes()
    {
        const int count = 10;
        var easy = TeleopSession.Evaluate(MazeDifficulty.Easy, 100, count);
        var hard = TeleopSession.Evaluate(MazeDifficulty.Hard, 100, count);
        var easyRate = easy.Count(r => r.Metrics.Success) / (double)count;
        var hardRate = hard.Count(r => r.Metrics.Success) / (double)count;
        TestContext.Out.WriteLine($"easy {easyRate:P0}, hard {hardRate:P0}");
        Assert.That(easyRate, Is.GreaterThanOrEqualTo(0.95));
        Assert.That(hardRate, Is.GreaterThanOrEqualTo(0.8));
        Assert.That(easy.Average(r => r.Metrics.MeanTrackingError), Is.LessThan(0.002));
    }

    [Test]
    public void SameSeedSameRollout()
    {
        var maze = MazeGenerator.Generate(3, MazeDifficulty.Hard);
        var a = TeleopSession.Run(maze, 8);
        var b = TeleopSession.Run(maze, 8);
        var c = TeleopSession.Run(maze, 9);
        Assert.That(b.Metrics, Is.EqualTo(a.Metrics));
        Assert.That(c.Metrics, Is.Not.EqualTo(a.Metrics));
    }

    [Test]
    public void OperatorCompensatesCalibrationDriftByEye()
    {
        var maze = MazeCatalog.Resolve("s_curve", MazeDifficulty.Easy);
        var drift = new FaultPlan([new FaultSpec(FaultKind.CalibrationDrift, 1, 1, 4)], 2);
        var result = TeleopSession.Run(maze, 1, faults: drift);
        Assert.That(result.Metrics.Success, Is.True);
        // 15 mm of drift would show up in full without the visual correction.
        Assert.That(result.Metrics.MaxTrackingError, Is.LessThan(0.006));
    }
}
