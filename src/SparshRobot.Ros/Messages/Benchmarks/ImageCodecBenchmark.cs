using System.Diagnostics;
using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages.BuiltinInterfaces;
using SparshRobot.Ros.Messages.Dynamic;
using SparshRobot.Ros.Messages.SensorMsgs;
using SparshRobot.Ros.Messages.StdMsgs;

namespace SparshRobot.Ros.Messages.Benchmarks;

/// <summary>One measured operation: the best of several timed batches, per message.</summary>
public sealed record CodecTiming(string Name, double MicrosecondsPerMessage, double MegabytesPerSecond, double RatioToMemcpy);

/// <summary>
/// Times the <c>sensor_msgs/Image</c> codec on a tactile-sized frame (320x240 rgb8 by default) against two
/// baselines measured in the same run: a plain copy of the pixel bytes (the floor any encoder pays) and the
/// same message written one pixel byte at a time (what per-element serialization would cost).
/// </summary>
public static class ImageCodecBenchmark
{
    public static IReadOnlyList<CodecTiming> Run(int width = 320, int height = 240, int messagesPerBatch = 200, int batches = 7)
    {
        var pixels = new byte[width * height * 3];
        new Random(1).NextBytes(pixels);
        var image = new Image(new Header(new Time(1, 2), "digit_left"), (uint)height, (uint)width, "rgb8", 0, (uint)(width * 3), pixels);
        var writer = new CdrWriter(pixels.Length + 128);
        var encoded = RosSerializer.Serialize(image);
        var copyTarget = new byte[encoded.Length];
        var decoder = DynamicMessageDecoder.ForType(Image.TypeName);

        var memcpy = Time("baseline: copy the pixel bytes", () => pixels.AsSpan().CopyTo(copyTarget));
        var timings = new List<(string Name, double Seconds)>
        {
            memcpy,
            Time("baseline: per-byte serialize", () =>
            {
                writer.Reset();
                WriteImageFields(writer, image);
                foreach (var b in pixels)
                {
                    writer.WriteByte(b);
                }
            }),
            Time("serialize (reused writer)", () => RosSerializer.Serialize(image, writer)),
            Time("serialize (new array)", () => RosSerializer.Serialize(image)),
            Time("deserialize (copy)", () => RosSerializer.Deserialize<Image>(encoded)),
            Time("deserialize (shared, zero copy)", () => RosSerializer.DeserializeShared<Image>(encoded)),
            Time("dynamic decode to tree", () => decoder.Decode(encoded)),
        };
        return timings
            .Select(t => new CodecTiming(t.Name, t.Seconds * 1e6, encoded.Length / t.Seconds / 1e6, t.Seconds / memcpy.Seconds))
            .ToArray();

        (string Name, double Seconds) Time(string name, Action action)
        {
            action(); // warm up (JIT, buffer growth)
            var best = double.MaxValue;
            for (var batch = 0; batch < batches; batch++)
            {
                var watch = Stopwatch.StartNew();
                for (var i = 0; i < messagesPerBatch; i++)
                {
                    action();
                }
                best = Math.Min(best, watch.Elapsed.TotalSeconds / messagesPerBatch);
            }
            return (name, best);
        }
    }

    private static void WriteImageFields(CdrWriter writer, Image image)
    {
        image.Header.Serialize(writer);
        writer.WriteUInt32(image.Height);
        writer.WriteUInt32(image.Width);
        writer.WriteString(image.Encoding);
        writer.WriteByte(image.IsBigendian);
        writer.WriteUInt32(image.Step);
        writer.WriteSequenceLength(image.Data.Length);
    }
}
