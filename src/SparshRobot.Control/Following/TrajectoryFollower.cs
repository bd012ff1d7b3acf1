using SparshRobot.Core.Geometry;
using SparshRobot.Core.Time;
using SparshRobot.Policy.Runtime;
using SparshRobot.Policy.Spec;

namespace SparshRobot.Control.Following;

/// <summary>Where the follower wants the end effector now.</summary>
/// <param name="Position">End-effector position setpoint, world, metres.</param>
/// <param name="Velocity">Feed-forward velocity along the plan, m/s.</param>
/// <param name="Active">A plan covers this instant; false before the first plan and once the plan ran out.</param>
public readonly record struct FollowerSetpoint(Vec3 Position, Vec3 Velocity, bool Active);

/// <summary>
/// Turns the policy's planned trajectories (end-effector deltas per control period, published as waypoints) into a
/// setpoint streamed at the control rate: chunks are executed as the policy was trained (temporal ensembling or
/// open-loop chunks, <see cref="ChunkExecution"/>), deltas are integrated from the previous target as the bead-maze
/// robot script does, and the setpoint moves smoothly between policy ticks, one tick ahead (the target the hand is
/// heading for). The simulator evaluation and the ROS controller node both use it, so what is measured deploys.
/// <see cref="Update"/> allocates nothing; <see cref="Accept"/> runs at the policy rate.
/// </summary>
public sealed class TrajectoryFollower
{
    private readonly ChunkExecution _execution;
    private readonly Vec3[] _path;
    private readonly float[][] _deltas;
    private int _length;
    private long _baseTick = long.MinValue;
    private bool _anchored;
    private Vec3 _anchor;

    public TrajectoryFollower(double rateHz, ActionSpec action, ChunkExecutionMode mode)
    {
        if (!(rateHz > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(rateHz), rateHz, "the policy rate must be positive");
        }
        RateHz = rateHz;
        Horizon = action.Horizon;
        _execution = new ChunkExecution(mode, action);
        _path = new Vec3[action.Horizon + 1];
        _deltas = new float[action.Horizon][];
    }

    public double RateHz { get; }

    public int Horizon { get; }

    public ChunkExecutionMode Mode => _execution.Mode;

    /// <summary>Plans accepted.</summary>
    public int Plans { get; private set; }

    /// <summary>Plans refused (older than one already taken, or with non-finite values).</summary>
    public int Rejected { get; private set; }

    /// <summary>The policy tick an instant falls in.</summary>
    public long TickAt(Timestamp t) => PlannedTrajectory.GridTick(t, RateHz);

    /// <summary>Whether the policy must plan at <paramref name="tick"/> (chunk mode plans only when its chunk ran out).</summary>
    public bool NeedsPlan(long tick) => _execution.Mode == ChunkExecutionMode.Ensemble
        ? _execution.NeedsPlan(tick)
        : Plans == 0 || _length == 0 || tick >= _baseTick + _length;

    /// <summary>Takes a plan; false (counted) when it is older than the last one or not finite.</summary>
    public bool Accept(PlannedTrajectory plan)
    {
        var tick = TickAt(plan.Stamp);
        if (tick <= _baseTick && Plans > 0 || plan.Waypoints.Count == 0 || !Finite(plan.Origin) || plan.Waypoints.Any(w => !Finite(w.Position)))
        {
            Rejected++;
            return false;
        }
        var chunk = new float[Math.Min(plan.Waypoints.Count, Horizon)][];
        var previous = plan.Origin;
        for (var k = 0; k < chunk.Length; k++)
        {
            var d = plan.Waypoints[k].Position - previous;
            chunk[k] = [(float)d.X, (float)d.Y, (float)d.Z];
            previous = plan.Waypoints[k].Position;
        }
        // The target at this tick on the current path; the first plan (or one after re-anchoring) starts where the hand is.
        var start = _anchored ? _anchor : Plans > 0 && tick - _baseTick <= _length ? _path[(int)(tick - _baseTick)] : plan.Origin;
        _anchored = false;
        _execution.Plan(tick, chunk);
        var n = 0;
        if (_execution.Mode == ChunkExecutionMode.Ensemble)
        {
            // Only this tick's action is ensembled over all chunks; later ticks use the newest chunk until it is replaced.
            _deltas[n++] = _execution.Next(tick) ?? chunk[0];
            for (var k = 1; k < chunk.Length; k++)
            {
                _deltas[n++] = chunk[k];
            }
        }
        else
        {
            while (_execution.Next(tick + n) is { } a)
            {
                _deltas[n++] = a;
            }
        }
        _path[0] = start;
        for (var k = 0; k < n; k++)
        {
            _path[k + 1] = _path[k] + new Vec3(_deltas[k][0], _deltas[k][1], _deltas[k][2]);
        }
        _length = n;
        _baseTick = tick;
        Plans++;
        return true;
    }

    /// <summary>The setpoint at <paramref name="now"/>: one policy tick ahead along the current path, still at its end.</summary>
    public FollowerSetpoint Update(Timestamp now)
    {
        if (Plans == 0 || _length == 0)
        {
            return new FollowerSetpoint(_anchored ? _anchor : Vec3.Zero, Vec3.Zero, false);
        }
        var u = now.TotalSeconds * RateHz - _baseTick + 1;
        if (u >= _length || u < 0)
        {
            return new FollowerSetpoint(_path[u < 0 ? 0 : _length], Vec3.Zero, false);
        }
        var j = (int)Math.Floor(u);
        var f = u - j;
        var step = _path[j + 1] - _path[j];
        return new FollowerSetpoint(_path[j] + step * f, step * RateHz, true);
    }

    /// <summary>Continues from <paramref name="position"/>: the next plan integrates from here (after a recovery moved the hand).</summary>
    public void Reanchor(Vec3 position)
    {
        _anchored = true;
        _anchor = position;
        _length = 0;
    }

    private static bool Finite(Vec3 v) => double.IsFinite(v.X) && double.IsFinite(v.Y) && double.IsFinite(v.Z);
}
