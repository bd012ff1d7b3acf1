using SparshRobot.Core.Sensing;
using SparshRobot.Core.Time;
using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Messages.BuiltinInterfaces;
using SparshRobot.Ros.Messages.GeometryMsgs;
using SparshRobot.Ros.Messages.SensorMsgs;
using SparshRobot.Ros.Messages.SparshRobotMsgs;
using SparshRobot.Ros.Messages.StdMsgs;
using SparshRobot.Sim.Recording;
using SparshRobot.Tactile.Compression;
using Header = SparshRobot.Ros.Messages.StdMsgs.Header;
using Point = SparshRobot.Ros.Messages.GeometryMsgs.Point;

namespace SparshRobot.Sim.Ros.Recording;

/// <summary>
/// Maps each <see cref="DemoMessage"/> to the ROS 2 message its <see cref="DemoTopic"/> names and serializes it to
/// CDR, one place for both the bag writer and the live ROS 2 publisher so recordings and topics never differ.
/// A tactile frame becomes a <c>sensor_msgs/Image</c> or, on a compressed topic, a JPEG
/// <c>sensor_msgs/CompressedImage</c> exactly as image_transport's compressed plugin makes one (<see cref="JpegFrameEncoder"/>).
/// </summary>
public sealed class DemoMessageCodec
{
    /// <summary>Frame of poses and twists: the robot base.</summary>
    public const string WorldFrame = "world";

    /// <inheritdoc cref="JpegFrameEncoder.DefaultQuality"/>
    public const int DefaultJpegQuality = JpegFrameEncoder.DefaultQuality;

    private readonly CdrWriter _writer = new(256 * 1024);
    private readonly JpegFrameEncoder _jpeg;

    public DemoMessageCodec(int jpegQuality = DefaultJpegQuality) => _jpeg = new JpegFrameEncoder(jpegQuality);

    public int JpegQuality => _jpeg.Quality;

    /// <summary>Serializes to CDR; the span is valid until the next call.</summary>
    public ReadOnlySpan<byte> Encode(DemoTopic topic, Timestamp stamp, DemoMessage message)
    {
        var header = new Header(Time.From(stamp), WorldFrame);
        return message switch
        {
            TactileImageMessage m when topic.RosType == CompressedImage.TypeName => RosSerializer.Serialize(Compress(m.Frame), _writer),
            TactileImageMessage m => RosSerializer.Serialize(Image.From(m.Frame), _writer),
            PoseMessage m => RosSerializer.Serialize(new PoseStamped(header, Pose.From(m.Pose)), _writer),
            TwistMessage m => RosSerializer.Serialize(new TwistStamped(header, Twist.From(m.Twist)), _writer),
            GripForceMessage m => RosSerializer.Serialize(new GripForce(header, m.Force, m.Target, m.FingerOffset), _writer),
            GripTargetMessage m => RosSerializer.Serialize(new Float64(m.Target), _writer),
            GroundTruthMessage m => RosSerializer.Serialize(ToMessage(header, m.Truth), _writer),
            _ => throw new ArgumentException($"no ROS message mapping for {message.GetType().Name} on {topic.Name}", nameof(message)),
        };
    }

    private CompressedImage Compress(TactileFrame frame)
    {
        var (format, jpeg) = _jpeg.Encode(frame);
        return new CompressedImage(new Header(Time.From(frame.Stamp), frame.SensorId), format, jpeg);
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
