using SparshRobot.Ros.Bags.Rosbag2;
using SparshRobot.Sim.Mazes;
using SparshRobot.Sim.Recording;
using SparshRobot.Sim.Rollouts;
using SparshRobot.Sim.Teleop;
using SparshRobot.Sim.Tests.Support;
using SparshRobot.Testing;

namespace SparshRobot.Sim.Tests.Recording;

public class Rosbag2DemoSinkTests
{
    [Test]
    public void AnEpisodeBecomesARosbag2BagThatReadsBackWithEveryTopicAtItsRate()
    {
        var root = TestPaths.NewTempDirectory("demo-bags");
        var maze = MazeGenerator.Generate(4, MazeDifficulty.Easy);
        using (var sink = new Rosbag2DemoSink(root.FullName))
        {
            TeleopSession.Run(maze, 4, new RolloutOptions(TimeLimit: 2, Renderer: new EncodingRenderer(), Sink: sink, TraceInterval: 0));
        }

        var episode = Directory.GetDirectories(root.FullName).Single();
        using var bag = RosBag.Open(episode);
        var decoder = new BagMessageDecoder();
        var counts = bag.ReadMessages().GroupBy(m => m.Connection.Name).ToDictionary(g => g.Key, g => g.Count());
        var seconds = bag.DurationNs / 1e9;
        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(Path.Combine(episode, "episode.yaml")), Does.Contain("success: false"), "two seconds do not finish a maze");
            Assert.That(bag.Connections.Select(c => c.Name), Is.EquivalentTo(DemoTopics.All.Select(t => t.Name)));
            Assert.That(bag.Connections.Select(c => c.SchemaEncoding), Is.All.EqualTo("ros2msg"));
            Assert.That(counts[DemoTopics.ThumbImage.Name] / seconds, Is.EqualTo(60).Within(4));
            Assert.That(counts[DemoTopics.EePose.Name] / seconds, Is.EqualTo(30).Within(3));
            Assert.That(counts.ContainsKey(DemoTopics.EeTwist.Name), Is.False, "a pose-commanding operator sends no twist");
        });

        var image = decoder.Decode(bag.ReadMessages([DemoTopics.IndexImage.Name]).First());
        var truths = bag.ReadMessages([DemoTopics.GroundTruth.Name]).Select(decoder.Decode).ToList();
        Assert.Multiple(() =>
        {
            Assert.That((image["height"], image["width"], image["encoding"]), Is.EqualTo(((uint)320, (uint)240, "rgb8")));
            Assert.That(((System.Collections.IDictionary)image["header"]!)["frame_id"], Is.EqualTo("digit_index"));
            Assert.That(truths.Select(t => (bool)t["grasped"]!), Has.Some.True);
            Assert.That(truths.Select(t => (double)t["s"]!).Last(), Is.GreaterThan(truths.Select(t => (double)t["s"]!).First()), "the bead moves along the wire");
        });
        root.Delete(recursive: true);
    }

    [Test]
    public void WritingOutsideAnEpisodeIsAnError()
    {
        var root = TestPaths.NewTempDirectory("demo-bags");
        using var sink = new Rosbag2DemoSink(root.FullName);
        var e = Assert.Throws<InvalidOperationException>(() => sink.Write(DemoTopics.GripTarget, default, new GripTargetMessage(1)));
        Assert.That(e!.Message, Does.Contain("/gripper/force_target"));
        root.Delete(recursive: true);
    }
}
