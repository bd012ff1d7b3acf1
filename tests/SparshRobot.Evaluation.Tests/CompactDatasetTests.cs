using SparshRobot.Core.Numerics;
using SparshRobot.Encoder;
using SparshRobot.Encoder.Model;
using SparshRobot.Encoder.Pretraining;
using SparshRobot.Encoder.Probes;
using SparshRobot.Policy.Datasets;
using SparshRobot.Policy.Datasets.Building;
using SparshRobot.Policy.Datasets.Frames;
using SparshRobot.Policy.Embeddings;
using SparshRobot.Policy.Training;
using SparshRobot.Ros.Bags;
using SparshRobot.Sim.Mazes;
using SparshRobot.Sim.Recording;
using SparshRobot.Sim.Ros.Recording;
using SparshRobot.Sim.Simulation;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Tactile.Capture;
using SparshRobot.Tactile.Preprocessing;
using SparshRobot.Tactile.Profiles;
using SparshRobot.Testing;
using static TorchSharp.torch;

namespace SparshRobot.Evaluation.Tests;

/// <summary>
/// The compact dataset format (recorded frames, packed tokens) against today's (version 1: the uint8 stacks and
/// <c>.npy</c> tokens) on simulator demonstrations as <c>record-demos</c> writes them (JPEG frames with sensor noise,
/// background PNGs): the same inputs byte for byte, the same training batches, the same MAE frames.
/// </summary>
public class CompactDatasetTests
{
    private const int Size = 224;

