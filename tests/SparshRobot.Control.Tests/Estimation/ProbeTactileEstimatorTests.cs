using SparshRobot.Control.Estimation;
using SparshRobot.Core.Sensing;
using SparshRobot.Core.Time;
using SparshRobot.Encoder;
using SparshRobot.Encoder.Checkpoints;
using SparshRobot.Encoder.Model;
using SparshRobot.Encoder.Probes;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Testing;
using static TorchSharp.torch;

namespace SparshRobot.Control.Tests.Estimation;

[Category("torch")]
public class ProbeTactileEstimatorTests
{
    private const int Dim = 32;

    // A 32x32 input keeps the tiny encoder at four patch tokens; every new frame is encoded unless a test says otherwise.
    private static readonly ProbeEstimatorOptions Options = new() { Size = new SparshInputSize(32, 32), MinPassInterval = TimeSpan.Zero };

    [Test]
    public void BothFingersAreEncodedInOnePassAndEstimatesAreInRange()
    {
        using var estimator = Tiny();
        Assert.That(estimator.Update(At(0), []), Is.EqualTo(TactileState.None));
        var state = estimator.Update(At(0.01), [Frame("digit_thumb", 0, 0.01, 120), Frame("digit_index", 0, 0.01, 110)]);
        Assert.That(estimator.EncoderPasses, Is.EqualTo(1));
        Assert.That(estimator.LastPass!.Tokens.shape, Is.EqualTo(new long[] { 2, 4, Dim }));
        Assert.That(estimator.LastPass.Rows.Select(r => (r.Sensor, r.Newest, r.Older)), Is.EqualTo(new[] { ("digit_thumb", 0L, 0L), ("digit_index", 0L, 0L) }));
        foreach (var finger in new[] { state.Thumb, state.Index })
        {
            Assert.That(finger.Health, Is.EqualTo(FrameHealth.Ok));
            Assert.That(finger.Stamp, Is.EqualTo(At(0.01)));
            Assert.That(finger.Confidence, Is.InRange(1.0 / ContactPoseBins.Count, 1.0));
            Assert.That(finger.SlipProbability, Is.InRange(0.0, 1.0));
            Assert.That(Math.Abs(finger.OffsetXMm), Is.LessThanOrEqualTo(ContactPoseBins.OffsetLimitMm));
            Assert.That(finger.AngleRad, Is.GreaterThan(-Math.PI / 2).And.LessThanOrEqualTo(Math.PI / 2));
            Assert.That(finger.NormalForce, Is.InRange(0.0, 5.0), "Fz is a sigmoid times the DIGIT max force");
            Assert.That(finger.Contact, Is.EqualTo(finger.NormalForce > Options.ContactForceN));
        }
        Assert.That(state.Thumb.AreaMm2, Is.EqualTo(SyntheticPad.TouchRows * 240 * 0.08 * 0.08).Within(1e-6), "the band's pixels differ from the background by 3 x 20");
        Assert.That(state.Index.AreaMm2, Is.Zero, "3 x 10 is at the threshold, not above it");

        // Nothing new: no pass, same estimate.
        Assert.That(estimator.Update(At(0.02), []).Thumb, Is.EqualTo(state.Thumb));
        Assert.That(estimator.EncoderPasses, Is.EqualTo(1));
        // One finger's frame still re-encodes both, in one pass.
        estimator.Update(At(0.03), [Frame("digit_thumb", 1, 0.03, 125)]);
        Assert.That((estimator.EncoderPasses, estimator.LastPass.Tokens.shape[0]), Is.EqualTo((2L, 2L)));
    }

