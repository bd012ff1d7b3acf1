using SparshRobot.Control.Estimation;
using SparshRobot.Core.Time;
using SparshRobot.Ros.Messages.SparshRobotMsgs;
using Header = SparshRobot.Ros.Messages.StdMsgs.Header;
using RosTime = SparshRobot.Ros.Messages.BuiltinInterfaces.Time;

namespace SparshRobot.Control.Ros;

/// <summary>A fingertip's <see cref="FingerEstimate"/> as <c>sparsh_robot_msgs/msg/FingerContact</c>, both ways.</summary>
public static class FingerContactConversion
{
    /// <param name="finger"><see cref="FingerContact.FingerThumb"/> or <see cref="FingerContact.FingerIndex"/>.</param>
    /// <param name="frameId">The pad's frame (its sensor id).</param>
    public static FingerContact ToMessage(this FingerEstimate e, byte finger, string frameId) => new(
        new Header(RosTime.From(e.Stamp), frameId), finger, e.Contact, e.AreaMm2, e.OffsetXMm, e.OffsetYMm, e.AngleRad, e.NormalForce,
        e.ShearXN, e.ShearYN, e.SlipProbability, e.SlipSeverity, e.Confidence, (byte)e.Health);

    /// <summary>The estimate a consumer of the topic reads back; stamps are read on <paramref name="clock"/>.</summary>
    public static FingerEstimate ToEstimate(this FingerContact m, ClockKind clock) => new(
        m.Header.Stamp.ToTimestamp(clock), m.Contact, m.AreaMm2, m.OffsetXMm, m.OffsetYMm, m.AngleRad, m.NormalForce, m.ShearX, m.ShearY,
        m.SlipProbability, m.SlipSeverity, m.Confidence,
        Enum.IsDefined((FrameHealth)m.Health) ? (FrameHealth)m.Health : throw new ArgumentException($"FingerContact.health {m.Health} is not a known health", nameof(m)));
}
