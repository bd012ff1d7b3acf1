using OpenCvSharp;
using SparshRobot.Core.Sensing;
using SparshRobot.Policy.Datasets.Building;
using SparshRobot.Ros.Bags;
using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Messages.BuiltinInterfaces;
using SparshRobot.Ros.Messages.GeometryMsgs;
using SparshRobot.Ros.Messages.SensorMsgs;
using SparshRobot.Tactile.Capture;
using Header = SparshRobot.Ros.Messages.StdMsgs.Header;
using Point = SparshRobot.Ros.Messages.GeometryMsgs.Point;

namespace SparshRobot.Policy.Tests.Datasets;

/// <summary>
/// A real rosbag2 MCAP bag with known timing, written with the repo's recorder: end-effector poses at 30 Hz
/// (x = 0.01 k, y = 0.001 k^2, z = 0.3 for pose k), the thumb DIGIT as raw sensor_msgs/Image and the index DIGIT as
/// JPEG sensor_msgs/CompressedImage, both at 60 Hz, 240 wide x 320 high, every pixel encoding its frame number f
/// (R = 4 (f mod 32), G = 4 (f div 32), B = 0), plus black background PNGs. Over a black background, a frame's
/// background-subtracted byte is 4 x + 127, so <see cref="FrameOf"/> reads f back from inputs.npy.
/// <see cref="ReceiveShiftNs"/> moves the recorder's receive times (and so the bag's start) without touching headers.
/// </summary>
internal sealed record SyntheticBag(
    double Seconds = 2,
    bool WithIndex = true,
    int PoseGapFrom = -1,
    int PoseGapLength = 0,
    int BackwardsThumbFrame = -1,
    long ReceiveShiftNs = 0)
{
    public const string Thumb = "/tactile/thumb/image_raw";
    public const string Index = "/tactile/index/image_raw/compressed";
    public const string Pose = "/robot/ee_pose";
    public const long Start = 1_000_000_000_000;
    public const long ThumbOffset = 20_000_000;
    public const long IndexOffset = 25_000_000;

    public static long PoseStamp(int k) => Start + (long)Math.Round(k * 1e9 / 30);

    public static long FrameStamp(int f, long offset) => Start + offset + (long)Math.Round(f * 1e9 / 60);

    public static double[] PoseAt(double k) => [0.01 * k, 0.001 * k * k, 0.3];

    public static string ConfigYaml(string background = "") => $"""
        rate_hz: 10
        frame_stride: 5
        state_topic: {Pose}
        max_gap_s: 0.2
        min_steps: 5
        val_ratio: 0.34
        split_seed: 3
        sensors:
          - name: thumb
            topic: {Thumb}
            native_hz: 60
            background: {(background == "" ? "background/digit_thumb.png" : background)}
          - name: index
            topic: {Index}
            native_hz: 60
            background: {(background == "" ? "background/digit_index.png" : background)}
        """;

    public static DatasetBuildConfig Config(string background = "") => DatasetBuildConfig.Parse(ConfigYaml(background), "test.yaml");

    /// <summary>Decodes the frame number from the first pixel of one 3-channel image of a (6, H, W) stack.</summary>
    public static int FrameOf(ReadOnlySpan<byte> stack, int plane, int image)
    {
        var r = stack[(3 * image) * plane];
        var g = stack[(3 * image + 1) * plane];
        return (int)Math.Round((r - 127) / 4.0) + 32 * (int)Math.Round((g - 127) / 4.0);
    }

    public string Write(string directory)
    {
        var messages = new List<(string Topic, long Log, byte[] Cdr)>();
        for (var k = 0; k < Seconds * 30; k++)
        {
            if (k >= PoseGapFrom && k < PoseGapFrom + PoseGapLength)
            {
                continue;
            }
            var p = PoseAt(k);
            var stamp = PoseStamp(k);
            messages.Add((Pose, stamp, RosSerializer.Serialize(new PoseStamped(Header(stamp, "world"), new Pose(new Point(p[0], p[1], p[2]), new Quaternion(0, 0, 0, 1))))));
        }
        for (var f = 0; f < Seconds * 60; f++)
        {
            var pixels = Pixels(f);
            var thumb = FrameStamp(f, ThumbOffset);
            // A clock jump in the sensor's header clock; the recorder's receive time stays in order.
            var header = f == BackwardsThumbFrame ? thumb - 100_000_000 : thumb;
            messages.Add((Thumb, thumb, RosSerializer.Serialize(new Image(Header(header, "digit_thumb"), 320, 240, "rgb8", 0, 720, pixels))));
            if (WithIndex)
            {
                var index = FrameStamp(f, IndexOffset);
                using var rgb = Mat.FromPixelData(320, 240, MatType.CV_8UC3, pixels);
                using var bgr = new Mat();
                Cv2.CvtColor(rgb, bgr, ColorConversionCodes.RGB2BGR);
                Cv2.ImEncode(".jpg", bgr, out var jpeg, new ImageEncodingParam(ImwriteFlags.JpegQuality, 95));
                messages.Add((Index, index, RosSerializer.Serialize(new CompressedImage(Header(index, "digit_index"), "rgb8; jpeg compressed bgr8", jpeg))));
            }
        }
        using (var recorder = BagRecorder.Create(directory, new BagRecorderOptions { Sync = false }))
        {
            recorder.AddTopic(BagConnection.ForRecording(Pose, PoseStamped.TypeName));
            recorder.AddTopic(BagConnection.ForRecording(Thumb, Image.TypeName));
            if (WithIndex)
            {
                recorder.AddTopic(BagConnection.ForRecording(Index, CompressedImage.TypeName));
            }
            foreach (var (topic, log, cdr) in messages.OrderBy(m => m.Log))
            {
                recorder.Write(topic, log + ReceiveShiftNs, log + ReceiveShiftNs, cdr);
            }
        }
        var black = new RawImage(240, 320, PixelEncoding.Rgb8, new byte[240 * 320 * 3]);
        black.Write(Path.Combine(directory, "background", "digit_thumb.png"));
        black.Write(Path.Combine(directory, "background", "digit_index.png"));
        return directory;
    }

    private static byte[] Pixels(int f)
    {
        var pixels = new byte[240 * 320 * 3];
        for (var i = 0; i < pixels.Length; i += 3)
        {
            pixels[i] = (byte)(4 * (f % 32));
            pixels[i + 1] = (byte)(4 * (f / 32));
        }
        return pixels;
    }

    private static Header Header(long stamp, string frame) => new(new Time((int)(stamp / 1_000_000_000), (uint)(stamp % 1_000_000_000)), frame);
}