    [Test]
    public void OldAndCompactDatasetsOfTheSameDemosGiveTheSameInputsBatchesAndPretrainingFrames()
    {
        var root = TestPaths.NewTempDirectory().FullName;
        var demos = Path.Combine(root, "demos");
        var renderer = new DigitFrameRenderer(BackgroundStore.FromImageFile(TestPaths.DigitBackground, SensorProfile.Digit), 0);
        using (var sink = new Rosbag2DemoSink(demos))
        {
            DemoRecorder.Record(2, 0, MazeDifficulty.Easy, sink, renderer, timeLimit: 2.5);
        }
        // The shipped build configuration, at 10 Hz so two short episodes have enough steps.
        var text = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "policies", "datasets", "bead_maze_sim.yaml"))
            .Replace("rate_hz: 5 ", "rate_hz: 10 ", StringComparison.Ordinal).Replace("min_steps: 10", "min_steps: 5", StringComparison.Ordinal);
        var config = DatasetBuildConfig.Parse(text, "bead_maze_sim.yaml");
        var compact = DatasetBuilder.Build(BagDiscovery.Find(demos), config, Path.Combine(root, "compact"), resume: false).Dataset;
        Assert.That(compact.Manifest.Episodes, Has.Count.EqualTo(2), string.Join("; ", compact.Manifest.Skipped.Select(s => s.Reason)));
        var legacy = WriteLegacy(compact, config, Path.Combine(root, "legacy"));

        Assert.That((compact.Manifest.Version, legacy.Manifest.Version), Is.EqualTo((DatasetManifest.CurrentVersion, 1)));
        foreach (var episode in compact.Manifest.Episodes)
        {
            foreach (var sensor in compact.Manifest.Sensors)
            {
                var folder = compact.SensorDirectory(episode, sensor.Name);
                Assert.That(File.Exists(Path.Combine(folder, RecordedFramesFile.FileName)) && !File.Exists(Path.Combine(folder, PolicyDataset.InputsFile)), Is.True);
                Assert.That(compact.ReadInputs(episode, sensor.Name).Data, Is.EqualTo(legacy.ReadInputs(episode, sensor.Name).Data),
                    $"{episode.Name}/{sensor.Name}: uint8 inputs byte for byte");
            }
        }

        // Tokens of both with one encoder; the legacy store keeps today's .npy caches.
        manual_seed(4);
        using var encoder = TactileEncoder.Wrap(new SparshVit(new VitConfig { EmbedDim = 32, Depth = 1, NumHeads = 2, Height = Size, Width = Size }), CPU);
        var compactStore = new EmbeddingStore(compact, encoder.Identity);
        var legacyStore = new EmbeddingStore(legacy, encoder.Identity);
        compactStore.Compute(encoder, batch: 8);
        legacyStore.Compute(encoder, batch: 8);
        foreach (var episode in legacy.Manifest.Episodes)
        {
            foreach (var sensor in legacy.Manifest.Sensors)
            {
                var path = legacyStore.PathOf(episode, sensor.Name);
                Npy.Write(Path.ChangeExtension(path, ".npy"), TokenFile.Read(path));
                File.Delete(path);
            }
        }
        Assert.That(legacyStore.Missing(), Is.Empty, "today's .npy caches count as present");
        using (var compactSamples = new PolicySamples(compact, compactStore.Load(PolicyDataset.TrainSplit), 2, 8))
        using (var legacySamples = new PolicySamples(legacy, legacyStore.Load(PolicyDataset.TrainSplit), 2, 8))
        {
            Assert.That(compactSamples.Count, Is.EqualTo(legacySamples.Count));
            using var scope = NewDisposeScope();
            var rows = arange(compactSamples.Count, dtype: ScalarType.Int64);
            var (a, b) = (compactSamples.Batch(rows), legacySamples.Batch(rows));
            Assert.Multiple(() =>
            {
                for (var s = 0; s < a.Tokens.Count; s++)
                {
                    // Packed fp16 tokens round trip bit for bit, so the batches match well within fp16 precision.
                    Assert.That(a.Tokens[s].allclose(b.Tokens[s], rtol: 1e-3, atol: 1e-4), Is.True, $"tokens of sensor {s}");
                    Assert.That(a.Tokens[s].eq(b.Tokens[s]).all().item<bool>(), Is.True, $"tokens of sensor {s}, bit for bit");
                }
                Assert.That(a.State.eq(b.State).all().item<bool>(), Is.True, "states");
                Assert.That(a.Actions.eq(b.Actions).all().item<bool>(), Is.True, "action chunks");
            });
        }

        // MAE pretraining reads the compact split a batch at a time (episodes, then sensors, in manifest order); today's
        // reads the inputs.npy files.
        var compactFrames = PolicyDatasetFrames.Open(compact, PolicyDataset.TrainSplit);
        Assert.That(compactFrames.Count, Is.EqualTo(StoredFrames.Open(TactileDataset.Open(legacy.Root, PolicyDataset.TrainSplit)).Count));
        var legacyRows = legacy.Split(PolicyDataset.TrainSplit)
            .SelectMany(e => legacy.Manifest.Sensors.Select(s => legacy.ReadInputs(e, s.Name).Data))
            .SelectMany(data => data.Chunk(6 * Size * Size))
            .ToArray();
        long[] picks = [compactFrames.Count - 1, 0, 3, compactFrames.Count / 2, 3];
        using var compactBatch = compactFrames.Gather(picks);
        Assert.That(compactBatch.shape, Is.EqualTo(new long[] { picks.Length, 6, Size, Size }));
        for (var i = 0; i < picks.Length; i++)
        {
            Assert.That(compactBatch[i].data<byte>().ToArray(), Is.EqualTo(legacyRows[picks[i]]), $"MAE frame {picks[i]}");
        }
    }

    /// <summary>
    /// The same episodes in today's format, the stacks made as the builder made them until now: every kept frame of
    /// the bag pushed through one pipeline in bag order, the pair written at each tick and quantized.
    /// </summary>
    private static PolicyDataset WriteLegacy(PolicyDataset compact, DatasetBuildConfig config, string root)
    {
        Directory.CreateDirectory(root);
        foreach (var episode in compact.Manifest.Episodes)
        {
            var folder = Directory.CreateDirectory(PolicyDataset.EpisodeDirectory(root, episode)).FullName;
            foreach (var file in new[] { "stamps.npy", "state.npy", "action.npy" })
            {
                File.Copy(Path.Combine(compact.EpisodeDirectory(episode), file), Path.Combine(folder, file));
            }
            var scan = BagScanner.Scan(episode.Bag, config);
            foreach (var sensor in scan.Sensors)
            {
                Directory.CreateDirectory(Path.Combine(folder, sensor.Config.Name));
                Npy.Write(Path.Combine(folder, sensor.Config.Name, PolicyDataset.InputsFile), Stacks(scan, sensor, config));
            }
        }
        File.Copy(Path.Combine(compact.Root, PolicyDataset.StatisticsFile), Path.Combine(root, PolicyDataset.StatisticsFile));
        var manifest = File.ReadAllText(Path.Combine(compact.Root, PolicyDataset.ManifestFile))
            .Replace($"version: {DatasetManifest.CurrentVersion}", "version: 1", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(root, PolicyDataset.ManifestFile), manifest);
        return PolicyDataset.Open(root);
    }

    private static NpyArray Stacks(EpisodeScan scan, ScannedSensor sensor, DatasetBuildConfig config)
    {
        var ticks = scan.Ticks[..scan.Steps];
        var current = ticks.Select(t => Resampling.NearestPrevious(sensor.Stream.Stamps, t)).ToArray();
        var needed = current.SelectMany(c => new[] { c, Resampling.StridePartner(sensor.Sequences, c, config.FrameStride) }).ToHashSet();
        var profile = SensorProfile.FromName(sensor.Config.Profile);
        var raw = RawImage.Read(sensor.BackgroundFile!);
        var pipeline = new SparshSensorPipeline(profile, new BackgroundImage(profile.Name, raw.Width, raw.Height, raw.ToRgb()), config.ImageSize, config.FrameStride);
        var stream = new RecordedStream(sensor.Config.Name, sensor.Stream.Topic, sensor.Stream.Type);
        var input = new float[pipeline.Stack.InputLength];
        var output = new byte[scan.Steps * input.Length];
        using var bag = RosBag.Open(scan.Bag);
        var (i, k) = (-1, 0);
        foreach (var message in bag.ReadMessages([sensor.Stream.Topic]))
        {
            i++;
            if (!needed.Contains(i))
            {
                continue;
            }
            pipeline.Push(stream.Decode(new RecordedFrame(i, sensor.Sequences[i], sensor.Stream.Stamps[i], message.Data.ToArray())));
            for (; k < scan.Steps && current[k] == i; k++)
            {
                pipeline.WriteInput(input);
                SparshPreprocessor.Quantize(input, output.AsSpan(k * input.Length, input.Length));
            }
        }
        return new NpyArray(NpyDType.UInt8, [scan.Steps, 6, Size, Size], output);
    }
}
