using System.Diagnostics;
using SparshRobot.Core.Geometry;
using SparshRobot.Core.Sensing;
using SparshRobot.Core.Time;
using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Messages.GeometryMsgs;
using SparshRobot.Ros.Messages.RosgraphMsgs;
using SparshRobot.Ros.Messages.SensorMsgs;
using SparshRobot.Ros.Messages.Tf2Msgs;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Tf;
using SparshRobot.Ros.Transport;
using SparshRobot.Sim.Recording;
using SparshRobot.Sim.Ros.Recording;
using Header = SparshRobot.Ros.Messages.StdMsgs.Header;
using RosTime = SparshRobot.Ros.Messages.BuiltinInterfaces.Time;

namespace SparshRobot.Sim.Ros.Nodes;

/// <summary>
/// Publishes what a rollout produces on the same topics a teleop session records, each DIGIT also on its raw
/// <c>image_raw</c> topic as an image_transport publisher would (images with the sensor-data profile), plus
/// simulated time on <c>/clock</c>, and paces the rollout to a real-time factor.
/// </summary>
public sealed class RosDemoPublisher : IDemoSink
{
    private readonly RosNode _node;
    private readonly double _realTimeFactor;
    private readonly DemoMessageCodec _codec;
    private readonly Dictionary<DemoTopic, IRawWriter> _writers = [];
    private readonly Publisher<ClockMsg> _clock;
    private readonly Stopwatch _wall = new();
    private readonly TimeSpan? _awaitController;
    private readonly int _awaitReaders;
    private readonly CancellationToken _cancellation;
    private readonly Action<Timestamp, Pose3>? _observing;
    private readonly Publisher<TFMessage>? _tf;
    private readonly string _tfChild;
    private Timestamp? _start;

    /// <param name="realTimeFactor">Simulated seconds per wall second; 0 runs as fast as the machine allows.</param>
    /// <param name="codec">Maps messages to ROS 2 (its JPEG quality applies to the compressed image topics).</param>
    /// <param name="awaitController">Lock-step: before the first message, wait until something subscribes to the
    /// end-effector pose, warning each time this long passes. A controller started after the simulator would otherwise
    /// miss the first observation, and lock-step would wait for its answer for ever.</param>
    /// <param name="cancellation">Ends that wait (the node shutting down).</param>
    /// <param name="awaitReaders">With <paramref name="awaitController"/>: how many readers the pose and each raw image topic
    /// must have before the first message (2 when a policy node and a controller both read them).</param>
    /// <param name="observing">Called with an end-effector pose and its stamp just before it is published (the observation a controller answers).</param>
    /// <param name="tfChildFrame">Also publish each end-effector pose on <c>/tf</c> as world to this frame, as a robot's
    /// state publisher does; empty: not.</param>
    public RosDemoPublisher(RosNode node, double realTimeFactor, DemoMessageCodec codec, TimeSpan? awaitController = null, CancellationToken cancellation = default,
        int awaitReaders = 1, Action<Timestamp, Pose3>? observing = null, string tfChildFrame = "")
    {
        _observing = observing;
        _tfChild = tfChildFrame;
        _tf = tfChildFrame.Length == 0 ? null : node.CreatePublisher<TFMessage>("/tf", TfListener.DynamicQos);
        ArgumentOutOfRangeException.ThrowIfLessThan(awaitReaders, 1);
        _awaitController = awaitController;
        _awaitReaders = awaitReaders;
        _cancellation = cancellation;
        if (realTimeFactor < 0 || !double.IsFinite(realTimeFactor))
        {
            throw new ArgumentOutOfRangeException(nameof(realTimeFactor), realTimeFactor, "must be 0 (as fast as possible) or positive");
        }
        _node = node;
        _realTimeFactor = realTimeFactor;
        _codec = codec;
        _clock = node.CreatePublisher<ClockMsg>("/clock", QosProfile.Default);
    }

    public long Published { get; private set; }

    /// <summary>Command topics are this node's inputs: publishing the applied commands back would feed them in again.</summary>
    public static IReadOnlySet<DemoTopic> CommandTopics { get; } = new HashSet<DemoTopic> { DemoTopics.EeTarget, DemoTopics.EeTwist, DemoTopics.GripTarget };

    public void BeginEpisode(string name, IReadOnlyList<DemoTopic> topics)
    {
        var published = topics.Where(t => !CommandTopics.Contains(t))
            .SelectMany(t => DemoTopics.RawImages.TryGetValue(t, out var raw) ? [t, raw] : new[] { t });
        foreach (var topic in published.Where(t => !_writers.ContainsKey(t)))
        {
            var qos = topic.RosType == Image.TypeName || topic.RosType == CompressedImage.TypeName ? QosProfile.SensorData : QosProfile.Default;
            _writers[topic] = _node.CreateRawPublisher(topic.Name, topic.RosType, qos);
        }
        _node.Logger.Info($"episode {name}: publishing {string.Join(", ", _writers.Keys.Select(t => t.Name))}");
        if (_awaitController is { } warnEvery && _writers.ContainsKey(DemoTopics.EePose))
        {
            var awaited = _writers.Where(w => w.Key == DemoTopics.EePose || (_awaitReaders > 1 && DemoTopics.RawImages.Values.Contains(w.Key))).ToList();
            var waited = Stopwatch.StartNew();
            var warnAt = warnEvery;
            while (awaited.Any(w => w.Value.MatchedSubscriptions < _awaitReaders) && !_cancellation.IsCancellationRequested)
            {
                if (waited.Elapsed >= warnAt)
                {
                    var missing = awaited.First(w => w.Value.MatchedSubscriptions < _awaitReaders);
                    _node.Logger.Warn($"lock-step: {missing.Value.MatchedSubscriptions} of {_awaitReaders} readers on {missing.Key.Name} after {waited.Elapsed.TotalSeconds:F0} s; waiting before the first observation");
                    warnAt += warnEvery;
                }
                _cancellation.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(20));
            }
        }
    }

    /// <summary>No topic carries backgrounds: on the robot the recorder captures them itself before grasping.</summary>
    public void WriteBackground(TactileFrame background)
    {
    }

    public void Write(DemoTopic topic, Timestamp stamp, DemoMessage message)
    {
        if (!_writers.TryGetValue(topic, out var writer))
        {
            return;
        }
        if (topic == DemoTopics.EePose && message is PoseMessage observed)
        {
            _observing?.Invoke(stamp, observed.Pose);
        }
        writer.Write(_codec.Encode(topic, stamp, message));
        Published++;
        if (DemoTopics.RawImages.TryGetValue(topic, out var raw))
        {
            _writers[raw].Write(_codec.Encode(raw, stamp, message));
            Published++;
        }
        if (_tf is not null && message is PoseMessage { Pose: var pose } && topic == DemoTopics.EePose)
        {
            _tf.Publish(new TFMessage([new TransformStamped(new Header(RosTime.From(stamp), DemoMessageCodec.WorldFrame), _tfChild,
                new Transform(Vector3.From(pose.Position), Quaternion.From(pose.Orientation)))]));
        }
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
