using SparshRobot.Core.Sensing;
using SparshRobot.Core.Time;

namespace SparshRobot.Sim.Recording;

/// <summary>
/// Receives a recorded demonstration message by message (the bag writer implements this at merge; the ROS 2
/// publishers can implement it too). Messages arrive in non-decreasing stamp order.
/// </summary>
public interface IDemoSink
{
    /// <summary>A new episode starts (one maze rollout); <paramref name="name"/> is unique within a recording.</summary>
    void BeginEpisode(string name, IReadOnlyList<DemoTopic> topics);

    /// <summary>
    /// A sensor's no-contact image, captured once at the start of an episode as a teleop session does before
    /// grasping (datasets subtract it from every frame).
    /// </summary>
    void WriteBackground(TactileFrame background);

    void Write(DemoTopic topic, Timestamp stamp, DemoMessage message);

    /// <summary>The episode ended; <paramref name="success"/> says whether the bead reached the end stop.</summary>
    void EndEpisode(bool success);
}
