using SparshRobot.Core.Numerics;
using SparshRobot.Encoder;
using SparshRobot.Encoder.Model;
using SparshRobot.Policy.Datasets;
using SparshRobot.Policy.Embeddings;
using SparshRobot.Policy.Training;
using SparshRobot.Testing;
using static TorchSharp.torch;

namespace SparshRobot.Policy.Tests.Fixtures;

/// <summary>
/// A tiny bead-maze-like dataset (two 32x32 sensors, random pixels, 3 train and 1 validation episode of 12 steps)
/// whose end effector circles in the x-z plane, so each action is a function of the state, and a random 1-block
/// encoder (4 tokens of 32 dims) with its token caches.
/// </summary>
public sealed class TinyPolicyData : IDisposable
{
    public const int Steps = 12;

    private TinyPolicyData(DirectoryInfo folder, PolicyDataset dataset, TactileEncoder encoder, EmbeddingStore store)
    {
        Folder = folder;
        Dataset = dataset;
        Encoder = encoder;
        Store = store;
    }

    public DirectoryInfo Folder { get; }

    public PolicyDataset Dataset { get; }

    public TactileEncoder Encoder { get; }

    public EmbeddingStore Store { get; }

    public static TinyPolicyData Create(int encoderSeed = 1, int frameStride = 5)
    {
        var folder = TestPaths.NewTempDirectory("policy");
        var manifest = new DatasetManifest
        {
            RateHz = 10,
            FrameStride = frameStride,
            ImageHeight = 32,
            ImageWidth = 32,
            Sensors = [new DatasetSensor { Name = "thumb", Topic = "/digit_thumb/compressed" }, new DatasetSensor { Name = "index", Topic = "/digit_index/compressed" }],
            StateFeatures = ["x", "y", "z"],
            ActionFeatures = ["dx", "dy", "dz"],
        };
        var writer = new PolicyDatasetWriter(Path.Combine(folder.FullName, "data"), manifest);
        var random = new Random(3);
        foreach (var (name, split, phase) in new[] { ("e0", "train", 0.0), ("e1", "train", 1.0), ("e2", "train", 2.0), ("e3", "val", 0.5) })
        {
            var positions = Enumerable.Range(0, Steps + 1)
                .Select(t => new[] { 0.05f * MathF.Cos((float)phase + 0.3f * t), 0.1f, 0.05f * MathF.Sin((float)phase + 0.3f * t) })
                .ToArray();
            var state = positions[..Steps];
            var action = Enumerable.Range(0, Steps).Select(t => positions[t + 1].Zip(positions[t], (a, b) => a - b).ToArray()).ToArray();
            var inputs = manifest.Sensors.ToDictionary(s => s.Name, _ =>
            {
                var pixels = new byte[Steps * 6 * 32 * 32];
                random.NextBytes(pixels);
                return new NpyArray(NpyDType.UInt8, [Steps, 6, 32, 32], pixels);
            });
            writer.WriteEpisode(new DatasetEpisode { Name = name, Split = split, Steps = Steps, Bag = name + ".mcap" },
                [.. Enumerable.Range(0, Steps).Select(t => t * 100_000_000L)], state, action, inputs);
        }
        var dataset = writer.Finish();
        var encoder = NewEncoder(encoderSeed);
        var store = new EmbeddingStore(dataset, encoder.Identity);
        store.Compute(encoder, batch: 5);
        return new TinyPolicyData(folder, dataset, encoder, store);
    }

    public static TactileEncoder NewEncoder(int seed)
    {
        manual_seed(seed);
        return TactileEncoder.Wrap(new SparshVit(new VitConfig { EmbedDim = 32, Depth = 1, NumHeads = 2, Height = 32, Width = 32 }), CPU);
    }

    /// <summary>A small policy configuration for <paramref name="head"/>; the output goes into the fixture's folder.</summary>
    public PolicyConfig Config(string head, int epochs = 2, int checkpointEvery = 1, double lr = 3e-3, string run = "run")
    {
        var config = PolicyConfig.Parse(Yaml(head, epochs, checkpointEvery, lr), "test config");
        config.Output = Path.Combine(Folder.FullName, run);
        config.Encoder = "(in memory)";
        return config;
    }

    public static string Yaml(string head, int epochs = 2, int checkpointEvery = 1, double lr = 3e-3) => $"""
        dataset: data
        encoder: encoder.safetensors
        output: run
        policy:
          head: {head}
          n_obs_steps: 2
          horizon: 4
          n_action_steps: 2
          pooler_heads: 2
          share_pooler: false
          mlp: {"{"}hidden: 64, layers: 2{"}"}
          diffusion: {"{"}down_dims: [16, 32], kernel_size: 3, groups: 4, step_embed_dim: 16, inference_steps: 8{"}"}
        training:
          seed: 4
          epochs: {epochs}
          batch_size: 36
          lr: {lr.ToString(System.Globalization.CultureInfo.InvariantCulture)}
          warmup_steps: 0
          val_every: 1
          checkpoint_every: {checkpointEvery}
          threads: 1
        """;

    public void Dispose()
    {
        Encoder.Dispose();
        Folder.Delete(recursive: true);
    }
}
