using SparshRobot.Control.Estimation;
using SparshRobot.Control.Tests.Estimation;
using SparshRobot.Core.Geometry;
using SparshRobot.Core.Robot;
using SparshRobot.Core.Sensing;
using SparshRobot.Core.Time;
using SparshRobot.Encoder;
using SparshRobot.Encoder.Model;
using SparshRobot.Encoder.Probes;
using SparshRobot.Policy.Runtime;
using SparshRobot.Policy.Spec;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Tactile.Profiles;
using TorchSharp;
using static TorchSharp.torch;

namespace SparshRobot.Control.Tests;

[Category("torch")]
public class ControlLoopTests
{
    private const int Dim = 32;

    [Test]
    public void ThePolicyPlansOnTheProbesEncoderPassInsteadOfEncodingAgain()
    {
        var estimator = Probes(seed: 3);
        var policy = new RecordingPolicy(Spec(TinyEncoder(3)));
        var runner = new PolicyRunner(policy, TinyEncoder(3), Sensors());
        using var loop = Loop(estimator, runner);
        Assert.That(loop.SharesEncoderPass, Is.True);
        for (var k = 0; k < 30; k++)
        {
            var steps = loop.PolicySteps;
            Tick(loop, k);
            if (loop.PolicySteps > steps)
            {
                // The plan read this tick's pass: the newest frames, though the 30 ms limit had not yet run out for odd ticks.
                var pass = estimator.LastPass!;
                Assert.That(pass.Rows.Select(r => r.Newest), Is.All.EqualTo((long)k));
                var (thumb, index) = (pass.Tokens[0].data<float>().ToArray(), pass.Tokens[1].data<float>().ToArray());
                Assert.That(policy.Calls[^1], Is.EqualTo((thumb, index)));
            }
        }
        Assert.That(loop.PolicySteps, Is.GreaterThanOrEqualTo(4), "10 Hz over half a second");
        Assert.That(policy.Calls[^1].Thumb, Is.Not.EqualTo(policy.Calls[^1].Index), "thumb and index rows kept apart");
        Assert.That(runner.SharedSteps, Is.EqualTo(loop.PolicySteps), "every step on the probes' pass");
    }

    [Test]
    public void AfterAGapThePolicyEncodesItsOwnPairsAsItWouldOutOfProcess()
    {
        // The probes restart the thumb's pairs after five lost frames; the policy bridges the gap as a policy node does.
        var policy = new RecordingPolicy(Spec(TinyEncoder(3)));
        var runner = new PolicyRunner(policy, TinyEncoder(3), Sensors());
        var alone = new RecordingPolicy(Spec(TinyEncoder(3)));
        using var aloneRunner = new PolicyRunner(alone, TinyEncoder(3), Sensors());
        using var loop = Loop(Probes(seed: 3), runner);
        for (var k = 0; k < 40; k++)
        {
            var t = At(k / 60.0);
            TactileFrame[] frames = k is >= 10 and < 15
                ? [Frame("digit_index", k, (byte)(140 - k))]
                : [Frame("digit_thumb", k, (byte)(110 + k)), Frame("digit_index", k, (byte)(140 - k))];
            var hand = new EeObservation(t, new Pose3(new Vec3(0, 0, 0.3), Quat.Identity), 2.5, 2.5);
            var asked = loop.PolicySteps + loop.NotReady;
            loop.Tick(t, TimeSpan.FromSeconds(1 / 60.0), hand, frames);
            foreach (var frame in frames)
            {
                aloneRunner.PushFrame(frame.SensorId["digit_".Length..], frame);
            }
            if (loop.PolicySteps + loop.NotReady > asked)
            {
                aloneRunner.Step(hand.Stamp, hand.EePose.Position);
            }
        }
        Assert.That(runner.SharedSteps, Is.InRange(1, loop.PolicySteps - 1), "shared before the gap, its own pairs after it");
        Assert.That(policy.Calls, Has.Count.EqualTo(alone.Calls.Count));
        for (var k = 0; k < alone.Calls.Count; k++)
        {
            Assert.That(policy.Calls[k], Is.EqualTo(alone.Calls[k]), $"policy step {k}");
        }
    }

