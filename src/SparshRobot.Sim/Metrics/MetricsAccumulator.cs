using SparshRobot.Sim.Physics;
using SparshRobot.Sim.Simulation;

namespace SparshRobot.Sim.Metrics;

/// <summary>What kind of event a rollout marks on its plot.</summary>
public enum RolloutEventKind
{
    Slip,
    Drop,
    Jam,
    Release,
}

public sealed record RolloutEvent(double Time, RolloutEventKind Kind, double S, Core.Geometry.Vec3 Position);

/// <summary>
/// Folds the simulator's ground truth, step by step, into <see cref="RolloutMetrics"/> and a list of events.
/// Slips and jams count onsets, separated by at least <see cref="Debounce"/> seconds, so one long slide is one slip.
/// </summary>
public sealed class MetricsAccumulator(double startS, double wireLength)
{
    private readonly double _startS = startS;

    /// <summary>Seconds a condition must be absent before its next onset counts again, and a jam must last to count.</summary>
    public const double Debounce = 0.1;

    /// <summary>The bead counts as at the end stop within this distance, metres.</summary>
    public const double EndTolerance = 0.003;

    private readonly List<RolloutEvent> _events = [];
    private double _maxS = startS;
    private double _lastSlip = double.NegativeInfinity;
    private double _jamSince = double.NaN;
    private bool _jamCounted;
    private double _lastJam = double.NegativeInfinity;
    private int _slips;
    private int _drops;
    private int _jams;
    private int _releases;
    private double _maxCross;
    private double _trackingSum;
    private double _trackingMax;
    private int _trackingCount;
    private double _time;
    private double _successTime = double.NaN;
    private double _slipDistance;

    public IReadOnlyList<RolloutEvent> Events => _events;

    public bool Success => !double.IsNaN(_successTime);

    /// <summary>Call after every physics step.</summary>
    public void AddStep(double time, BeadState bead, GraspLoss loss)
    {
        _time = time;
        _maxS = Math.Max(_maxS, bead.S);
        _maxCross = Math.Max(_maxCross, bead.CrossForce);
        _slipDistance = bead.SlipDistance;
        if (bead.Slipping)
        {
            if (time - _lastSlip > Debounce)
            {
                _slips++;
                _events.Add(new RolloutEvent(time, RolloutEventKind.Slip, bead.S, bead.Position));
            }
            _lastSlip = time;
        }
        if (loss is GraspLoss.GripTooLow or GraspLoss.SlippedOff)
        {
            _drops++;
            _events.Add(new RolloutEvent(time, RolloutEventKind.Drop, bead.S, bead.Position));
        }
        else if (loss == GraspLoss.Released)
        {
            _releases++;
            _events.Add(new RolloutEvent(time, RolloutEventKind.Release, bead.S, bead.Position));
        }
        if (bead.Jammed)
        {
            if (double.IsNaN(_jamSince))
            {
                // A jam that resumes right after a short release is the same jam.
                _jamCounted = time - _lastJam <= Debounce && _jamCounted;
                _jamSince = time;
            }
            if (!_jamCounted && time - _jamSince >= Debounce)
            {
                _jams++;
                _jamCounted = true;
                _events.Add(new RolloutEvent(_jamSince, RolloutEventKind.Jam, bead.S, bead.Position));
            }
            _lastJam = time;
        }
        else
        {
            _jamSince = double.NaN;
        }
        if (!Success && bead.S >= wireLength - EndTolerance)
        {
            _successTime = time;
        }
    }

    /// <summary>Distance of the pinch point from the wire, sampled at the observation rate (a projection per call).</summary>
    public void AddTracking(double distance)
    {
        _trackingSum += distance;
        _trackingMax = Math.Max(_trackingMax, distance);
        _trackingCount++;
    }

    public RolloutMetrics Result()
    {
        var span = wireLength - _startS;
        var completion = span > 0 ? Math.Clamp((_maxS - _startS) / span, 0, 1) : 1;
        return new RolloutMetrics(
            Success ? 1 : completion,
            Success,
            Success ? _successTime : _time,
            _slips,
            _drops,
            _jams,
            _releases,
            _maxCross,
            _trackingCount > 0 ? _trackingSum / _trackingCount : 0,
            _trackingMax,
            _slipDistance);
    }
}
