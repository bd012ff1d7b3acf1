using System.Diagnostics;
using SparshRobot.Core.Time;
using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Messages.RosgraphMsgs;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Transport;
using SparshRobot.Sim.Recording;
using RosTime = SparshRobot.Ros.Messages.BuiltinInterfaces.Time;

namespace SparshRobot.Sim.Nodes;

/// <summary>
/// Publishes what a rollout produces on the same topics a teleop session records (images with the sensor-data
/// profile), plus simulated time on <c>/clock</c>, and paces the rollout to a real-time factor.
/// </summary>
public sealed class RosDemoPublisher : IDemoSink
{
    private readonly RosNode _node;
    private readonly double _realTimeFactor;
    private readonly CdrWriter _writer = new(256 * 1024);
    private readonly Dictionary<DemoTopic, IRawWriter> _writers = [];
    private readonly Publisher<ClockMsg> _clock;
    private readonly Stopwatch _wall = new();
    private Timestamp? _start;

    /// <param name="realTimeFactor">Simulated seconds per wall second; 0 runs as fast as the machine allows.</param>
    public RosDemoPublisher(RosNode node, double realTimeFactor)
    {
        if (realTimeFactor < 0 || !double.IsFinite(realTimeFactor))
        {
            throw new ArgumentOutOfRangeException(nameof(realTimeFactor), realTimeFactor, "must be 0 (as fast as possible) or positive");
        }
        _node = node;
        _realTimeFactor = realTimeFactor;
        _clock = node.CreatePublisher<ClockMsg>("/clock", QosProfile.Default);
    }

    public long Published { get; private set; }

    /// <summary>Command topics are this node's inputs: publishing the applied commands back would feed them in again.</summary>
    public static IReadOnlySet<DemoTopic> CommandTopics { get; } = new HashSet<DemoTopic> { DemoTopics.EeTarget, DemoTopics.EeTwist, DemoTopics.GripTarget };

    public void BeginEpisode(string name, IReadOnlyList<DemoTopic> topics)
    {
        foreach (var topic in topics.Where(t => !CommandTopics.Contains(t) && !_writers.ContainsKey(t)))
        {
            var qos = topic.RosType == "sensor_msgs/msg/Image" ? QosProfile.SensorData : QosProfile.Default;
            _writers[topic] = _node.CreateRawPublisher(topic.Name, topic.RosType, qos);
        }
        _node.Logger.Info($"episode {name}: publishing {string.Join(", ", _writers.Keys.Select(t => t.Name))}");
    }

    public void Write(DemoTopic topic, Timestamp stamp, DemoMessage message)
    {
        if (!_writers.TryGetValue(topic, out var writer))
        {
            return;
        }
        writer.Write(DemoMessageCodec.Encode(topic, stamp, message, _writer));
        Published++;
        if (topic == DemoTopics.GroundTruth)
        {
            _clock.Publish(new ClockMsg(RosTime.From(stamp)));
            Pace(stamp);
        }
    }

    public void EndEpisode(bool success) => _node.Logger.Info($"episode ended: {(success ? "success" : "not finished")}");

    private void Pace(Timestamp stamp)
    {
        _start ??= stamp;
        if (_realTimeFactor == 0)
        {
            return;
        }
        if (!_wall.IsRunning)
        {
            _wall.Start();
        }
        var due = TimeSpan.FromSeconds(stamp.Since(_start.Value).TotalSeconds / _realTimeFactor);
        if (due > _wall.Elapsed)
        {
            Thread.Sleep(due - _wall.Elapsed);
        }
    }
}
