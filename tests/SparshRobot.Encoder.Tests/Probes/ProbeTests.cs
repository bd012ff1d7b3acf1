using SparshRobot.Core.Numerics;
using SparshRobot.Encoder.Checkpoints;
using SparshRobot.Encoder.Model;
using SparshRobot.Encoder.Probes;
using SparshRobot.Testing;
using TorchSharp;
using static TorchSharp.torch;

namespace SparshRobot.Encoder.Tests.Probes;

[Category("torch")]
public class ProbeTests
{
    [Test]
    public void PoolerAndForceHeadMatchTheReference()
    {
        using var scope = NewDisposeScope();
        using var probe = new TaskProbe(ProbeTask.Force, 48, 3);
        using (var file = SafetensorsFile.Open(Fixtures.Path("pooler_tiny.safetensors")))
        {
            StrictLoader.Load(probe, file);
        }
        probe.eval();
        var tokens = Fixtures.Tensor("pooler_tokens.npy");
        using var noGrad = no_grad();
        Assert.That(Fixtures.MaxAbsDiff(probe.Pooler.call(tokens), Fixtures.Tensor("pooler_output.npy")), Is.LessThanOrEqualTo(1e-4));
        Assert.That(Fixtures.MaxAbsDiff(probe.call(tokens), Fixtures.Tensor("force_output.npy")), Is.LessThanOrEqualTo(1e-5));
    }

    [Test]
    public void HeadsHaveTheReferenceKeyLayout()
    {
        using var slip = new TaskProbe(ProbeTask.Slip, 768, 12);
        var keys = slip.state_dict().Keys.ToList();
        Assert.That(keys, Does.Contain("pooler.query_tokens").And.Contain("pooler.cross_attention_block.xattn.kv.weight")
            .And.Contain("fc_norm.weight").And.Contain("probe.2.weight").And.Contain("force_probe.2.bias"));
        Assert.That(slip.state_dict()["probe.0.weight"].shape, Is.EqualTo(new long[] { 192, 768 }));
        using var pose = new TaskProbe(ProbeTask.Pose, 768, 12);
        Assert.That(pose.state_dict()["probe_yaw.2.weight"].shape, Is.EqualTo(new long[] { 11, 192 }));
    }

    [Test]
    public void SlipDebounceNeedsThreeConsecutiveFramesAboveThreshold()
    {
        var debouncer = new SlipDebouncer();
        var outputs = new[] { 0.9, 0.9, 0.41, 0.4, 0.9, 0.9, 0.9, 0.95 }.Select(debouncer.Update).ToArray();
        Assert.That(outputs, Is.EqualTo(new[] { false, false, true, false, false, false, true, true }));
    }

    [Test]
    public void MetricsAreComputedAsTheReferenceDoes()
    {
        var force = ProbeMetrics.ForceError([1f, -1f, 2f, 0f, 0f, 0f], [1.010f, -1f, 1.9f, 0.002f, 0f, 0.1f]);
        Assert.That(force.Details["x"], Is.EqualTo(6).Within(1e-3));
        Assert.That(force.Details["z"], Is.EqualTo(100).Within(1e-3));
        Assert.That(force.Value, Is.EqualTo((6 + 0 + 100) / 3.0).Within(1e-3));

        // Episode 0 slips from frame 1 on; the debounce delays detection by two frames. Episode 1 restarts the window.
        var slip = ProbeMetrics.SlipF1([0.1f, 0.9f, 0.9f, 0.9f, 0.9f, 0.9f, 0.9f, 0.9f], [0, 1, 1, 1, 1, 1, 1, 1], [0, 0, 0, 0, 0, 1, 1, 1]);
        // predictions: 0 0 0 1 1 | 0 0 1 -> tp 3, fn 4, fp 0 -> F1 = 2tp / (2tp + fp + fn)
        Assert.That(slip.Value, Is.EqualTo(6.0 / 10.0).Within(1e-9));

        var pose = ProbeMetrics.PoseAccuracy([1, 1, 1, 0, 0, 0, 5, 5, 5], [1, 1, 1, 1, 1, 1, 5, 5, 0], [0, 0, 1]);
        // bag 0: (1 + 0) / 2 per axis -> 0.5; bag 1: 2/3
        Assert.That(pose.Value, Is.EqualTo((0.5 + 2.0 / 3.0) / 2).Within(1e-9));
        // yaw: |1 - 1| + |0 - 1| + |5 - 0| over three frames
        Assert.That(pose.Details["yaw bin error"], Is.EqualTo(2.0).Within(1e-9));
    }