    [Test]
    public void APolicyOnAnotherEncoderEncodesItsOwnFrames()
    {
        var policy = new RecordingPolicy(Spec(TinyEncoder(4)));
        var runner = new PolicyRunner(policy, TinyEncoder(4), Sensors());
        using var loop = Loop(Probes(seed: 3), runner);
        Assert.That(loop.SharesEncoderPass, Is.False);
        for (var k = 0; k < 30; k++)
        {
            Tick(loop, k);
        }
        Assert.That(loop.PolicySteps, Is.GreaterThanOrEqualTo(4));
    }

    private static ControlLoop Loop(ProbeTactileEstimator estimator, PolicyRunner runner) =>
        new(new MazeController(ControlStack.Full, MazeControlOptions.Default with { StartDirection = Vec3.UnitX }, 10, runner.Action), estimator, runner);

    private static void Tick(ControlLoop loop, int k)
    {
        var t = k / 60.0;
        TactileFrame[] frames = [Frame("digit_thumb", k, (byte)(110 + k)), Frame("digit_index", k, (byte)(140 - k))];
        loop.Tick(At(t), TimeSpan.FromSeconds(1 / 60.0), new EeObservation(At(t), new Pose3(new Vec3(0, 0, 0.3), Quat.Identity), 2.5, 2.5), frames);
    }

    private static TactileEncoder TinyEncoder(int seed)
    {
        manual_seed(seed);
        return TactileEncoder.Wrap(new SparshVit(new VitConfig { EmbedDim = Dim, Depth = 1, NumHeads = 2, Height = 32, Width = 32 }), CPU);
    }

    private static ProbeTactileEstimator Probes(int seed)
    {
        var encoder = TinyEncoder(seed);
        var probes = new[] { ProbeTask.Force, ProbeTask.Slip, ProbeTask.Pose }.Select(task => new TaskProbe(task, Dim, 2)).ToArray();
        foreach (var probe in probes)
        {
            probe.eval();
        }
        return new ProbeTactileEstimator(encoder, probes[0], probes[1], probes[2], ProbeNormalization.Digit, Background(), Background(),
            new ProbeEstimatorOptions { Size = new SparshInputSize(32, 32) });
    }

    private static ObservationSpec Spec(TactileEncoder encoder)
    {
        using var scope = NewDisposeScope();
        var tokens = (int)encoder.Encode(zeros(1, 6, 32, 32)).shape[1];
        return new ObservationSpec(["thumb", "index"], 32, 32, 5, 10, ["x", "y", "z"], 1, encoder.Identity, tokens, Dim);
    }

    private static BackgroundImage Background() => SyntheticPad.Background();

    private static PolicySensor[] Sensors() => [new("thumb", SensorProfile.Digit, Background()), new("index", SensorProfile.Digit, Background())];

    private static TactileFrame Frame(string sensor, long sequence, byte level) => SyntheticPad.Frame(sensor, sequence, At(sequence / 60.0), level);

    private static Timestamp At(double seconds) => Timestamp.FromSeconds(seconds, ClockKind.Simulated);

    /// <summary>Holds still (a zero chunk) and keeps, per call, the newest step's tokens of each sensor.</summary>
    private sealed class RecordingPolicy(ObservationSpec observation) : ITactilePolicy
    {
        public ObservationSpec Observation { get; } = observation;

        public ActionSpec Action { get; } = new(["dx", "dy", "dz"], 8, 5);

        public List<(float[] Thumb, float[] Index)> Calls { get; } = [];

        public Tensor Predict(IReadOnlyList<Tensor> tokens, Tensor state, Generator? generator = null)
        {
            Calls.Add((tokens[0][0, -1].data<float>().ToArray(), tokens[1][0, -1].data<float>().ToArray()));
            return zeros(1, Action.Horizon, 3);
        }

        public void Dispose()
        {
        }
    }
}
