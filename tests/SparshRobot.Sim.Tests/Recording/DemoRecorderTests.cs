using SparshRobot.Core.Sensing;
using SparshRobot.Sim.Mazes;
using SparshRobot.Sim.Recording;
using SparshRobot.Sim.Tests.Support;

namespace SparshRobot.Sim.Tests.Recording;

public class DemoRecorderTests
{
    [Category("sim")]
    [Test]
    public void EveryTeleopTopicIsRecordedAtItsRateInStampOrder()
    {
        var sink = new MemorySink();
        var results = DemoRecorder.Record(1, 4, MazeDifficulty.Easy, sink, new EncodingRenderer());
        Assert.That(sink.Episodes, Has.Count.EqualTo(1));
        Assert.That(sink.Outcomes, Is.EqualTo(new[] { results[0].Metrics.Success }));
        var duration = results[0].Metrics.Time;
        var byTopic = sink.Messages.GroupBy(m => m.Topic.Name).ToDictionary(g => g.Key, g => g.Count());
        // Commands stream at the teleop's command rate (the observation rate, 30 Hz).
        var expected = new Dictionary<string, double>
        {
            [DemoTopics.ThumbImage.Name] = 60,
            [DemoTopics.IndexImage.Name] = 60,
            [DemoTopics.GroundTruth.Name] = 60,
            [DemoTopics.EePose.Name] = 30,
            [DemoTopics.GripperState.Name] = 30,
            [DemoTopics.EeTarget.Name] = 30,
            [DemoTopics.GripTarget.Name] = 30,
        };
        Assert.That(byTopic.Keys, Is.EquivalentTo(expected.Keys), "a pose-commanding operator records no twist");
        foreach (var (topic, rate) in expected)
        {
            Assert.That(byTopic[topic] / duration, Is.EqualTo(rate).Within(0.03 * rate), topic);
        }
        Assert.That(sink.Messages.Select(m => m.Stamp.TotalNanoseconds), Is.Ordered);
        var image = (TactileImageMessage)sink.Messages.First(m => m.Topic == DemoTopics.ThumbImage).Message;
        Assert.That((image.Frame.Height, image.Frame.Width, image.Frame.Encoding, image.Frame.SensorId), Is.EqualTo((320, 240, PixelEncoding.Rgb8, "digit_thumb")));
        Assert.That(DemoTopics.All.Select(t => t.Name), Is.Unique);
        Assert.That(sink.Backgrounds.Select(b => (b.SensorId, b.Height, b.Width, b.Stamp.TotalNanoseconds)),
            Is.EqualTo(new[] { ("digit_thumb", 320, 240, 0L), ("digit_index", 320, 240, 0L) }), "each sensor's background, before the first frame");
        // The test renderer's grey level is 100 exactly when nothing touches the pad.
        Assert.That(sink.Backgrounds.SelectMany(b => b.Pixels.ToArray()), Is.All.EqualTo(100));
    }

    [Test]
    public void DemonstrationsNeverComeFromHeldOutMazes()
    {
        Assert.That(() => DemoRecorder.Record(3, MazeGenerator.HeldOutSeedBase - 2, MazeDifficulty.Easy, new MemorySink(), new EncodingRenderer()),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("training mazes only"));
    }
}