    [TestCase(ProbeTask.Force)]
    [TestCase(ProbeTask.Slip)]
    [TestCase(ProbeTask.Pose)]
    public void TrainingOnSyntheticTokensLowersLossAndBeatsTheConstantBaseline(ProbeTask task)
    {
        using var scope = NewDisposeScope();
        using var train = Synthetic(task, episodes: 24, seed: 1);
        using var test = Synthetic(task, episodes: 8, seed: 2);
        var options = new ProbeTrainingOptions { Epochs = 12, BatchSize = 32, LearningRate = 3e-3, PoolerHeads = 2, Seed = 7 };
        var result = ProbeTrainer.Train(task, train, test, options);
        using var _ = result.Probe;
        Assert.That(result.History[^1].TrainLoss, Is.LessThan(result.History[0].TrainLoss * 0.8));
        Assert.That(result.BestScore.IsBetterThan(result.Baseline), Is.True, $"probe {result.BestScore} vs baseline {result.Baseline}");
    }

    [Test]
    public void RawTokensDominatedByPerPositionConstantsAreLearnedOnlyWhenStandardized()
    {
        using var scope = NewDisposeScope();
        using var cleanTrain = Synthetic(ProbeTask.Force, episodes: 24, seed: 1);
        using var cleanTest = Synthetic(ProbeTask.Force, episodes: 8, seed: 2);
        // What a briefly pretrained encoder gives: each position and channel sits at a large constant of its own, the
        // signal a small wiggle on top.
        var constants = randn([1, 8, 32], generator: new Generator(99)) * 40;
        using var train = new LabelledEmbeddings { Tokens = cleanTrain.Tokens * 0.05 + constants, Episode = cleanTrain.Episode, Force = cleanTrain.Force!.clone() };
        using var test = new LabelledEmbeddings { Tokens = cleanTest.Tokens * 0.05 + constants, Episode = cleanTest.Episode, Force = cleanTest.Force!.clone() };
        var options = new ProbeTrainingOptions { Epochs = 12, BatchSize = 32, LearningRate = 3e-3, PoolerHeads = 2, Seed = 7 };
        var standardized = ProbeTrainer.Train(ProbeTask.Force, train, test, options);
        var raw = ProbeTrainer.Train(ProbeTask.Force, train, test, options with { StandardizeTokens = false });
        using var a = standardized.Probe;
        using var b = raw.Probe;
        Assert.That(standardized.Probe.StandardizedTokens, Is.EqualTo(8));
        Assert.That(raw.Probe.StandardizedTokens, Is.Zero);
        Assert.That(standardized.BestScore.Value, Is.LessThan(0.5 * raw.BestScore.Value), $"standardized {standardized.BestScore} vs raw {raw.BestScore}");
    }

