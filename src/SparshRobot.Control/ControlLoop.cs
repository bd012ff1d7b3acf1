using SparshRobot.Control.Estimation;
using SparshRobot.Core.Robot;
using SparshRobot.Core.Sensing;
using SparshRobot.Core.Time;
using SparshRobot.Policy.Runtime;

namespace SparshRobot.Control;

/// <summary>
/// The whole control side of a tick, the one path from images and reported pose to a hand command that both the
/// simulator benchmark and the ROS controller run: frames go to the tactile estimator (and to the policy, when it runs
/// in-process), the policy plans at its own rate, and the <see cref="MazeController"/> turns plan and touch into the command.
/// When the estimator is the Sparsh probes' on the policy's encoder, input size and stride, the policy plans on the
/// probes' encoder pass instead of encoding the same frames again (<see cref="SharesEncoderPass"/>), wherever that pass
/// holds the very frame pairs the policy's own pipelines hold: the plan never depends on whether it is shared.
/// </summary>
public sealed class ControlLoop : IDisposable
{
    private readonly PolicyRunner? _policy;
    private readonly Dictionary<string, string> _policySensorOfFrame = new(StringComparer.Ordinal);
    private PlannedTrajectory? _plan;
    private long _lastPolicyTick = long.MinValue;
    private double _inferenceMsTotal;

    /// <param name="policy">Plans in-process at its rate; null when plans come from outside (the ROS policy node) or the stack follows no policy.</param>
    public ControlLoop(MazeController controller, ITactileEstimator estimator, PolicyRunner? policy = null)
    {
        Controller = controller;
        Estimator = estimator;
        if (policy is not null && !controller.Stack.Policy)
        {
            throw new ArgumentException($"stack {controller.Stack.Name} follows no policy, but a policy runner was given", nameof(policy));
        }
        _policy = policy;
        if (policy is not null && estimator is ProbeTactileEstimator probe)
        {
            var spec = policy.Observation;
            SharesEncoderPass = probe.EncoderIdentity == spec.EncoderIdentity && probe.Size == new SparshInputSize(spec.ImageHeight, spec.ImageWidth)
                && probe.Stride == spec.FrameStride;
        }
        if (policy is not null)
        {
            foreach (var sensor in policy.Sensors)
            {
                _policySensorOfFrame[FrameSensorId(sensor.Name)] = sensor.Name;
            }
        }
    }

    /// <summary>The period of a loop's first tick, which follows none: one frame period of the DIGIT (60 Hz).</summary>
    public static TimeSpan FirstPeriod { get; } = TimeSpan.FromSeconds(1.0 / 60);

    public MazeController Controller { get; }

    public ITactileEstimator Estimator { get; }

    /// <summary>The policy reads the probe estimator's encoder pass: one pass per frame pair for both.</summary>
    public bool SharesEncoderPass { get; }

    /// <summary>Policy steps that produced a plan.</summary>
    public int PolicySteps { get; private set; }

    /// <summary>Policy ticks skipped because the policy was not ready (no or stale touch).</summary>
    public int NotReady { get; private set; }

    public double MeanInferenceMs => PolicySteps == 0 ? 0 : _inferenceMsTotal / PolicySteps;

    /// <summary>The last output (for telemetry between ticks).</summary>
    public ControlOutput Last { get; private set; }

    /// <param name="frames">Tactile frames that arrived since the previous tick, oldest first.</param>
    /// <param name="plan">A plan received from outside since the previous tick (null: none new, or planned in-process).</param>
    public ControlOutput Tick(Timestamp now, TimeSpan period, EeObservation hand, IReadOnlyList<TactileFrame> frames, PlannedTrajectory? plan = null)
    {
        var touch = Estimator.Update(now, frames);
        if (plan is not null)
        {
            _plan = plan;
        }
        if (_policy is not null)
        {
            foreach (var frame in frames)
            {
                if (_policySensorOfFrame.TryGetValue(frame.SensorId, out var sensor))
                {
                    _policy.PushFrame(sensor, frame);
                }
            }
        }
        if (Controller.Follower is { } follower && follower.TickAt(now) is var tick && tick != _lastPolicyTick && follower.NeedsPlan(tick))
        {
            _lastPolicyTick = tick;
            // At a plan tick the probes encode the newest frames, whether the plan is made here on that pass or by a
            // policy node in another process: the estimates, and so the run, do not depend on where the policy runs.
            if (Estimator is ProbeTactileEstimator probes)
            {
                probes.CurrentPass(now);
                touch = Estimator.Update(now, []);
            }
            if (_policy is not null)
            {
                Plan(now, hand);
            }
        }
        Last = Controller.Update(now, period, new ControlInput(hand, touch, _plan));
        return Last;
    }

    /// <summary>As <see cref="Tick(Timestamp, TimeSpan, EeObservation, IReadOnlyList{TactileFrame}, PlannedTrajectory?)"/>, reading and commanding <paramref name="hand"/>.</summary>
    public ControlOutput Tick(Timestamp now, TimeSpan period, IHand hand, IReadOnlyList<TactileFrame> frames, PlannedTrajectory? plan = null)
    {
        var output = Tick(now, period, hand.Read(), frames, plan);
        hand.Write(output.Command);
        return output;
    }

    /// <summary>Steps the policy at a plan tick, on the probes' pass when it shares it.</summary>
    private void Plan(Timestamp now, EeObservation hand)
    {
        var policy = _policy!;
        var shared = SharesEncoderPass ? ((ProbeTactileEstimator)Estimator).LastPass?.Renamed(id => _policySensorOfFrame.GetValueOrDefault(id, id)) : null;
        var outcome = policy.Step(hand.Stamp, hand.EePose.Position, shared);
        if (outcome.Step is not { } step)
        {
            NotReady++;
            return;
        }
        PolicySteps++;
        _inferenceMsTotal += step.Timing.TotalMs;
        _plan = PlannedTrajectory.From(step, hand.EePose.Orientation, Controller.Follower!.RateHz);
    }

    /// <summary>Fingertip streams are named digit_thumb and digit_index; a dataset may call its sensors thumb and index.</summary>
    public static string FrameSensorId(string sensor)
    {
        var id = sensor.StartsWith("digit_", StringComparison.Ordinal) ? sensor : "digit_" + sensor;
        return id is "digit_thumb" or "digit_index"
            ? id
            : throw new ArgumentException($"policy sensor '{sensor}' is not a fingertip (expected thumb or index, optionally prefixed digit_)");
    }

    public void Dispose()
    {
        Estimator.Dispose();
        _policy?.Dispose();
    }
}
