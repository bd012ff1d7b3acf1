using SparshRobot.Core.Time;
using SparshRobot.Ros.Bags.Rosbag2;
using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Messages.BuiltinInterfaces;
using SparshRobot.Ros.Messages.Definitions;
using SparshRobot.Ros.Messages.GeometryMsgs;
using SparshRobot.Ros.Messages.SensorMsgs;
using SparshRobot.Ros.Messages.SparshRobotMsgs;
using SparshRobot.Ros.Messages.StdMsgs;
using Header = SparshRobot.Ros.Messages.StdMsgs.Header;

namespace SparshRobot.Sim.Recording;

/// <summary>
/// Writes each demonstration episode as its own rosbag2 bag (MCAP, metadata.yaml, embedded ros2msg schemas)
/// under <c>root/&lt;episode&gt;</c>, exactly as <c>ros2 bag record</c> of a teleop session on the robot would, plus an
/// <c>episode.yaml</c> saying whether the bead reached the end stop.
/// </summary>
public sealed class Rosbag2DemoSink(string root, BagRecorderOptions? options = null) : IDemoSink, IDisposable
{
    /// <summary>Frame of poses and twists: the robot base.</summary>
    public const string WorldFrame = "world";

    private readonly CdrWriter _writer = new(256 * 1024);
    private BagRecorder? _recorder;
    private string? _episode;

    public void BeginEpisode(string name, IReadOnlyList<DemoTopic> topics)
    {
        if (_recorder is not null)
        {
            throw new InvalidOperationException($"episode '{_episode}' is still open; end it before starting '{name}'");
        }
        _recorder = BagRecorder.Create(Path.Combine(root, name), options);
        _episode = name;
        foreach (var topic in topics)
        {
            var schema = MessageDefinitionSet.FromRegistry(topic.RosType).ToSchemaText();
            _recorder.AddTopic(new BagConnection(BagTopic.Cdr(topic.Name, topic.RosType), "ros2msg", schema));
        }
    }

    public void Write(DemoTopic topic, Timestamp stamp, DemoMessage message)
    {
        var recorder = _recorder ?? throw new InvalidOperationException($"no episode is open for {topic.Name}");
        var header = new Header(Time.From(stamp), WorldFrame);
        var cdr = message switch
        {
            TactileImageMessage m => RosSerializer.Serialize(Image.From(m.Frame), _writer),
            PoseMessage m => RosSerializer.Serialize(new PoseStamped(header, Pose.From(m.Pose)), _writer),
            TwistMessage m => RosSerializer.Serialize(new TwistStamped(header, Twist.From(m.Twist)), _writer),
            GripForceMessage m => RosSerializer.Serialize(new GripForce(header, m.Force, m.Target), _writer),
            GripTargetMessage m => RosSerializer.Serialize(new Float64(m.Target), _writer),
            GroundTruthMessage m => RosSerializer.Serialize(ToMessage(header, m.Truth), _writer),
            _ => throw new ArgumentException($"no ROS message mapping for {message.GetType().Name} on {topic.Name}", nameof(message)),
        };
        recorder.Write(topic.Name, stamp.TotalNanoseconds, stamp.TotalNanoseconds, cdr);
    }

    public void EndEpisode(bool success)
    {
        var recorder = _recorder ?? throw new InvalidOperationException("no episode is open");
        var directory = recorder.BagDirectory;
        recorder.Dispose();
        File.WriteAllText(Path.Combine(directory, "episode.yaml"), $"episode: {_episode}\nsuccess: {(success ? "true" : "false")}\n");
        _recorder = null;
        _episode = null;
    }

    /// <summary>Closes an episode left open by a failure, keeping what was written readable.</summary>
    public void Dispose() => _recorder?.Dispose();

    private static BeadGroundTruth ToMessage(Header header, Simulation.GroundTruth truth) => new(
        header,
        truth.Bead.S,
        truth.Bead.SDot,
        Point.From(truth.Bead.Position),
        Vector3.From(truth.Bead.Tangent),
        truth.Bead.Grasped,
        truth.Bead.Slipping,
        truth.Bead.Stuck,
        truth.Bead.Jammed,
        Vector3.From(truth.Bead.GraspForce),
        truth.Bead.CrossForce,
        truth.Bead.FrictionLimit,
        truth.Bead.PadShear,
        truth.Bead.SlipDistance,
        Pose.From(truth.TrueEePose),
        truth.GripForce,
        Vector3.From(truth.CalibrationOffset),
        truth.CommandLatency);
}
