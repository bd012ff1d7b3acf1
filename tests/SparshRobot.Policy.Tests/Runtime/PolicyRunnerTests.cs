using SparshRobot.Core.Geometry;
using SparshRobot.Core.Sensing;
using SparshRobot.Encoder;
using SparshRobot.Encoder.Model;
using SparshRobot.Policy.Runtime;
using SparshRobot.Policy.Spec;
using SparshRobot.Policy.Tests.Support;
using SparshRobot.Tactile.Preprocessing;
using SparshRobot.Tactile.Profiles;
using static TorchSharp.torch;

namespace SparshRobot.Policy.Tests.Runtime;

/// <summary>The runner builds observations as the dataset did: native-rate stride, oldest step first, fresh touch only.</summary>
public class PolicyRunnerTests
{
    [Test]
    public void PairsEachStepWithTheFrameFiveNativePeriodsBackAtATenHertzControlRate()
    {
        using var encoder = RuntimeFixtures.TinyEncoder();
        using var policy = new FixedDeltaPolicy(RuntimeFixtures.SpecFor(encoder), RuntimeFixtures.Action, [0, 0, 0]);
        using var runner = new PolicyRunner(policy, encoder, RuntimeFixtures.PolicySensors);
        var pairs = new List<FramePair>();
        // 60 Hz frames, a control step every 6th frame (10 Hz).
        for (long seq = 0; seq < 60; seq++)
        {
            foreach (var sensor in RuntimeFixtures.Sensors)
            {
                Assert.That(runner.PushFrame(sensor, RuntimeFixtures.Frame(sensor, seq)), Is.True);
            }
            if (seq % 6 == 5)
            {
                var outcome = runner.Step(RuntimeFixtures.StampOf(seq), Vec3.Zero);
                Assert.That(outcome.NotReady, Is.Null);
                pairs.AddRange(outcome.Step!.Pairs);
            }
        }
        // Per step, thumb then index: newest frame and the one exactly 5 native frames back (not the previous step's).
        var expected = Enumerable.Range(0, 10).SelectMany(k => Enumerable.Repeat(new FramePair(6 * k + 5, 6 * k), 2));
        Assert.That(pairs, Is.EqualTo(expected));
        runner.PushFrame("thumb", RuntimeFixtures.Frame("thumb", 60));
        runner.PushFrame("index", RuntimeFixtures.Frame("index", 60));
        runner.PushFrame("thumb", RuntimeFixtures.Frame("thumb", 61));
        runner.PushFrame("index", RuntimeFixtures.Frame("index", 61));
        Assert.That(runner.Step(RuntimeFixtures.StampOf(61), Vec3.Zero).Step!.Pairs[0], Is.EqualTo(new FramePair(61, 56)));
    }

    [TestCase(7, 7, true)]
    [TestCase(7, 8, false)]
    public void TheSamplerSeedMakesStochasticPoliciesReplay(long first, long second, bool same)
    {
        using var encoder = RuntimeFixtures.TinyEncoder();
        using var policy = new FixedDeltaPolicy(RuntimeFixtures.SpecFor(encoder), RuntimeFixtures.Action, [0, 0, 0], noise: 0.01f);
        float[][][] Run(long seed)
        {
            using var runner = new PolicyRunner(policy, encoder, RuntimeFixtures.PolicySensors, seed: seed);
            var chunks = new List<float[][]>();
            for (long seq = 0; seq <= 12; seq++)
            {
                foreach (var sensor in RuntimeFixtures.Sensors)
                {
                    runner.PushFrame(sensor, RuntimeFixtures.Frame(sensor, seq));
                }
                if (seq % 6 == 0)
                {
                    chunks.Add(runner.Step(RuntimeFixtures.StampOf(seq), Vec3.Zero).Step!.Actions);
                }
            }
            return [.. chunks];
        }
        var a = Run(first).SelectMany(c => c.SelectMany(v => v)).ToArray();
        var b = Run(second).SelectMany(c => c.SelectMany(v => v)).ToArray();
        Assert.That(a.SequenceEqual(b), Is.EqualTo(same));
    }

