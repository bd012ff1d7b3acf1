using SparshRobot.Core.Sensing;
using SparshRobot.Policy.Datasets.Frames;
using SparshRobot.Ros.Bags;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Tactile.Preprocessing;
using SparshRobot.Tactile.Profiles;

namespace SparshRobot.Policy.Datasets.Building;

/// <summary>One episode's arrays and per sensor its recorded frames, ready for <see cref="PolicyDatasetWriter.WriteEpisode(DatasetEpisode, long[], float[][], float[][], IReadOnlyDictionary{string, RecordedFrames})"/>.</summary>
public sealed record EpisodeArrays(long[] Stamps, float[][] State, float[][] Action, IReadOnlyDictionary<string, RecordedFrames> Frames);

/// <summary>
/// Second pass over a scanned bag: state and action on the policy ticks, and per sensor the recorded messages of the
/// frames some tick needs (its newest frame and that frame's stride partner, plus the first frame when it is the
/// background) with the pair each tick takes. Each kept frame is decoded and pushed through the same
/// <see cref="SparshSensorPipeline"/> the live policy node uses, so a frame that does not decode or does not fit the
/// background rejects the bag now, and the pairs are the pipeline's own.
/// </summary>
public static class EpisodeBuilder
{
    public static readonly IReadOnlyList<string> StateFeatures = ["x", "y", "z"];

    public static readonly IReadOnlyList<string> ActionFeatures = ["dx", "dy", "dz"];

    /// <param name="progress">Called with the fraction of the episode's frames done.</param>
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

        var frames = new Dictionary<string, RecordedFrames>();
        using var bag = RosBag.Open(scan.Bag);
        for (var s = 0; s < scan.Sensors.Count; s++)
        {
            var done = s;
            frames[scan.Sensors[s].Config.Name] = Record(bag, scan, scan.Sensors[s], config,
                f => progress?.Invoke((done + f) / scan.Sensors.Count));
        }
        return new EpisodeArrays(scan.Ticks[..steps], state, action, frames);
    }

    private static RecordedFrames Record(RosBag bag, EpisodeScan scan, ScannedSensor sensor, DatasetBuildConfig config, Action<double> progress)
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
        var stream = new RecordedStream(sensor.Config.Name, sensor.Stream.Topic, sensor.Stream.Type);
        var backgroundFile = sensor.BackgroundFile is null ? null : File.ReadAllBytes(sensor.BackgroundFile);
        var kept = new List<RecordedFrame>();
        var slots = new Dictionary<long, int>();
        var pairs = new (int Newest, int Older)[steps];
        SparshSensorPipeline? pipeline = null;
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
            var recorded = new RecordedFrame(i, sensor.Sequences[i], stamps[i], message.Data.ToArray());
            var frame = stream.Decode(recorded);
            try
            {
                pipeline ??= new SparshSensorPipeline(profile, Background(sensor, profile, backgroundFile, frame), config.ImageSize, config.FrameStride);
                pipeline.Push(frame);
            }
            catch (BackgroundMismatchException e)
            {
                throw new EpisodeRejectedException($"sensor {sensor.Config.Name}: {e.Message}");
            }
            slots[recorded.Sequence] = kept.Count;
            kept.Add(recorded);
            for (; k < steps && current[k] == i; k++)
            {
                var (newest, older) = pipeline.Stack.PairSequences();
                pairs[k] = (slots[newest], slots[older]);
                progress((k + 1.0) / steps);
            }
        }
        if (k != steps)
        {
            throw new EpisodeRejectedException($"{sensor.Stream.Topic}: the bag changed between passes ({i + 1} messages read, {stamps.Length} scanned)");
        }
        return new RecordedFrames(stream, profile.Name, backgroundFile, kept, pairs);
    }

    /// <summary>The background image file, or the episode's first frame (the reference <c>main</c> branch's procedure).</summary>
    private static BackgroundImage Background(ScannedSensor sensor, SensorProfile profile, byte[]? file, TactileFrame first) =>
        file is null ? RecordedFrames.BackgroundOf(first, profile) : RecordedFrames.BackgroundFrom(file, profile, $"background {sensor.BackgroundFile}");
}
