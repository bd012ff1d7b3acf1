using System.Text;
using SparshRobot.Core.Sensing;
using SparshRobot.Core.Time;
using SparshRobot.Ros.Bags;
using SparshRobot.Sim.Recording;
using SparshRobot.Tactile.Capture;

namespace SparshRobot.Sim.Ros.Recording;

/// <summary>
/// Writes each demonstration episode as its own rosbag2 bag (MCAP, metadata.yaml, embedded ros2msg schemas)
/// under <c>root/&lt;episode&gt;</c>, exactly as <c>ros2 bag record</c> of a teleop session on the robot would, plus
/// each sensor's no-contact background as <c>background/&lt;sensor&gt;.png</c> and an <c>episode.yaml</c> saying
/// whether the bead reached the end stop and where the backgrounds are.
/// </summary>
public sealed class Rosbag2DemoSink(string root, DemoMessageCodec? codec = null, BagRecorderOptions? options = null) : IDemoSink, IDisposable
{
    private readonly DemoMessageCodec _codec = codec ?? new DemoMessageCodec();
    private readonly List<string> _backgrounds = [];
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

    public void WriteBackground(TactileFrame background)
    {
        var recorder = _recorder ?? throw new InvalidOperationException($"no episode is open for the background of {background.SensorId}");
        new RawImage(background.Width, background.Height, background.Encoding, background.Pixels.ToArray())
            .Write(Path.Combine(recorder.BagDirectory, BackgroundPath(background.SensorId)));
        _backgrounds.Add(background.SensorId);
    }

    public void Write(DemoTopic topic, Timestamp stamp, DemoMessage message)
    {
        var recorder = _recorder ?? throw new InvalidOperationException($"no episode is open for {topic.Name}");
        recorder.Write(topic.Name, stamp.TotalNanoseconds, stamp.TotalNanoseconds, _codec.Encode(topic, stamp, message));
    }

    public void EndEpisode(bool success)
    {
        var recorder = _recorder ?? throw new InvalidOperationException("no episode is open");
        var directory = recorder.BagDirectory;
        recorder.Dispose();
        var yaml = new StringBuilder($"episode: {_episode}\nsuccess: {(success ? "true" : "false")}\n");
        if (_backgrounds.Count > 0)
        {
            yaml.Append("backgrounds:\n");
            foreach (var sensor in _backgrounds)
            {
                yaml.Append($"  {sensor}: {BackgroundPath(sensor)}\n");
            }
        }
        File.WriteAllText(Path.Combine(directory, "episode.yaml"), yaml.ToString());
        _recorder = null;
        _episode = null;
        _backgrounds.Clear();
    }

    /// <summary>Where a sensor's background lies, relative to the bag folder.</summary>
    public static string BackgroundPath(string sensorId) => $"background/{sensorId}.png";

    /// <summary>Closes an episode left open by a failure, keeping what was written readable.</summary>
    public void Dispose() => _recorder?.Dispose();
}
