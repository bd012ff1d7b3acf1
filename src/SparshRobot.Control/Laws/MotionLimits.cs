using SparshRobot.Core.Geometry;

namespace SparshRobot.Control.Laws;

/// <summary>Limits every command passes through, below the supervisor. Metres, seconds, newtons.</summary>
/// <param name="MaxSpeed">Linear speed of the commanded twist.</param>
/// <param name="MaxAcceleration">Change of the commanded twist per second.</param>
/// <param name="WorkspaceMin">Lower corner of the box the pinch point must stay in.</param>
/// <param name="WorkspaceMax">Upper corner.</param>
/// <param name="MinGrip">Lowest grip command (0: the hand may open).</param>
/// <param name="MaxGrip">Highest grip command.</param>
public sealed record MotionLimitOptions(
    double MaxSpeed = 0.08,
    double MaxAcceleration = 1.5,
    Vec3? WorkspaceMin = null,
    Vec3? WorkspaceMax = null,
    double MinGrip = 0,
    double MaxGrip = 8)
{
    public static MotionLimitOptions Default { get; } = new();
}

/// <summary>Why a command was changed or refused; counted, so telemetry and tests can see it.</summary>
public enum LimitReason
{
    None,
    Speed,
    Acceleration,
    Workspace,
    Grip,

    /// <summary>A NaN or infinite value: the command is replaced by a stop.</summary>
    NotFinite,
}

/// <summary>
/// Clamps commanded velocity (speed, acceleration), keeps the pinch point inside the workspace box (no velocity
/// pointing further out once at a wall) and the grip within its range, and refuses non-finite values. Allocation free.
/// </summary>
public sealed class MotionLimits(MotionLimitOptions? options = null)
{
    private readonly long[] _counts = new long[Enum.GetValues<LimitReason>().Length];
    private Vec3 _lastVelocity;

    public MotionLimitOptions Options { get; } = options ?? MotionLimitOptions.Default;

    public long Count(LimitReason reason) => _counts[(int)reason];

    /// <summary>The last reason a command was changed (None when it passed untouched).</summary>
    public LimitReason LastReason { get; private set; }

    /// <summary>Limits a velocity command for the pinch point at <paramref name="position"/>.</summary>
    public Vec3 Velocity(Vec3 desired, Vec3 position, double dt)
    {
        LastReason = LimitReason.None;
        if (!double.IsFinite(desired.X) || !double.IsFinite(desired.Y) || !double.IsFinite(desired.Z))
        {
            Note(LimitReason.NotFinite);
            desired = Vec3.Zero;
        }
        var o = Options;
        var speed = desired.Norm;
        if (speed > o.MaxSpeed)
        {
            desired *= o.MaxSpeed / speed;
            Note(LimitReason.Speed);
        }
        if (dt > 0)
        {
            var change = desired - _lastVelocity;
            var max = o.MaxAcceleration * dt;
            if (change.Norm > max)
            {
                desired = _lastVelocity + change * (max / change.Norm);
                Note(LimitReason.Acceleration);
            }
        }
        if (o.WorkspaceMin is { } lo && o.WorkspaceMax is { } hi)
        {
            var clipped = new Vec3(
                Wall(desired.X, position.X, lo.X, hi.X),
                Wall(desired.Y, position.Y, lo.Y, hi.Y),
                Wall(desired.Z, position.Z, lo.Z, hi.Z));
            if (clipped != desired)
            {
                desired = clipped;
                Note(LimitReason.Workspace);
            }
        }
        _lastVelocity = desired;
        return desired;
    }

    public double Grip(double desired)
    {
        if (!double.IsFinite(desired))
        {
            Note(LimitReason.NotFinite);
            return Options.MinGrip;
        }
        var clamped = Math.Clamp(desired, Options.MinGrip, Options.MaxGrip);
        if (clamped != desired)
        {
            Note(LimitReason.Grip);
        }
        return clamped;
    }

    /// <summary>Forgets the last velocity (the hand was stopped by something else).</summary>
    public void Reset(Vec3 velocity = default) => _lastVelocity = velocity;

    private void Note(LimitReason reason)
    {
        _counts[(int)reason]++;
        LastReason = reason;
    }

    private static double Wall(double v, double p, double lo, double hi) => (p <= lo && v < 0) || (p >= hi && v > 0) ? 0 : v;
}
