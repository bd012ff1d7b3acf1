using SparshRobot.Core.Time;
using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Messages.BuiltinInterfaces;
using SparshRobot.Ros.Messages.GeometryMsgs;
using SparshRobot.Ros.Messages.SensorMsgs;
using SparshRobot.Ros.Messages.SparshRobotMsgs;
using SparshRobot.Ros.Messages.StdMsgs;
using Header = SparshRobot.Ros.Messages.StdMsgs.Header;

namespace SparshRobot.Sim.Recording;

/// <summary>
/// Maps each <see cref="DemoMessage"/> to the ROS 2 message its <see cref="DemoTopic"/> names and serializes it to
/// CDR, one place for both the bag writer and the live ROS 2 publisher so recordings and topics never differ.
/// </summary>
public static class DemoMessageCodec
{
    /// <summary>Frame of poses and twists: the robot base.</summary>
    public const string WorldFrame = "world";

    /// <summary>Serializes into <paramref name="writer"/>; the span is valid until the writer's next use.</summary>
    public static ReadOnlySpan<byte> Encode(DemoTopic topic, Timestamp stamp, DemoMessage message, CdrWriter writer)
    {
        var header = new Header(Time.From(stamp), WorldFrame);
        return message switch
        {
            TactileImageMessage m => RosSerializer.Serialize(Image.From(m.Frame), writer),
            PoseMessage m => RosSerializer.Serialize(new PoseStamped(header, Pose.From(m.Pose)), writer),
            TwistMessage m => RosSerializer.Serialize(new TwistStamped(header, Twist.From(m.Twist)), writer),
            GripForceMessage m => RosSerializer.Serialize(new GripForce(header, m.Force, m.Target), writer),
            GripTargetMessage m => RosSerializer.Serialize(new Float64(m.Target), writer),
            GroundTruthMessage m => RosSerializer.Serialize(ToMessage(header, m.Truth), writer),
            _ => throw new ArgumentException($"no ROS message mapping for {message.GetType().Name} on {topic.Name}", nameof(message)),
        };
    }

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
