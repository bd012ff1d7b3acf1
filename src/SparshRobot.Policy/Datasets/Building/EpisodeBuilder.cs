using OpenCvSharp;
using SparshRobot.Core.Numerics;
using SparshRobot.Core.Sensing;
using SparshRobot.Core.Time;
using SparshRobot.Ros.Bags.Rosbag2;
using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Messages.SensorMsgs;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Tactile.Capture;
using SparshRobot.Tactile.Preprocessing;
using SparshRobot.Tactile.Profiles;

namespace SparshRobot.Policy.Datasets.Building;

/// <summary>One episode's arrays, ready for <see cref="PolicyDatasetWriter.WriteEpisode"/>.</summary>
public sealed record EpisodeArrays(long[] Stamps, float[][] State, float[][] Action, IReadOnlyDictionary<string, NpyArray> Inputs);

/// <summary>
/// Second pass over a scanned bag: state and action on the policy ticks, and per sensor the 6-channel stacks built by
/// the same <see cref="SparshSensorPipeline"/> the live policy node uses. Only the frames some tick needs (its
/// newest frame and that frame's stride partner, plus the first frame when it is the background) are decoded.
/// </summary>
public static class EpisodeBuilder
{
    public static readonly IReadOnlyList<string> StateFeatures = ["x", "y", "z"];

    public static readonly IReadOnlyList<string> ActionFeatures = ["dx", "dy", "dz"];

    /// <param name="progress">Called with the fraction of the episode's stacks done.</param>
    public static EpisodeArrays Build(EpisodeScan scan, DatasetBuildConfig config, Action<double>? progress = null)
    {
        var steps = scan.Steps;
        var positions = scan.Ticks.Select(t => Resampling.Interpolate(scan.State.Stamps, scan.Positions, t)).ToArray();
        var state = new float[steps][];
        var action = new float[steps][];
        for (var k = 0; k < steps; k++)
        {
            state[k] = [.. positions[k].Select(v => (float)v)];
            action[k] = [.. positions[k + 1].Zip(positions[k], (next, now) => (float)(next - now))];
        }

        var inputs = new Dictionary<string, NpyArray>();
        using var bag = RosBag.Open(scan.Bag);
        for (var s = 0; s < scan.Sensors.Count; s++)
        {
            var done = s;
            inputs[scan.Sensors[s].Config.Name] = BuildInputs(bag, scan, scan.Sensors[s], config,
                f => progress?.Invoke((done + f) / scan.Sensors.Count));
        }
        return new EpisodeArrays(scan.Ticks[..steps], state, action, inputs);
    }

    private static NpyArray BuildInputs(RosBag bag, EpisodeScan scan, ScannedSensor sensor, DatasetBuildConfig config, Action<double> progress)
    {
        var steps = scan.Steps;
        var stamps = sensor.Stream.Stamps;
        var current = scan.Ticks[..steps].Select(t => Resampling.NearestPrevious(stamps, t)).ToArray();
        var needed = new bool[stamps.Length];
        foreach (var c in current)
        {
            needed[c] = true;
            needed[Resampling.StridePartner(sensor.Sequences, c, config.FrameStride)] = true;
        }
        needed[0] |= sensor.BackgroundFile is null;

        var profile = SensorProfile.FromName(sensor.Config.Profile);
        var size = config.ImageSize;
        var background = sensor.BackgroundFile is null ? null : LoadBackground(sensor.BackgroundFile, profile);
        SparshSensorPipeline? pipeline = null;
        var input = new float[2 * size.FrameLength];
        var output = new byte[(long)steps * input.Length];
        var k = 0;
        var i = -1;
        foreach (var message in bag.ReadMessages([sensor.Stream.Topic]))
        {
            i++;
            if (k == steps)
            {
                break;
            }
            if (!needed[i])
            {
                continue;
            }
            var frame = Decode(message, sensor, i);
            try
            {
                pipeline ??= new SparshSensorPipeline(profile, background ?? BackgroundOf(frame, profile), size, config.FrameStride);
                pipeline.Push(frame);
            }
            catch (BackgroundMismatchException e)
            {
                throw new EpisodeRejectedException($"sensor {sensor.Config.Name}: {e.Message}");
            }
            for (; k < steps && current[k] == i; k++)
            {
                pipeline.WriteInput(input);
                Quantize(input, output.AsSpan(k * input.Length, input.Length));
                progress((k + 1.0) / steps);
            }
        }
        if (k != steps)
        {
            throw new EpisodeRejectedException($"{sensor.Stream.Topic}: the bag changed between passes ({i + 1} messages read, {stamps.Length} scanned)");
        }
        return new NpyArray(NpyDType.UInt8, [steps, 6, size.Height, size.Width], output);
    }

    /// <summary>Values in [0, 1] to bytes, rounded: the preprocessed input is value * 255 of a byte difference, so this is lossless up to the resize.</summary>
    private static void Quantize(ReadOnlySpan<float> values, Span<byte> bytes)
    {
        for (var j = 0; j < values.Length; j++)
        {
            bytes[j] = (byte)Math.Clamp(MathF.Round(values[j] * 255f), 0f, 255f);
        }
    }

    private static TactileFrame Decode(BagMessage message, ScannedSensor sensor, int index)
    {
        var sequence = sensor.Sequences[index];
        var stamp = Timestamp.FromNanoseconds(sensor.Stream.Stamps[index], ClockKind.Wall);
        try
        {
            if (sensor.Stream.Type == Image.TypeName)
            {
                var image = RosSerializer.DeserializeShared<Image>(message.Data);
                return image.ToTactileFrame(ClockKind.Wall, sequence);
            }
            var compressed = RosSerializer.DeserializeShared<CompressedImage>(message.Data);
            using var mat = Cv2.ImDecode(compressed.Data.Span, ImreadModes.Color);
            var raw = RawImage.FromBgrMat(mat, $"{sensor.Stream.Topic} message {index} ({compressed.Format})");
            return raw.ToFrame(string.IsNullOrEmpty(compressed.Header.FrameId) ? sensor.Config.Name : compressed.Header.FrameId, stamp, sequence);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or OpenCVException or Ros.Cdr.CdrFormatException)
        {
            throw new EpisodeRejectedException($"{sensor.Stream.Topic}: message {index} does not decode: {e.Message}");
        }
    }

    private static BackgroundImage LoadBackground(string path, SensorProfile profile)
    {
        try
        {
            var raw = RawImage.Read(path);
            return new BackgroundImage(profile.Name, raw.Width, raw.Height, raw.ToRgb());
        }
        catch (InvalidDataException e)
        {
            throw new EpisodeRejectedException($"background {path}: {e.Message}");
        }
    }

    /// <summary>The episode's first frame as its background (the reference <c>main</c> branch's procedure).</summary>
    private static BackgroundImage BackgroundOf(TactileFrame frame, SensorProfile profile) =>
        new(profile.Name, frame.Width, frame.Height, new RawImage(frame.Width, frame.Height, frame.Encoding, frame.Pixels.ToArray()).ToRgb());
}
