using SparshRobot.Control.Estimation;
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
using SparshRobot.Tactile.Preprocessing;
using SparshRobot.Tactile.Profiles;
using TorchSharp;
using static TorchSharp.torch;

namespace SparshRobot.Control.Tests;

public class ControlLoopTests
{
    private const int Dim = 32;

    [Test]
    public void ThePolicyPlansOnTheProbesEncoderPassInsteadOfEncodingAgain()
    {
        var estimator = Probes(seed: 3);
        var policy = new RecordingPolicy(Spec(TinyEncoder(3)));
        var runner = new PolicyRunner(policy, TinyEncoder(3), [new PolicySensor("thumb", SensorProfile.Digit, Background()), new PolicySensor("index", SensorProfile.Digit, Background())]);
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
        // No frame ever went to the runner's own pipelines.
        Assert.That(runner.Step(At(1), Vec3.Zero).NotReady, Does.Contain("no frame yet"));
    }

    [Test]
    public void APolicyOnAnotherEncoderEncodesItsOwnFrames()
    {
        var policy = new RecordingPolicy(Spec(TinyEncoder(4)));
        var runner = new PolicyRunner(policy, TinyEncoder(4), [new PolicySensor("thumb", SensorProfile.Digit, Background()), new PolicySensor("index", SensorProfile.Digit, Background())]);
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

    private static BackgroundImage Background()
    {
        var rgb = new byte[320 * 240 * 3];
        Array.Fill(rgb, (byte)100);
        return new BackgroundImage("digit", 240, 320, rgb);
    }

    private static TactileFrame Frame(string sensor, long sequence, byte level)
    {
        var pixels = new byte[320 * 240 * 3];
        Array.Fill(pixels, level);
        return new TactileFrame(sensor, At(sequence / 60.0), sequence, 240, 320, PixelEncoding.Rgb8, pixels);
    }

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