    [Test]
    public void StandardizationIsFittedPerPositionAndChannelAndTravelsWithTheCheckpoint()
    {
        using var scope = NewDisposeScope();
        var dir = TestPaths.NewTempDirectory("probe-standardized");
        try
        {
            manual_seed(3);
            var tokens = randn(20, 4, 16) * tensor(new[] { 1f, 2f, 3f, 4f }).reshape(1, 4, 1) + arange(16).to(ScalarType.Float32);
            using var probe = new TaskProbe(ProbeTask.Force, 16, 2, tokens: 4);
            probe.FitStandardization(tokens);
            var state = probe.state_dict();
            var (std, mean) = std_mean(tokens, 0);
            Assert.That(Fixtures.MaxAbsDiff(state["token_mean"], mean), Is.LessThan(1e-5));
            Assert.That(Fixtures.MaxAbsDiff(state["token_std"], std), Is.LessThan(1e-5));

            // The standardized probe is the raw probe applied to standardized tokens.
            using var plain = new TaskProbe(ProbeTask.Force, 16, 2);
            using (var noGrad = no_grad())
            {
                foreach (var (key, value) in plain.state_dict())
                {
                    value.copy_(state[key]);
                }
            }
            probe.eval();
            plain.eval();
            using (var noGrad = no_grad())
            {
                Assert.That(Fixtures.MaxAbsDiff(probe.call(tokens), plain.call((tokens - mean) / std)), Is.LessThan(1e-5));
            }

            var encoderIdentity = new string('a', 64);
            var path = Path.Combine(dir.FullName, "probe.safetensors");
            new ProbeCheckpoint(ProbeTask.Force, 16, 2, encoderIdentity, "encoder.safetensors", ProbeNormalization.Digit, 4).Save(path, probe);
            var (loaded, info) = ProbeCheckpoint.Load(path, encoderIdentity);
            using var _ = loaded;
            Assert.That(info.StandardizedTokens, Is.EqualTo(4));
            using (var noGrad = no_grad())
            {
                Assert.That(Fixtures.MaxAbsDiff(loaded.call(tokens), probe.call(tokens)), Is.EqualTo(0));
            }
            Assert.That(() => new ProbeCheckpoint(ProbeTask.Force, 16, 2, encoderIdentity, "e", ProbeNormalization.Digit).Save(path, probe),
                Throws.ArgumentException.With.Message.Contains("standardizes 4 tokens"));
            Assert.That(() => probe.FitStandardization(randn(5, 3, 16)), Throws.ArgumentException.With.Message.Contains("do not match"));

            // A token count that is not a count is named, with the file.
            var bad = Path.Combine(dir.FullName, "bad.safetensors");
            var metadata = new Dictionary<string, string>
            {
                ["format"] = "sparsh-robot-probe",
                ["task"] = "force",
                ["embed_dim"] = "16",
                ["pooler_heads"] = "2",
                ["encoder_identity"] = encoderIdentity,
                ["encoder_file"] = "e",
                ["max_force"] = "4,4,5",
                ["max_delta_force"] = "0.4,0.4,0.3",
                ["standardized_tokens"] = "four",
            };
            SafetensorsWriter.Write(bad, probe.state_dict(), metadata);
            Assert.That(() => ProbeCheckpoint.Load(bad, encoderIdentity), Throws.TypeOf<CheckpointException>()
                .With.Message.Contains("standardized_tokens is 'four'").And.Message.Contains("bad.safetensors"));
            Assert.That(() => plain.FitStandardization(tokens), Throws.InvalidOperationException);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Test]
    public void DatasetFolderIsEncodedOnceAndProbeCheckpointRemembersTheEncoder()
    {
        using var scope = NewDisposeScope();
        var dir = TestPaths.NewTempDirectory("probe-dataset");
        try
        {
            var encoderPath = WriteEncoder(Path.Combine(dir.FullName, "encoder.safetensors"), new VitConfig { EmbedDim = 32, Depth = 1, NumHeads = 2 });
            var generator = new Random(5);
            foreach (var episode in new[] { "ep_a", "ep_b" })
            {
                var folder = Directory.CreateDirectory(Path.Combine(dir.FullName, "data", "train", episode)).FullName;
                var pixels = new byte[5 * 6 * 32 * 32];
                generator.NextBytes(pixels);
                Npy.Write(Path.Combine(folder, "inputs.npy"), new NpyArray(NpyDType.UInt8, [5, 6, 32, 32], pixels));
                Npy.Write(Path.Combine(folder, "force.npy"), NpyArray.FromFloat32(Enumerable.Range(0, 15).Select(i => i * 0.1f).ToArray(), 5, 3));
                Npy.Write(Path.Combine(folder, TactileDataset.SlipTicksFile), NpyArray.FromInt64(episode == "ep_a" ? [50, 2] : [30, 1], 2));
            }
            using var encoder = TactileEncoder.Open(encoderPath);
            var dataset = TactileDataset.Open(Path.Combine(dir.FullName, "data"), "train");
            var cache = Path.Combine(dir.FullName, "cache");
            using var first = EmbeddingCache.Load(encoder, dataset, cache, batch: 2);
            Assert.That(first.Tokens.shape, Is.EqualTo(new long[] { 10, 4, 32 }));
            Assert.That(first.Episode, Is.EqualTo(new[] { 0, 0, 0, 0, 0, 1, 1, 1, 1, 1 }));
            Assert.That(first.Force!.shape, Is.EqualTo(new long[] { 10, 3 }));
            Assert.That(first.Slip, Is.Null);
            Assert.That(first.NaturalSlip, Is.EqualTo(((long, long)?)(80L, 3L)), "tick counts summed over the episodes");
            Assert.That(Directory.GetFiles(Path.Combine(cache, "train")), Has.Length.EqualTo(2));
            using var second = EmbeddingCache.Load(encoder, dataset, cache);
            Assert.That(Fixtures.MaxAbsDiff(first.Tokens, second.Tokens), Is.EqualTo(0));
            Assert.That(() => first.Require(ProbeTask.Slip, "train"), Throws.TypeOf<InvalidDataException>());

            // Shifted-lighting copies: cached beside the plain tokens, labelled as their originals, and really different.
            var jitter = new PhotometricJitter(Copies: 2, MaxShift: 3);
            using var jittered = EmbeddingCache.Load(encoder, dataset, cache, batch: 2, jitter: jitter);
            Assert.That(jittered.Tokens.shape, Is.EqualTo(new long[] { 30, 4, 32 }));
            Assert.That(jittered.Episode, Is.EqualTo(Enumerable.Repeat(0, 15).Concat(Enumerable.Repeat(1, 15))));
            Assert.That(Fixtures.MaxAbsDiff(jittered.Force!.narrow(0, 5, 5), first.Force.narrow(0, 0, 5)), Is.EqualTo(0));
            Assert.That(Fixtures.MaxAbsDiff(jittered.Tokens.narrow(0, 0, 5), first.Tokens.narrow(0, 0, 5)), Is.EqualTo(0));
            Assert.That(Fixtures.MaxAbsDiff(jittered.Tokens.narrow(0, 5, 5), first.Tokens.narrow(0, 0, 5)), Is.GreaterThan(0));
            Assert.That(jittered.NaturalSlip, Is.EqualTo(first.NaturalSlip), "copies do not change how often the recording slipped");
            Assert.That(Directory.GetFiles(Path.Combine(cache, "train")), Has.Length.EqualTo(6));

            using var probe = new TaskProbe(ProbeTask.Force, 32, 2);
            var probePath = Path.Combine(dir.FullName, "probe.safetensors");
            new ProbeCheckpoint(ProbeTask.Force, 32, 2, encoder.Identity, encoderPath, ProbeNormalization.GelSightMini).Save(probePath, probe);
            var (loaded, info) = ProbeCheckpoint.Load(probePath, encoder.Identity);
            using var _ = loaded;
            Assert.That(info.Normalization, Is.EqualTo(ProbeNormalization.GelSightMini));
            Assert.That(Fixtures.MaxAbsDiff(loaded.state_dict()["probe.2.weight"], probe.state_dict()["probe.2.weight"]), Is.EqualTo(0));
            var other = new string('0', 64);
            Assert.That(() => ProbeCheckpoint.Load(probePath, other), Throws.TypeOf<CheckpointException>().With.Message.Contains("trained on encoder"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Test]
    public void AVideoEncoderReadsTheEpisodesClipsAndNamesTheRecordingOptionWhenThereAreNone()
    {
        using var scope = NewDisposeScope();
        var dir = TestPaths.NewTempDirectory("probe-clips");
        try
        {
            var encoderPath = WriteEncoder(Path.Combine(dir.FullName, "vjepa.safetensors"),
                new VitConfig { EmbedDim = 32, Depth = 1, NumHeads = 2, InChannels = 3, Mode = InputMode.Video, Height = 32, Width = 32 });
            var episode = Directory.CreateDirectory(Path.Combine(dir.FullName, "data", "train", "ep")).FullName;
            var generator = new Random(9);
            var pairs = new byte[3 * 6 * 32 * 32];
            var clips = new byte[3 * 3 * 4 * 32 * 32];
            generator.NextBytes(pairs);
            generator.NextBytes(clips);
            Npy.Write(Path.Combine(episode, TactileDataset.InputsFile), new NpyArray(NpyDType.UInt8, [3, 6, 32, 32], pairs));
            Npy.Write(Path.Combine(episode, "force.npy"), NpyArray.FromFloat32(new float[9], 3, 3));
            using var encoder = TactileEncoder.Open(encoderPath);
            Assert.That(encoder.Config.Mode, Is.EqualTo(InputMode.Video));
            var dataset = TactileDataset.Open(Path.Combine(dir.FullName, "data"), "train");
            var cache = Path.Combine(dir.FullName, "cache");
            var missing = Path.Combine(episode, TactileDataset.ClipsFile);
            Assert.That(() => EmbeddingCache.Load(encoder, dataset, cache),
                Throws.TypeOf<FileNotFoundException>().With.Message.Contain(missing).And.Message.Contain("sim record-touch --clips"));

            // Pairs saved under the clips' name are refused by shape, before the encoder sees them.
            Npy.Write(missing, new NpyArray(NpyDType.UInt8, [3, 6, 32, 32], pairs));
            Assert.That(() => EmbeddingCache.Load(encoder, dataset, cache),
                Throws.TypeOf<NpyFormatException>().With.Message.Contain(missing).And.Message.Contain("clips must be (T, 3, 4, H, W), found (3, 6, 32, 32)"));
            Npy.Write(missing, new NpyArray(NpyDType.UInt8, [3, 3, 4, 32, 32], clips));
            using var rows = EmbeddingCache.Load(encoder, dataset, cache);
            // Tubelets of 2 of the 4 frames on a 2 x 2 patch grid: 8 tokens.
            Assert.That(rows.Tokens.shape, Is.EqualTo(new long[] { 3, 8, 32 }));
            using var expected = encoder.EncodeFrames(TactileDataset.ReadStoredInputs(episode, clips: true), 3);
            Assert.That(Fixtures.MaxAbsDiff(rows.Tokens, expected), Is.LessThan(1e-5));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Test]
    public void SlipIsScoredAfterTheLogitOffset()
    {
        using var scope = NewDisposeScope();
        // Eight ticks of one episode: the first four slip. The raw logit (slip minus no-slip) is +1 on the slipping
        // ticks and -1 on the others, so p = 0.73 / 0.27 against the debouncer's 0.4 over 3 ticks.
        using var data = new LabelledEmbeddings
        {
            Tokens = zeros(8, 2, 8),
            Episode = new int[8],
            Slip = tensor(new long[] { 1, 1, 1, 1, 0, 0, 0, 0 }),
        };
        var margin = tensor(new float[] { 1, 1, 1, 1, -1, -1, -1, -1 });
        var output = stack([zeros(8), margin, zeros(8), zeros(8), zeros(8)], 1);
        // Raw: ticks 3 and 4 are flagged (two hits), the debouncer's first two slipping ticks are missed: F1 = 2*2/(2*2+0+2).
        Assert.That(ProbeTrainer.Score(ProbeTask.Slip, output, data, ProbeNormalization.Digit).Value, Is.EqualTo(4.0 / 6).Within(1e-9));
        // An offset of -1.5 puts every tick under 0.4 (p = 0.38 and 0.08): nothing is flagged.
        Assert.That(ProbeTrainer.Score(ProbeTask.Slip, output, data, ProbeNormalization.Digit, slipLogitOffset: -1.5).Value, Is.Zero);
        // +2 puts every tick over it (p = 0.95 and 0.73): ticks 3-8 are flagged, 2 hits and 4 false alarms.
        Assert.That(ProbeTrainer.Score(ProbeTask.Slip, output, data, ProbeNormalization.Digit, slipLogitOffset: 2).Value, Is.EqualTo(4.0 / 10).Within(1e-9));
    }

    [Test]
    public void SlipOutputIsCorrectedForClassWeightsAndTheRecordingsSlipSampling()
    {
        using var scope = NewDisposeScope();
        // 10 kept frames, half slipping, from a recording where 5 of 1000 ticks slipped.
        using var kept = new LabelledEmbeddings
        {
            Tokens = zeros(10, 2, 8),
            Episode = new int[10],
            Slip = tensor(new long[] { 1, 1, 1, 1, 1, 0, 0, 0, 0, 0 }),
            NaturalSlip = (1000, 5),
        };
        var expected = Math.Log(0.1) + Math.Log(5.5 / 995.5) - Math.Log(5.5 / 5.5);
        Assert.That(ProbeTrainer.SlipLogitOffset(kept), Is.EqualTo(expected).Within(1e-12));
        using var unknown = new LabelledEmbeddings { Tokens = zeros(10, 2, 8), Episode = new int[10], Slip = kept.Slip };
        Assert.That(ProbeTrainer.SlipLogitOffset(unknown), Is.EqualTo(Math.Log(0.1)).Within(1e-12), "without tick counts only the class weights");

        var dir = TestPaths.NewTempDirectory("slip-offset");
        try
        {
            using var probe = new TaskProbe(ProbeTask.Slip, 8, 2);
            var identity = new string('b', 64);
            var path = Path.Combine(dir.FullName, "probe.safetensors");
            new ProbeCheckpoint(ProbeTask.Slip, 8, 2, identity, "e", ProbeNormalization.Digit, 0, expected).Save(path, probe);
            var (loaded, info) = ProbeCheckpoint.Load(path, identity);
            loaded.Dispose();
            Assert.That(info.SlipLogitOffset, Is.EqualTo(expected));
            var bad = Path.Combine(dir.FullName, "bad.safetensors");
            var metadata = new Dictionary<string, string>
            {
                ["format"] = "sparsh-robot-probe",
                ["task"] = "slip",
                ["embed_dim"] = "8",
                ["pooler_heads"] = "2",
                ["encoder_identity"] = identity,
                ["encoder_file"] = "e",
                ["max_force"] = "4,4,5",
                ["max_delta_force"] = "0.4,0.4,0.3",
                ["slip_logit_offset"] = "NaN",
            };
            SafetensorsWriter.Write(bad, probe.state_dict(), metadata);
            Assert.That(() => ProbeCheckpoint.Load(bad, identity), Throws.TypeOf<CheckpointException>()
                .With.Message.Contains("slip_logit_offset is 'NaN'").And.Message.Contains("bad.safetensors"));

            // Tick counts on disk: checked for shape, type and order, the file named.
            var episode = Directory.CreateDirectory(Path.Combine(dir.FullName, "ep")).FullName;
            var ticks = Path.Combine(episode, TactileDataset.SlipTicksFile);
            Assert.That(TactileDataset.ReadSlipTicks(episode), Is.Null);
            Npy.Write(ticks, NpyArray.FromInt64([100, 3], 2));
            Assert.That(TactileDataset.ReadSlipTicks(episode), Is.EqualTo(((long, long)?)(100L, 3L)));
            Npy.Write(ticks, NpyArray.FromInt64([3, 100], 2));
            Assert.That(() => TactileDataset.ReadSlipTicks(episode), Throws.TypeOf<NpyFormatException>()
                .With.Message.Contains(ticks).And.Message.Contains("3 ticks, 100 slipping"));
            Npy.Write(ticks, NpyArray.FromFloat32([100f, 3f], 2));
            Assert.That(() => TactileDataset.ReadSlipTicks(episode), Throws.TypeOf<NpyFormatException>()
                .With.Message.Contains(ticks).And.Message.Contains("expected 2 integers"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Tokens carry a latent per frame along fixed random directions plus noise; labels are functions of the
    /// latent, piecewise constant over runs of frames so the slip debounce has something to hold on to.
    /// </summary>
    private static LabelledEmbeddings Synthetic(ProbeTask task, int episodes, int seed)
    {
        const int frames = 16, tokensPerFrame = 8, dim = 32;
        var generator = new Generator(1234);
        var directions = randn([3, dim], generator: generator);
        var rng = new Random(seed);
        var latents = new float[episodes * frames * 3];
        for (var e = 0; e < episodes; e++)
        {
            for (var f = 0; f < frames; f += 4)
            {
                var value = new[] { rng.NextSingle() * 2 - 1, rng.NextSingle() * 2 - 1, rng.NextSingle() };
                for (var k = f; k < f + 4; k++)
                {
                    Array.Copy(value, 0, latents, (e * frames + k) * 3, 3);
                }
            }
        }
        var n = episodes * frames;
        var latent = tensor(latents, [n, 3]);
        manual_seed(seed);
        var tokens = (latent.matmul(directions) * 2).unsqueeze(1) + randn(n, tokensPerFrame, dim) * 0.5;
        var episode = Enumerable.Range(0, n).Select(i => i / frames).ToArray();
        return task switch
        {
            ProbeTask.Force => new LabelledEmbeddings { Tokens = tokens, Episode = episode, Force = latent * tensor(new[] { 3f, 3f, 4f }) },
            ProbeTask.Slip => new LabelledEmbeddings
            {
                Tokens = tokens,
                Episode = episode,
                Slip = (latent.select(1, 0) > 0.4).to(ScalarType.Int64),
                DeltaForce = latent * 0.2,
            },
            _ => new LabelledEmbeddings
            {
                Tokens = tokens,
                Episode = episode,
                PoseBins = ((latent + 1) * 3).floor().clamp(0, 10).to(ScalarType.Int64),
            },
        };
    }

    /// <summary>A randomly initialised encoder of <paramref name="config"/> saved as a checkpoint, its head count in the metadata.</summary>
    private static string WriteEncoder(string path, VitConfig config)
    {
        using var model = new SparshVit(config);
        SafetensorsWriter.Write(path, model.state_dict(), new Dictionary<string, string> { ["num_heads"] = $"{config.NumHeads}" });
        return path;
    }
}