    [Test]
    public void TheSlipProbabilityCarriesTheCheckpointsLogitOffset()
    {
        double Slip(double offset)
        {
            using var estimator = Tiny(Options with { SlipLogitBias = 0 }, slipLogitOffset: offset);
            return estimator.Update(At(0.01), [Frame("digit_thumb", 0, 0.01, 120)]).Thumb.SlipProbability;
        }
        var plain = Slip(0);
        Assert.That(plain, Is.InRange(0.01, 0.99), "the tiny probe is undecided");
        var logit = Math.Log(plain / (1 - plain));
        foreach (var offset in new[] { -3.0, 2.0 })
        {
            Assert.That(Slip(offset), Is.EqualTo(1 / (1 + Math.Exp(-(logit + offset)))).Within(1e-5));
        }
        using var biased = Tiny(Options with { SlipLogitBias = 1.5 }, slipLogitOffset: -3);
        Assert.That(biased.Update(At(0.01), [Frame("digit_thumb", 0, 0.01, 120)]).Thumb.SlipProbability,
            Is.EqualTo(1 / (1 + Math.Exp(-(logit - 1.5)))).Within(1e-5), "the controller's bias adds to the checkpoint's offset");
    }

    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    [TestCase(20.5)]
    [TestCase(-21)]
    public void ASlipBiasThatIsNotAFiniteLogitWithinRangeIsRefused(double bias) =>
        Assert.That(() => Options with { SlipLogitBias = bias }, Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contain("SlipLogitBias").And.Message.Contain("finite logit within ±20"));

    [TestCase(20)]
    [TestCase(-20)]
    public void TheRangeOfSlipBiasesIncludesItsEnds(double bias) =>
        Assert.That((Options with { SlipLogitBias = bias }).SlipLogitBias, Is.EqualTo(bias));

    [Test]
    public void EncoderPassesAreRateLimitedWithoutLosingFrames()
    {
        using var estimator = Tiny(Options with { MinPassInterval = TimeSpan.FromMilliseconds(30) });
        // 60 Hz frames 0..15: a pass on every other frame (0, 2, .. 14); frame 15 comes 16.7 ms after the last pass.
        for (var k = 0; k < 16; k++)
        {
            var t = k / 60.0;
            estimator.Update(At(t), [Frame("digit_thumb", k, t, (byte)(120 + k)), Frame("digit_index", k, t, 120)]);
        }
        Assert.That(estimator.EncoderPasses, Is.EqualTo(8));
        estimator.Update(At(15.5 / 60), []);
        Assert.That(estimator.EncoderPasses, Is.EqualTo(8), "25 ms after the last pass: frame 15 waits");
        var state = estimator.Update(At(16 / 60.0), []);
        Assert.That(estimator.EncoderPasses, Is.EqualTo(9), "the waiting frame is encoded once the interval is over, with nothing new");
        Assert.That(state.Thumb.Stamp, Is.EqualTo(At(15 / 60.0)));
        Assert.That(state.Thumb.Health, Is.EqualTo(FrameHealth.Ok));
    }

    [Test]
    public void FingersGoStaleWhenFramesStopOrSequencesJump()
    {
        using var estimator = Tiny();
        estimator.Update(At(0), [Frame("digit_thumb", 0, 0, 120), Frame("digit_index", 0, 0, 120)]);
        var state = estimator.Update(At(0.05), [Frame("digit_index", 3, 0.05, 121)]);
        Assert.That((state.Thumb.Health, state.Index.Health), Is.EqualTo((FrameHealth.Ok, FrameHealth.Ok)));
        state = estimator.Update(At(0.12), [Frame("digit_index", 7, 0.12, 122)]);
        Assert.That(state.Thumb.Health, Is.EqualTo(FrameHealth.Stale), "no thumb frame for 120 ms");
        Assert.That((state.Thumb.Confidence, state.Thumb.Usable, state.Index.Usable), Is.EqualTo((0.0, false, true)));
        state = estimator.Update(At(0.3), [Frame("digit_thumb", 18, 0.3, 121), Frame("digit_index", 8, 0.3, 123)]);
        Assert.That(state.Thumb.Health, Is.EqualTo(FrameHealth.Stale), "sequence jumped 0 -> 18");
        state = estimator.Update(At(0.32), [Frame("digit_thumb", 19, 0.32, 120)]);
        Assert.That(state.Thumb.Health, Is.EqualTo(FrameHealth.Ok));
    }

