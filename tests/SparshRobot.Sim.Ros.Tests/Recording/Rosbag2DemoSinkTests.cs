using OpenCvSharp;
using SparshRobot.Core.Sensing;
using SparshRobot.Ros.Bags;
using SparshRobot.Sim.Mazes;
using SparshRobot.Sim.Recording;
using SparshRobot.Sim.Rollouts;
using SparshRobot.Sim.Ros.Recording;
using SparshRobot.Sim.Teleop;
using SparshRobot.Sim.Tests.Support;
using SparshRobot.Testing;

namespace SparshRobot.Sim.Ros.Tests.Recording;

[Category("sim")]
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
        // The teleop streams a pose target and a grip target with every observation.
        var rates = new Dictionary<string, double>
        {
            ["/tactile/thumb/image_raw/compressed"] = 60,
            ["/tactile/index/image_raw/compressed"] = 60,
            ["/sim/ground_truth"] = 60,
            ["/robot/ee_pose"] = 30,
            ["/gripper/force_state"] = 30,
            ["/robot/ee_target"] = 30,
            ["/gripper/force_target"] = 30,
        };
        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(Path.Combine(episode, "episode.yaml")), Does.Contain("success: false"), "two seconds do not finish a maze");
            Assert.That(bag.Connections.Select(c => c.Name), Is.EquivalentTo(DemoTopics.All.Select(t => t.Name)));
            Assert.That(bag.Connections.Where(c => c.Name.EndsWith("/compressed", StringComparison.Ordinal)).Select(c => c.Type),
                Is.EqualTo(new[] { "sensor_msgs/msg/CompressedImage", "sensor_msgs/msg/CompressedImage" }));
            Assert.That(bag.Connections.Select(c => c.SchemaEncoding), Is.All.EqualTo("ros2msg"));
            Assert.That(counts.Keys, Is.EquivalentTo(rates.Keys), "a pose-commanding operator sends no twist");
            foreach (var (topic, rate) in rates)
            {
                Assert.That(counts.GetValueOrDefault(topic) / seconds, Is.EqualTo(rate).Within(0.07 * rate), topic);
            }
        });

        var image = decoder.Decode(bag.ReadMessages([DemoTopics.IndexImage.Name]).First());
        var truths = bag.ReadMessages([DemoTopics.GroundTruth.Name]).Select(decoder.Decode).ToList();
        using var jpeg = Cv2.ImDecode((byte[])image["data"]!, ImreadModes.Color);
        Assert.Multiple(() =>
        {
            Assert.That(image["format"], Is.EqualTo("rgb8; jpeg compressed bgr8"));
            Assert.That((jpeg.Rows, jpeg.Cols), Is.EqualTo((320, 240)));
            Assert.That(((System.Collections.IDictionary)image["header"]!)["frame_id"], Is.EqualTo("digit_index"));
            Assert.That(truths.Select(t => (bool)t["grasped"]!), Has.Some.True);
            Assert.That(truths.Select(t => (double)t["s"]!).Last(), Is.GreaterThan(truths.Select(t => (double)t["s"]!).First()), "the bead moves along the wire");
        });

        var yaml = File.ReadAllText(Path.Combine(episode, "episode.yaml"));
        foreach (var sensor in new[] { "digit_thumb", "digit_index" })
        {
            Assert.That(yaml, Does.Contain($"  {sensor}: background/{sensor}.png"));
            using var background = Cv2.ImRead(Path.Combine(episode, "background", $"{sensor}.png"), ImreadModes.Color);
            // The test renderer draws grey level 100 on every channel when nothing touches the pad.
            Assert.That((background.Rows, background.Cols, background.Channels(), Cv2.Mean(background).Val0, Cv2.Mean(background).Val2),
                Is.EqualTo((320, 240, 3, 100.0, 100.0)), sensor);
        }
        root.Delete(recursive: true);
    }

    [Test]
    public void BackgroundsAreWrittenAsPngsWithTheirColoursInOrder()
    {
        var root = TestPaths.NewTempDirectory("demo-bags");
        var rgb = new byte[320 * 240 * 3];
        for (var i = 0; i < rgb.Length; i += 3)
        {
            (rgb[i], rgb[i + 1], rgb[i + 2]) = (200, 120, 40);
        }
        using (var sink = new Rosbag2DemoSink(root.FullName))
        {
            sink.BeginEpisode("colours", DemoTopics.All);
            sink.WriteBackground(new TactileFrame("digit_thumb", default, 0, 240, 320, PixelEncoding.Rgb8, rgb));
            sink.EndEpisode(true);
        }
        using var png = Cv2.ImRead(Path.Combine(root.FullName, "colours", "background", "digit_thumb.png"), ImreadModes.Color);
        // OpenCV reads BGR: blue first.
        Assert.That(png.At<Vec3b>(160, 120), Is.EqualTo(new Vec3b(40, 120, 200)));
        Assert.That(File.ReadAllText(Path.Combine(root.FullName, "colours", "episode.yaml")),
            Is.EqualTo("episode: colours\nsuccess: true\nbackgrounds:\n  digit_thumb: background/digit_thumb.png\n"));
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
