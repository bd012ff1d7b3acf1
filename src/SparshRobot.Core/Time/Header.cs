namespace SparshRobot.Core.Time;

/// <summary>A <c>std_msgs/Header</c>: when and in which coordinate frame a measurement holds.</summary>
public sealed record Header(Timestamp Stamp, string FrameId)
{
    public string FrameId { get; } = FrameId ?? throw new ArgumentNullException(nameof(FrameId));
}