    [Test]
    public void RepeatedImagesAreFrozen()
    {
        using var estimator = Tiny();
        FingerEstimate thumb = default;
        for (var k = 0; k < Options.FrozenFrames; k++)
        {
            thumb = estimator.Update(At(k * 0.017), [Frame("digit_thumb", k, k * 0.017, 120)]).Thumb;
            Assert.That(thumb.Health, Is.EqualTo(k < Options.FrozenFrames - 1 ? FrameHealth.Ok : FrameHealth.Frozen));
        }
        Assert.That(thumb.Usable, Is.False);
        var changed = estimator.Update(At(0.1), [Frame("digit_thumb", 6, 0.1, 121)]).Thumb;
        Assert.That(changed.Health, Is.EqualTo(FrameHealth.Ok));
    }

    [Test]
    public void WrongSizeOrAnImageNoLightingExplainsIsImplausible()
    {
        using var estimator = Tiny();
        var small = new TactileFrame("digit_thumb", At(0), 0, 120, 160, PixelEncoding.Rgb8, new byte[120 * 160 * 3]);
        var state = estimator.Update(At(0), [small, Uniform("digit_index", 0, 0, 0)]);
        Assert.That((state.Thumb.Health, state.Index.Health), Is.EqualTo((FrameHealth.Implausible, FrameHealth.Implausible)));
        Assert.That(estimator.EncoderPasses, Is.Zero);
        state = estimator.Update(At(0.02), [Frame("digit_thumb", 1, 0.02, 120), Frame("digit_index", 1, 0.02, 130)]);
        Assert.That((state.Thumb.Health, state.Index.Health), Is.EqualTo((FrameHealth.Ok, FrameHealth.Ok)));
    }

    [Test]
    public void LightingDriftIsUndoneBeforeTheEncoder()
    {
        float[] Tokens(ProbeTactileEstimator estimator, TactileFrame frame, out FingerEstimate thumb)
        {
            thumb = estimator.Update(frame.Stamp, [frame]).Thumb;
            return estimator.LastPass!.Tokens.data<float>().ToArray();
        }
        using var compensating = Tiny();
        using var plain = Tiny(Options with { CompensateIllumination = false });
        var nominal = Tokens(compensating, Frame("digit_thumb", 0, 0, 150), out var nominalThumb);
        var drifted = Frame("digit_thumb", 1, 0.02, 150, gain: 1.3, offset: 15);
        var restored = Tokens(compensating, drifted, out var restoredThumb);
        var raw = Tokens(plain, drifted, out var rawThumb);
        double Distance(float[] tokens) => tokens.Zip(nominal, (a, b) => Math.Abs(a - b)).Max();
        Assert.That(restoredThumb.Health, Is.EqualTo(FrameHealth.Ok));
        Assert.That(Distance(restored), Is.LessThan(Distance(raw) / 5), "the encoder sees the touch, not the lamp");
        Assert.That(restoredThumb.AreaMm2, Is.EqualTo(nominalThumb.AreaMm2).Within(1e-6));
        Assert.That(rawThumb.AreaMm2, Is.GreaterThan(10 * nominalThumb.AreaMm2), "uncompensated, the whole pad reads as touched");
    }

