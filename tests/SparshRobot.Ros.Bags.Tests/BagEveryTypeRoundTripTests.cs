using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Messages.Dynamic;
using SparshRobot.Ros.Tests.Messages;
using SparshRobot.Testing;

namespace SparshRobot.Ros.Bags.Tests;

/// <summary>Every built-in message type written into a rosbag2 MCAP bag and read back, bytes and decoded values.</summary>
public class BagEveryTypeRoundTripTests
{
    [Category("slow")]
    [Test]
    public void EveryBuiltInTypeRoundTripsThroughABag()
    {
        var dir = TestPaths.NewTempDirectory("every-type-bag");
        var bagPath = Path.Combine(dir.FullName, "bag");
        var written = new Dictionary<string, byte[]>();
        using (var recorder = BagRecorder.Create(bagPath))
        {
            var t = 1_000L;
            foreach (var type in MessageRegistry.Default.Types)
            {
                var topic = "/" + type.TypeName.Replace('/', '_');
                recorder.AddTopic(BagConnection.ForRecording(topic, type.TypeName));
                var bytes = type.Serialize(SampleMessages.All[type.TypeName]);
                written[topic] = bytes;
                recorder.Write(topic, t, t, bytes);
                t += 1_000;
            }
        }

        using var bag = RosBag.Open(bagPath);
        var decoder = new BagMessageDecoder();
        var read = bag.ReadMessages().ToList();
        Assert.That(read.Select(m => m.Connection.Name), Is.EquivalentTo(written.Keys));
        foreach (var message in read)
        {
            var topic = message.Connection.Name;
            Assert.That(message.Data.ToArray(), Is.EqualTo(written[topic]), topic);
            // The embedded schema and the built-in definition decode the bytes identically.
            var fromSchema = MessageYaml.ToYaml(decoder.Decode(message));
            var fromRegistry = MessageYaml.ToYaml(DynamicMessageDecoder.ForType(message.Connection.Type).Decode(message.Data.Span));
            Assert.That(fromSchema, Is.EqualTo(fromRegistry), topic);
        }
        dir.Delete(recursive: true);
    }
}