    [Test]
    public void AStepWhosePartnerWasDroppedTakesTheNextOlderFrame()
    {
        using var encoder = RuntimeFixtures.TinyEncoder();
        using var policy = new FixedDeltaPolicy(RuntimeFixtures.SpecFor(encoder), RuntimeFixtures.Action, [0, 0, 0]);
        using var runner = new PolicyRunner(policy, encoder, RuntimeFixtures.PolicySensors);
        for (long seq = 0; seq <= 16; seq++)
        {
            foreach (var sensor in RuntimeFixtures.Sensors.Where(s => seq != 11))
            {
                runner.PushFrame(sensor, RuntimeFixtures.Frame(sensor, seq));
            }
        }
        Assert.That(runner.Step(RuntimeFixtures.StampOf(16), Vec3.Zero).Step!.Pairs, Is.All.EqualTo(new FramePair(16, 10)));
    }

    [Test]
    public void FeedsObservationStepsOldestFirstRepeatingTheFirstAtTheStart()
    {
        using var encoder = RuntimeFixtures.TinyEncoder();
        var spec = RuntimeFixtures.SpecFor(encoder);
        using var policy = new FixedDeltaPolicy(spec, RuntimeFixtures.Action, [0, 0, 0]);
        using var runner = new PolicyRunner(policy, encoder, RuntimeFixtures.PolicySensors);
        var positions = new[] { new Vec3(0.1, 0.2, 0.3), new Vec3(0.4, 0.5, 0.6), new Vec3(0.7, 0.8, 0.9) };
        for (var step = 0; step < positions.Length; step++)
        {
            for (var seq = 6L * step; seq < 6 * step + 6; seq++)
            {
                foreach (var sensor in RuntimeFixtures.Sensors)
                {
                    runner.PushFrame(sensor, RuntimeFixtures.Frame(sensor, seq));
                }
            }
            runner.Step(RuntimeFixtures.StampOf(6 * step + 5), positions[step]);
        }
        var calls = policy.Calls.ToList();
        var perStep = spec.Tokens * spec.EmbedDim;
        float[] Half(float[] values, int i) => values.AsSpan(i * perStep, perStep).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(calls[0].State, Is.EqualTo(new[] { 0.1f, 0.2f, 0.3f, 0.1f, 0.2f, 0.3f }), "the first step is repeated");
            Assert.That(calls[1].State, Is.EqualTo(new[] { 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f }), "oldest first");
            Assert.That(calls[2].State, Is.EqualTo(new[] { 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f }));
            for (var sensor = 0; sensor < 2; sensor++)
            {
                Assert.That(Half(calls[1].Tokens[sensor], 0), Is.EqualTo(Half(calls[0].Tokens[sensor], 1)), "step t-1 is the previous newest step");
                Assert.That(Half(calls[2].Tokens[sensor], 0), Is.EqualTo(Half(calls[1].Tokens[sensor], 1)));
                Assert.That(Half(calls[2].Tokens[sensor], 1), Is.Not.EqualTo(Half(calls[2].Tokens[sensor], 0)), "new touch gives new tokens");
            }
        });
    }

    [Test]
    public void ASharedEncoderPassGivesThePolicyTheTokensItWouldHaveEncodedItself()
    {
        using var encoder = RuntimeFixtures.TinyEncoder();
        var spec = RuntimeFixtures.SpecFor(encoder);
        using var own = new FixedDeltaPolicy(spec, RuntimeFixtures.Action, [0, 0, 0]);
        using var shared = new FixedDeltaPolicy(spec, RuntimeFixtures.Action, [0, 0, 0]);
        using var ownRunner = new PolicyRunner(own, encoder, RuntimeFixtures.PolicySensors);
        using var sharedRunner = new PolicyRunner(shared, encoder, RuntimeFixtures.PolicySensors);
        // The producer's pipelines, its rows in the opposite order to the policy's sensors.
        var size = new SparshInputSize(224, 224);
        var producer = new[] { "index", "thumb" }.ToDictionary(s => s, _ => new SparshSensorPipeline(SensorProfile.Digit, RuntimeFixtures.Background, size, 5));
        var batch = new SparshInputBatch(2, size);
        // The index sees other touch than the thumb, so rows matched to the wrong sensor would show.
        TactileFrame Touch(string sensor, long seq)
        {
            var frame = RuntimeFixtures.Frame(sensor, sensor == "index" ? seq + 3 : seq);
            return new TactileFrame(sensor, RuntimeFixtures.StampOf(seq), seq, frame.Width, frame.Height, frame.Encoding, frame.Pixels);
        }
        for (long seq = 0; seq < 18; seq++)
        {
            foreach (var (sensor, pipeline) in producer)
            {
                ownRunner.PushFrame(sensor, Touch(sensor, seq));
                sharedRunner.PushFrame(sensor, Touch(sensor, seq));
                pipeline.Push(Touch(sensor, seq));
            }
            if (seq % 6 != 5)
            {
                continue;
            }
            var rows = producer.Select((p, i) =>
            {
                batch.Fill(i, p.Value.Stack);
                var (newest, older) = p.Value.Stack.PairSequences();
                return new EncodedPair(p.Key, newest, older, RuntimeFixtures.StampOf(seq));
            }).ToList();
            using var tokens = encoder.Encode(TactileEncoder.FromBuffer(batch.Data, batch.Shape));
            var stamp = RuntimeFixtures.StampOf(seq);
            var mine = ownRunner.Step(stamp, new Vec3(seq, 0, 0)).Step!;
            var theirs = sharedRunner.Step(stamp, new Vec3(seq, 0, 0), new EncoderPass(tokens, rows, encoder.Identity, size, 5)).Step!;
            Assert.That(theirs.Pairs, Is.EqualTo(mine.Pairs));
            Assert.That(theirs.Timing.EncodeMs, Is.Zero, "no encoding of its own");
        }
        var (a, b) = (own.Calls.ToList(), shared.Calls.ToList());
        Assert.That(b, Has.Count.EqualTo(3));
        Assert.That(sharedRunner.SharedSteps, Is.EqualTo(3));
        Assert.That(b[2].Tokens[0], Is.Not.EqualTo(b[2].Tokens[1]), "the fingers' tokens differ");
        for (var k = 0; k < a.Count; k++)
        {
            Assert.That((b[k].Tokens[0], b[k].Tokens[1], b[k].State), Is.EqualTo((a[k].Tokens[0], a[k].Tokens[1], a[k].State)));
        }
    }

    [Test]
    public void ASharedPassFromAnotherEncoderSizeOrStrideIsRefusedAndOneWithOtherPairsIsNotUsed()
    {
        using var encoder = RuntimeFixtures.TinyEncoder();
        using var policy = new FixedDeltaPolicy(RuntimeFixtures.SpecFor(encoder), RuntimeFixtures.Action, [0, 0, 0]);
        using var runner = new PolicyRunner(policy, encoder, RuntimeFixtures.PolicySensors);
        using var tokens = zeros(2, RuntimeFixtures.SpecFor(encoder).Tokens, 32);
        var stamp = RuntimeFixtures.StampOf(10);
        EncodedPair[] rows = [new("thumb", 10, 5, stamp), new("index", 10, 5, stamp)];
        var good = new EncoderPass(tokens, rows, encoder.Identity, new SparshInputSize(224, 224), 5);
        foreach (var (pass, word) in new[]
        {
            (good with { EncoderIdentity = new string('f', 64) }, "encoder"),
            (good with { Size = new SparshInputSize(128, 128) }, "image size"),
            (good with { Stride = 3 }, "frame stride"),
        })
        {
            Assert.That(() => runner.Step(stamp, Vec3.Zero, pass), Throws.TypeOf<PolicySpecMismatchException>().With.Message.Contains(word));
        }
        Assert.That(runner.Step(stamp, Vec3.Zero, good).NotReady, Does.Contain("no frame yet"), "the runner's own frames decide");
        for (long seq = 0; seq <= 10; seq++)
        {
            foreach (var sensor in RuntimeFixtures.Sensors)
            {
                runner.PushFrame(sensor, RuntimeFixtures.Frame(sensor, seq));
            }
        }
        var shared = runner.Step(stamp, Vec3.Zero, good).Step!;
        Assert.That((runner.SharedSteps, shared.Timing.EncodeMs), Is.EqualTo((1L, 0.0)));
        foreach (var other in new[]
        {
            good with { Rows = [rows[0], rows[0] with { Sensor = "ring" }] },
            good with { Rows = [rows[0], rows[1] with { Older = 6 }] },
        })
        {
            var own = runner.Step(stamp, Vec3.Zero, other).Step!;
            Assert.That(own.Pairs, Is.EqualTo(shared.Pairs));
            Assert.That((runner.SharedSteps, own.Timing.EncodeMs > 0), Is.EqualTo((1L, true)), "encoded its own pairs");
        }
        var stale = runner.Step(RuntimeFixtures.StampOf(30), Vec3.Zero, good);
        Assert.That(stale.NotReady, Does.Contain("no new frame for 333 ms"));
    }

    [Test]
    public void AFrameNoLightingOfTheBackgroundExplainsIsRefusedAndNamedWhileWaiting()
    {
        using var encoder = RuntimeFixtures.TinyEncoder();
        using var policy = new FixedDeltaPolicy(RuntimeFixtures.SpecFor(encoder), RuntimeFixtures.Action, [0, 0, 0]);
        using var runner = new PolicyRunner(policy, encoder, RuntimeFixtures.PolicySensors);
        var bg = RuntimeFixtures.Background;
        runner.PushFrame("thumb", new TactileFrame("thumb", RuntimeFixtures.StampOf(0), 0, bg.Width, bg.Height, PixelEncoding.Rgb8, new byte[bg.Rgb.Length]));
        runner.PushFrame("index", RuntimeFixtures.Frame("index", 0));
        Assert.That(runner.Step(RuntimeFixtures.StampOf(0), Vec3.Zero).NotReady,
            Does.Contain("sensor 'thumb': no frame yet (1 frames so far that no lighting of its background explains"));
        runner.PushFrame("thumb", RuntimeFixtures.Frame("thumb", 1));
        runner.PushFrame("index", RuntimeFixtures.Frame("index", 1));
        Assert.That(runner.Step(RuntimeFixtures.StampOf(1), Vec3.Zero).Step, Is.Not.Null, "a lit frame is taken again");
    }

    [Test]
    public void RefusesAnEncoderOtherThanTheOneThePolicyWasTrainedOn()
    {
        using var trained = RuntimeFixtures.TinyEncoder(seed: 1);
        using var other = RuntimeFixtures.TinyEncoder(seed: 2);
        var spec = RuntimeFixtures.SpecFor(trained);
        using var policy = new FixedDeltaPolicy(spec, RuntimeFixtures.Action, [0, 0, 0]);
        var error = Assert.Throws<PolicySpecMismatchException>(() => new PolicyRunner(policy, other, RuntimeFixtures.PolicySensors));
        Assert.That(error!.Message, Does.Contain($"expected {trained.Identity}, found {other.Identity}"));
        Assert.That(error.Message, Does.Contain("(in memory)"), "names the encoder");
    }

    [Test]
    public void RefusesSensorsThePolicyDoesNotObserve()
    {
        using var encoder = RuntimeFixtures.TinyEncoder();
        using var policy = new FixedDeltaPolicy(RuntimeFixtures.SpecFor(encoder), RuntimeFixtures.Action, [0, 0, 0]);
        var error = Assert.Throws<ArgumentException>(() => new PolicyRunner(policy, encoder, [RuntimeFixtures.PolicySensors[0]]));
        Assert.That(error!.Message, Does.Contain("[thumb, index]").And.Contain("[thumb]"));
    }

    [Test]
    public void AStaleSensorMakesTheRunnerWaitAndLateFramesAreDropped()
    {
        using var encoder = RuntimeFixtures.TinyEncoder();
        using var policy = new FixedDeltaPolicy(RuntimeFixtures.SpecFor(encoder), RuntimeFixtures.Action, [0, 0, 0]);
        using var runner = new PolicyRunner(policy, encoder, RuntimeFixtures.PolicySensors, stalePeriods: 6);
        Assert.That(runner.Step(RuntimeFixtures.StampOf(0), Vec3.Zero).NotReady, Does.Contain("no frame yet"));
        for (long seq = 0; seq < 30; seq++)
        {
            runner.PushFrame("index", RuntimeFixtures.Frame("index", seq));
            if (seq < 10)
            {
                runner.PushFrame("thumb", RuntimeFixtures.Frame("thumb", seq));
            }
        }
        Assert.That(runner.Step(RuntimeFixtures.StampOf(15), Vec3.Zero).Step, Is.Not.Null, "thumb 6 periods old: still fresh");
        var stale = runner.Step(RuntimeFixtures.StampOf(29), Vec3.Zero);
        Assert.Multiple(() =>
        {
            Assert.That(stale.Step, Is.Null);
            Assert.That(stale.NotReady, Does.StartWith("sensor 'thumb': no new frame for 333 ms"));
            Assert.That(runner.PushFrame("thumb", RuntimeFixtures.Frame("thumb", 9)), Is.False, "older than one already taken");
            Assert.That(runner.LateFrames, Is.EqualTo(1));
        });
        runner.PushFrame("thumb", RuntimeFixtures.Frame("thumb", 29));
        Assert.That(runner.Step(RuntimeFixtures.StampOf(29), Vec3.Zero).Step!.Pairs[0], Is.EqualTo(new FramePair(29, 29)),
            "after a gap the stack starts over, no pair straddles it");
    }

    [Test]
    [Category("Timing")]
    public void ReportsPerStepTimingWithATinyVitOnTwoSensors()
    {
        using var encoder = RuntimeFixtures.TinyEncoder(config: VitConfig.ForSize(VitSize.Tiny) with { Height = 224, Width = 224 });
        using var policy = new FixedDeltaPolicy(RuntimeFixtures.SpecFor(encoder), RuntimeFixtures.Action, [0, 0, 0]);
        using var runner = new PolicyRunner(policy, encoder, RuntimeFixtures.PolicySensors);
        var timings = new List<PolicyTiming>();
        for (long seq = 0; seq < 66; seq++)
        {
            foreach (var sensor in RuntimeFixtures.Sensors)
            {
                runner.PushFrame(sensor, RuntimeFixtures.Frame(sensor, seq));
            }
            if (seq % 6 == 5)
            {
                timings.Add(runner.Step(RuntimeFixtures.StampOf(seq), Vec3.Zero).Step!.Timing);
            }
        }
        var warm = timings.Skip(1).ToList();
        TestContext.Out.WriteLine($"ViT-Tiny 224x224, 2 sensors (batch 2), 1 torch thread, {warm.Count} steps: preprocess {warm.Average(t => t.PreprocessMs):F1} ms, " +
            $"encode {warm.Average(t => t.EncodeMs):F1} ms, policy {warm.Average(t => t.PolicyMs):F1} ms, total {warm.Average(t => t.TotalMs):F1} ms");
        Assert.That(warm, Has.All.Matches<PolicyTiming>(t => t.EncodeMs > 0 && t.PreprocessMs > 0 && t.TotalMs >= t.EncodeMs));
    }
}
