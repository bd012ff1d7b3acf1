using SparshRobot.Core.Time;
using SparshRobot.Ros.Bags.Rosbag2;
using SparshRobot.Ros.Cdr;

namespace SparshRobot.Sim.Recording;

/// <summary>
/// Writes each demonstration episode as its own rosbag2 bag (MCAP, metadata.yaml, embedded ros2msg schemas)
/// under <c>root/&lt;episode&gt;</c>, exactly as <c>ros2 bag record</c> of a teleop session on the robot would, plus an
/// <c>episode.yaml</c> saying whether the bead reached the end stop.
/// </summary>
public sealed class Rosbag2DemoSink(string root, BagRecorderOptions? options = null) : IDemoSink, IDisposable
{
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
            _recorder.AddTopic(BagConnection.ForRecording(topic.Name, topic.RosType));
        }
    }

    public void Write(DemoTopic topic, Timestamp stamp, DemoMessage message)
    {
        var recorder = _recorder ?? throw new InvalidOperationException($"no episode is open for {topic.Name}");
        var cdr = DemoMessageCodec.Encode(topic, stamp, message, _writer);
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
}
