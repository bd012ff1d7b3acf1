using SparshRobot.Core.Sensing;
using SparshRobot.Policy.Datasets.Frames;
using SparshRobot.Ros.Messages.SensorMsgs;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Transport;
using SparshRobot.Tactile.Capture;
using SparshRobot.Tactile.Preprocessing;

namespace SparshRobot.Policy.Ros.Nodes;

/// <summary>
/// One fingertip's image topic as tactile frames, for every node that consumes DIGIT images (the policy, the
/// control layer): raw sensor_msgs/Image, or JPEG/PNG CompressedImage when the name ends in <c>/compressed</c>.
/// Frames are named <paramref name="sensorId"/> whatever the header's frame id, since the topic says which fingertip
/// it is. A compressed frame that does not decode is dropped and counted, never thrown into the executor.
/// </summary>
public sealed class TactileImageSubscription
{
    private readonly RosLogger _logger;
    private long _undecodable;

    /// <param name="nativeFps">The sensor's native rate: ROS images carry no sequence number, so it is recovered from the
    /// stamp, counted from the first frame as the dataset builder counts a recording.</param>
    public TactileImageSubscription(RosNode node, string topic, string sensorId, double nativeFps, Action<TactileFrame> onFrame)
    {
        _logger = node.Logger;
        Topic = topic;
        SensorId = sensorId;
        var clock = node.Clock.Kind;
        var numbering = new StreamFrameNumbering(nativeFps);
        if (topic.EndsWith("/compressed", StringComparison.Ordinal))
        {
            node.CreateSubscription<CompressedImage>(topic, m =>
            {
                if (TryDecode(m, clock, numbering) is { } frame)
                {
                    onFrame(frame);
                }
            }, QosProfile.SensorData);
        }
        else
        {
            node.CreateSubscription<Image>(topic, m =>
            {
                onFrame(m.ToTactileFrame(clock, numbering.Number(m.Header.Stamp.ToTimestamp(clock).TotalNanoseconds), sensorId));
            }, QosProfile.SensorData);
        }
    }

    public string Topic { get; }

    public string SensorId { get; }

    /// <summary>Compressed frames that did not decode and were dropped.</summary>
    public long Undecodable => Interlocked.Read(ref _undecodable);

    /// <summary>Decodes a JPEG/PNG frame; failures are logged at the 1st, 10th, 100th, ... occurrence.</summary>
    private TactileFrame? TryDecode(CompressedImage message, Core.Time.ClockKind clock, StreamFrameNumbering numbering)
    {
        RawImage pixels;
        try
        {
            pixels = message.DecodePixels(Topic);
        }
        catch (InvalidDataException)
        {
            var count = Interlocked.Increment(ref _undecodable);
            if (IsPowerOfTen(count))
            {
                _logger.Warn($"sensor '{SensorId}': dropped a CompressedImage ({message.Format}, {message.Data.Length} bytes) that does not decode; {count} so far");
            }
            return null;
        }
        // Numbered only once decoded, so the numbering starts at the first frame that decodes.
        var stamp = message.Header.Stamp.ToTimestamp(clock);
        return pixels.ToFrame(SensorId, stamp, numbering.Number(stamp.TotalNanoseconds));
    }

    private static bool IsPowerOfTen(long n)
    {
        while (n % 10 == 0)
        {
            n /= 10;
        }
        return n == 1;
    }
}
