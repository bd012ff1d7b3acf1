using System.Runtime.InteropServices;
using OpenCvSharp;
using SparshRobot.Core.Sensing;
using SparshRobot.Core.Time;
using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Messages.BuiltinInterfaces;
using SparshRobot.Ros.Messages.GeometryMsgs;
using SparshRobot.Ros.Messages.SensorMsgs;
using SparshRobot.Ros.Messages.SparshRobotMsgs;
using SparshRobot.Ros.Messages.StdMsgs;
using Header = SparshRobot.Ros.Messages.StdMsgs.Header;
using Point = SparshRobot.Ros.Messages.GeometryMsgs.Point;

namespace SparshRobot.Sim.Recording;

/// <summary>
/// Maps each <see cref="DemoMessage"/> to the ROS 2 message its <see cref="DemoTopic"/> names and serializes it to
/// CDR, one place for both the bag writer and the live ROS 2 publisher so recordings and topics never differ.
/// A tactile frame becomes a <c>sensor_msgs/Image</c> or, on a compressed topic, a JPEG
/// <c>sensor_msgs/CompressedImage</c> exactly as image_transport's compressed plugin makes one.
/// </summary>
public sealed class DemoMessageCodec
{
    /// <summary>Frame of poses and twists: the robot base.</summary>
    public const string WorldFrame = "world";

    /// <summary>image_transport's default <c>jpeg_quality</c> is 95; 90 halves the size with no visible loss on DIGIT frames.</summary>
    public const int DefaultJpegQuality = 90;

    private readonly CdrWriter _writer = new(256 * 1024);
    private readonly ImageEncodingParam[] _jpeg;

    public DemoMessageCodec(int jpegQuality = DefaultJpegQuality)
    {
        if (jpegQuality is < 1 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(jpegQuality), $"JPEG quality {jpegQuality} must be in [1, 100]");
        }
        JpegQuality = jpegQuality;
        _jpeg = [new ImageEncodingParam(ImwriteFlags.JpegQuality, jpegQuality)];
    }

    public int JpegQuality { get; }

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
            GripForceMessage m => RosSerializer.Serialize(new GripForce(header, m.Force, m.Target), _writer),
            GripTargetMessage m => RosSerializer.Serialize(new Float64(m.Target), _writer),
            GroundTruthMessage m => RosSerializer.Serialize(ToMessage(header, m.Truth), _writer),
            _ => throw new ArgumentException($"no ROS message mapping for {message.GetType().Name} on {topic.Name}", nameof(message)),
        };
    }

    /// <summary>
    /// As image_transport's compressed plugin: colour is converted to BGR before <c>cv::imencode</c> (so the JPEG holds
    /// the right colours) and <c>format</c> reads "&lt;encoding&gt;; jpeg compressed bgr8".
    /// </summary>
    private CompressedImage Compress(TactileFrame frame)
    {
        if (frame.Encoding is not (PixelEncoding.Rgb8 or PixelEncoding.Bgr8))
        {
            throw new NotSupportedException($"sensor '{frame.SensorId}': JPEG compression takes rgb8 or bgr8 frames, not {frame.Encoding.RosName()}");
        }
        // Frames from the renderer own a whole array; wrap it rather than copying 230 kB per frame.
        var pixels = MemoryMarshal.TryGetArray(frame.Pixels, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : frame.Pixels.ToArray();
        using var image = Mat.FromPixelData(frame.Height, frame.Width, MatType.CV_8UC3, pixels);
        using var bgr = frame.Encoding == PixelEncoding.Rgb8 ? image.CvtColor(ColorConversionCodes.RGB2BGR) : null;
        Cv2.ImEncode(".jpg", bgr ?? image, out var jpeg, _jpeg);
        return new CompressedImage(new Header(Time.From(frame.Stamp), frame.SensorId), $"{frame.Encoding.RosName()}; jpeg compressed bgr8", jpeg);
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