    [Test]
    public void LoadingNamesTheMissingOrMismatchedFile()
    {
        var dir = TestPaths.NewTempDirectory("estimator");
        try
        {
            var encoderPath = Path.Combine(dir.FullName, "encoder.safetensors");
            var otherPath = Path.Combine(dir.FullName, "other.safetensors");
            foreach (var (path, seed) in new[] { (encoderPath, 1), (otherPath, 2) })
            {
                manual_seed(seed);
                using var model = new SparshVit(new VitConfig { EmbedDim = Dim, Depth = 1, NumHeads = 2, Height = 32, Width = 32 });
                SafetensorsWriter.Write(path, model.state_dict(), new Dictionary<string, string> { ["num_heads"] = "2" });
            }
            string identity;
            using (var encoder = TactileEncoder.Open(encoderPath))
            {
                identity = encoder.Identity;
            }
            var probes = Path.Combine(dir.FullName, "probes");
            foreach (var task in new[] { ProbeTask.Force, ProbeTask.Slip })
            {
                var folder = Directory.CreateDirectory(Path.Combine(probes, task.ToString().ToLowerInvariant())).FullName;
                using var probe = new TaskProbe(task, Dim, 2);
                new ProbeCheckpoint(task, Dim, 2, identity, encoderPath, ProbeNormalization.Digit).Save(Path.Combine(folder, "probe.safetensors"), probe);
            }
            var missing = Path.Combine(probes, "pose", "probe.safetensors");
            Assert.That(() => ProbeTactileEstimator.Load(probes, encoderPath, Background(), Background(), Options),
                Throws.TypeOf<FileNotFoundException>().With.Message.Contains(missing));
            Assert.That(() => ProbeTactileEstimator.Load(probes, otherPath, Background(), Background(), Options),
                Throws.TypeOf<CheckpointException>().With.Message.Contains(Path.Combine(probes, "force", "probe.safetensors")).And.Message.Contains("trained on encoder"));

            Directory.CreateDirectory(Path.GetDirectoryName(missing)!);
            using (var pose = new TaskProbe(ProbeTask.Pose, Dim, 2))
            {
                new ProbeCheckpoint(ProbeTask.Pose, Dim, 2, identity, encoderPath, ProbeNormalization.Digit).Save(missing, pose);
            }
            using var estimator = ProbeTactileEstimator.Load(probes, encoderPath, Background(), Background(), Options);
            Assert.That(estimator.Update(At(0), [Frame("digit_thumb", 0, 0, 120)]).Thumb.Health, Is.EqualTo(FrameHealth.Ok));

            var videoPath = Path.Combine(dir.FullName, "vjepa.safetensors");
            using (var video = new SparshVit(new VitConfig { EmbedDim = Dim, Depth = 1, NumHeads = 2, InChannels = 3, Mode = InputMode.Video, Height = 32, Width = 32 }))
            {
                SafetensorsWriter.Write(videoPath, video.state_dict(), new Dictionary<string, string> { ["num_heads"] = "2" });
            }
            Assert.That(() => ProbeTactileEstimator.Load(probes, videoPath, Background(), Background(), Options),
                Throws.TypeOf<CheckpointException>().With.Message.Contain(videoPath).And.Message.Contain("video (V-JEPA) encoder"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static ProbeTactileEstimator Tiny(ProbeEstimatorOptions? options = null, double slipLogitOffset = 0)
    {
        manual_seed(3);
        var encoder = TactileEncoder.Wrap(new SparshVit(new VitConfig { EmbedDim = Dim, Depth = 1, NumHeads = 2, Height = 32, Width = 32 }), CPU);
        return new ProbeTactileEstimator(encoder, Probe(ProbeTask.Force), Probe(ProbeTask.Slip), Probe(ProbeTask.Pose), ProbeNormalization.Digit,
            Background(), Background(), options ?? Options, slipLogitOffset);
    }

    private static TaskProbe Probe(ProbeTask task)
    {
        var probe = new TaskProbe(task, Dim, 2);
        probe.eval();
        return probe;
    }

    private static BackgroundImage Background() => SyntheticPad.Background();

    private static TactileFrame Frame(string sensor, long sequence, double seconds, byte level, double gain = 1, double offset = 0) =>
        SyntheticPad.Frame(sensor, sequence, At(seconds), level, gain, offset);

    private static TactileFrame Uniform(string sensor, long sequence, double seconds, byte level)
    {
        var pixels = new byte[320 * 240 * 3];
        Array.Fill(pixels, level);
        return new TactileFrame(sensor, At(seconds), sequence, 240, 320, PixelEncoding.Rgb8, pixels);
    }

    private static Timestamp At(double seconds) => Timestamp.FromSeconds(seconds, ClockKind.Monotonic);
}
