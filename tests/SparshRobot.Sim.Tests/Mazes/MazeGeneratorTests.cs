using SparshRobot.Sim.Mazes;

namespace SparshRobot.Sim.Tests.Mazes;

public class MazeGeneratorTests
{
    [Test]
    public void SameSeedSameMazeOtherSeedOtherMaze()
    {
        var a = MazeGenerator.Generate(11, MazeDifficulty.Hard);
        var b = MazeGenerator.Generate(11, MazeDifficulty.Hard);
        var c = MazeGenerator.Generate(12, MazeDifficulty.Hard);
        Assert.That(b.Segments, Is.EqualTo(a.Segments));
        Assert.That(c.Segments, Is.Not.EqualTo(a.Segments));
    }

    [Test]
    public void DifficultySetsTurningRadiusAndLength()
    {
        foreach (var difficulty in new[] { MazeDifficulty.Easy, MazeDifficulty.Hard })
        {
            for (var seed = 0; seed < 20; seed++)
            {
                var maze = MazeGenerator.Generate(seed, difficulty);
                Assert.That(maze.TotalTurningDeg, Is.EqualTo(difficulty.TotalTurningDeg).Within(1e-6), maze.Name);
                Assert.That(maze.MinBendRadius, Is.GreaterThanOrEqualTo(difficulty.MinBendRadius), maze.Name);
                Assert.That(maze.Wire.Length, Is.InRange(difficulty.Length - 1e-4, 1.6 * difficulty.Length), maze.Name);
            }
        }
        Assert.That(MazeGenerator.Generate(0, MazeDifficulty.Hard).Wire.Length, Is.GreaterThan(MazeGenerator.Generate(0, MazeDifficulty.Easy).Wire.Length));
    }

    [Test]
    public void HeldOutFamilyHasItsOwnSeedsAndShapesTrainingNeverGenerates()
    {
        for (var i = 0; i < 30; i++)
        {
            foreach (var difficulty in new[] { MazeDifficulty.Easy, MazeDifficulty.Hard })
            {
                var train = MazeGenerator.Generate(i * 997, difficulty);
                Assert.That(train.Family, Is.EqualTo(MazeFamily.Training));
                Assert.That(train.Segments.OfType<LoopSegment>(), Is.Empty, train.Name);
                Assert.That(train.Segments.OfType<BendSegment>().Select(b => Math.Abs(b.AngleDeg)), Has.All.LessThanOrEqualTo(MazeGenerator.MaxTrainingBendDeg), train.Name);

                var heldOut = MazeGenerator.Generate(MazeGenerator.HeldOutSeedBase + i, difficulty);
                Assert.That(heldOut.Family, Is.EqualTo(MazeFamily.HeldOut));
                Assert.That(heldOut.Segments.OfType<LoopSegment>(), Is.Not.Empty, heldOut.Name);
                Assert.That(heldOut.Segments.OfType<BendSegment>().Select(b => Math.Abs(b.AngleDeg)), Has.Some.GreaterThan(MazeGenerator.MaxTrainingBendDeg), heldOut.Name);
            }
        }
        Assert.That(MazeGenerator.TrainingSeeds.To, Is.LessThan(MazeGenerator.HeldOutSeeds.From));
        Assert.That(() => MazeGenerator.Generate(-1, MazeDifficulty.Easy), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void CatalogResolvesSeedsToTheirFamily()
    {
        Assert.That(MazeCatalog.Resolve("7", MazeDifficulty.Hard).Name, Is.EqualTo("train-hard-7"));
        Assert.That(MazeCatalog.Resolve("easy:7", MazeDifficulty.Hard).Name, Is.EqualTo("train-easy-7"));
        Assert.That(MazeCatalog.Resolve("hard:1000003", MazeDifficulty.Easy).Family, Is.EqualTo(MazeFamily.HeldOut));
    }
}
