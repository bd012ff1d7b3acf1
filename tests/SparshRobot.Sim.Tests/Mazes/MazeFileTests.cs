using SparshRobot.Sim.Mazes;

namespace SparshRobot.Sim.Tests.Mazes;

public class MazeFileTests
{
    [Test]
    public void EveryBundledMazeLoads()
    {
        var names = MazeCatalog.BundledNames();
        Assert.That(names, Is.SupersetOf(new[] { "straight_line", "s_curve", "climb_and_loop" }));
        foreach (var name in names)
        {
            var maze = MazeCatalog.Resolve(name, MazeDifficulty.Easy);
            Assert.That(maze.Wire.Length, Is.GreaterThan(0.1), name);
            Assert.That(maze.Family, Is.EqualTo(MazeFamily.Authored));
        }
    }

    [Test]
    public void SegmentsAreReadWithTheirParameters()
    {
        var maze = MazeFile.Parse("""
            name: demo
            start: [0.1, 0.0, 0.2]
            segments:
              - straight: { length: 0.05 }
              - bend: { radius: 0.04, angle_deg: -60 }
              - loop: { radius: 0.05, pitch: 0.02, clockwise: true }
            """, "demo.yaml");
        Assert.That(maze.Segments, Is.EqualTo(new MazeSegment[] { new StraightSegment(0.05), new BendSegment(0.04, -60), new LoopSegment(0.05, 0.02, true) }));
        Assert.That(maze.Wire.Start.X, Is.EqualTo(0.1).Within(1e-9));
        Assert.That(maze.TotalTurningDeg, Is.EqualTo(420));
    }

    [TestCase("segments:\n  - bend: { radius: 0.04 }\n", "segment 0: 'bend.angle_deg' is missing")]
    [TestCase("segments:\n  - straight: { length: 0.05 }\n    bend: { radius: 0.04, angle_deg: 10 }\n", "segment 0: expected exactly one of")]
    [TestCase("segments:\n  - straight: { length: -1 }\n", "'length' must be a positive number")]
    [TestCase("segments:\n  - climb: { height: 0.001, radius: 0.05 }\n", "smaller than")]
    [TestCase("segments:\n  - wiggle: { length: 1 }\n", "bad.yaml: line 2: `segments.wiggle`: unknown key; expected one of straight, bend, s_curve, loop, climb")]
    [TestCase("heading_deg: north\nsegments:\n  - straight: { length: 0.05 }\n", "bad.yaml: line 1: `heading_deg`: 'north' is not a number")]
    [TestCase("name: x\n", "'segments' is missing")]
    [TestCase("start: [0, 1]\nsegments:\n  - straight: { length: 0.05 }\n", "'start' must be [x, y, z]")]
    public void BadFilesNameTheFileAndTheField(string yaml, string expected)
    {
        Assert.That(() => MazeFile.Parse(yaml, "bad.yaml"),
            Throws.TypeOf<MazeFormatException>().With.Message.Contains("bad.yaml").And.Message.Contains(expected));
    }

    [Test]
    public void UnknownMazeNamesListTheBundledOnes()
    {
        Assert.That(() => MazeCatalog.Resolve("no_such_maze", MazeDifficulty.Easy),
            Throws.ArgumentException.With.Message.Contains("no_such_maze").And.Message.Contains("s_curve"));
        Assert.That(() => MazeCatalog.Resolve("medium:3", MazeDifficulty.Easy), Throws.ArgumentException.With.Message.Contains("medium"));
        Assert.That(() => MazeFile.Load("/nonexistent/maze.yaml"), Throws.TypeOf<MazeFormatException>().With.Message.Contains("/nonexistent/maze.yaml"));
    }
}
