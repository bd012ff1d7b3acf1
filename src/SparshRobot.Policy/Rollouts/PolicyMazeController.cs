using SparshRobot.Core.Geometry;
using SparshRobot.Core.Robot;
using SparshRobot.Policy.Runtime;
using SparshRobot.Sim.Simulation;

namespace SparshRobot.Policy.Rollouts;

/// <summary>
/// Drives the simulated maze with a policy, seeing only what a robot would: every rendered DIGIT frame goes to the
/// <see cref="PolicyRunner"/>, and at each control tick the executed delta moves the pose target (commanded at the
/// start orientation, as the bead-maze robot script does). The scene's ground truth is never read.
/// </summary>
public sealed class PolicyMazeController : IMazeController
{
    private readonly PolicyRunner _runner;
    private readonly ChunkExecution _execution;
    private readonly Dictionary<string, string> _sensorOfFrame;
    private Pose3? _start;
    private Vec3 _target;
    private long _lastTick = -1;
    private double _inferenceMsTotal;

    public PolicyMazeController(PolicyRunner runner, ChunkExecutionMode mode)
    {
        _runner = runner;
        _execution = new ChunkExecution(mode, runner.Action);
        _sensorOfFrame = runner.Sensors.ToDictionary(s => FrameSensorId(s.Name), s => s.Name, StringComparer.Ordinal);
    }

    public string Name => $"policy-{_execution.Mode.ToString().ToLowerInvariant()}";

    /// <summary>Policy steps that produced a chunk.</summary>
    public int PolicySteps { get; private set; }

    /// <summary>Control ticks held because the runner was not ready (no or stale touch).</summary>
    public int NotReady { get; private set; }

    public double MeanInferenceMs => PolicySteps == 0 ? 0 : _inferenceMsTotal / PolicySteps;

    public HandCommand? Act(ControllerInput input)
    {
        var frames = input.Frames
            ?? throw new InvalidOperationException("the policy controller needs the rendered tactile frames: run the rollout with a renderer");
        foreach (var frame in frames)
        {
            _runner.PushFrame(_sensorOfFrame[frame.SensorId], frame);
        }
        var observation = input.Observation;
        if (_start is null)
        {
            _start = observation.EePose;
            _target = observation.EePose.Position;
        }
        // The observation rate (30 Hz) is a multiple of the control rate; act once per control period.
        var tick = (long)Math.Floor(observation.Stamp.TotalSeconds * _runner.Observation.RateHz + 1e-6);
        if (tick == _lastTick)
        {
            return null;
        }
        _lastTick = tick;
        if (_execution.NeedsPlan(tick))
        {
            var outcome = _runner.Step(observation.Stamp, observation.EePose.Position);
            if (outcome.Step is not { } step)
            {
                NotReady++;
                return null;
            }
            PolicySteps++;
            _inferenceMsTotal += step.Timing.TotalMs;
            _execution.Plan(tick, step.Actions);
        }
        if (_execution.Next(tick) is not { } delta)
        {
            return null;
        }
        _target += new Vec3(delta[0], delta[1], delta[2]);
        return new HandCommand(PoseTarget: new Pose3(_target, _start.Value.Orientation));
    }

    /// <summary>The simulator names its streams digit_thumb and digit_index; a dataset may call them thumb and index.</summary>
    private static string FrameSensorId(string sensor)
    {
        var id = sensor.StartsWith("digit_", StringComparison.Ordinal) ? sensor : "digit_" + sensor;
        return id is "digit_thumb" or "digit_index"
            ? id
            : throw new ArgumentException($"policy sensor '{sensor}' is not a simulated fingertip (expected thumb or index, optionally prefixed digit_)");
    }
}
