using SparshRobot.Core.Geometry;

namespace SparshRobot.Control.Laws;

/// <summary>Limits every command passes through, below the supervisor. Metres, radians, seconds, newtons.</summary>
/// <param name="MaxSpeed">Linear speed of the commanded twist.</param>
/// <param name="MaxAcceleration">Change of the commanded twist per second.</param>
/// <param name="WorkspaceMin">Lower corner of the box the pinch point must stay in.</param>
/// <param name="WorkspaceMax">Upper corner.</param>
/// <param name="MinGrip">Lowest grip command (0: the hand may open).</param>
/// <param name="MaxGrip">Highest grip command.</param>
/// <param name="MaxAngularSpeed">Angular speed of the commanded twist, and of a pose target's turn.</param>
/// <param name="MaxAngularAcceleration">Change of the commanded angular velocity per second.</param>
public sealed record MotionLimitOptions(
    double MaxSpeed = 0.08,
    double MaxAcceleration = 1.5,
    Vec3? WorkspaceMin = null,
    Vec3? WorkspaceMax = null,
    double MinGrip = 0,
    double MaxGrip = 8,
    double MaxAngularSpeed = 0.5,
    double MaxAngularAcceleration = 10)
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

    AngularSpeed,
    AngularAcceleration,
}

/// <summary>
/// Clamps commanded velocity (speed, acceleration; linear and angular), keeps the pinch point inside the workspace box
/// (no velocity pointing further out once at a wall, pose targets clipped into it and approached no faster than the
/// speed limits) and the grip within its range, and refuses non-finite values. Allocation free.
/// </summary>
public sealed class MotionLimits(MotionLimitOptions? options = null)
{
    private readonly long[] _counts = new long[Enum.GetValues<LimitReason>().Length];
    private Vec3 _lastVelocity;
    private Vec3 _lastAngular;

    public MotionLimitOptions Options { get; } = options ?? MotionLimitOptions.Default;

    public long Count(LimitReason reason) => _counts[(int)reason];

    /// <summary>The last reason a command was changed (None when it passed untouched).</summary>
    public LimitReason LastReason { get; private set; }

    /// <summary>Limits a velocity command for the pinch point at <paramref name="position"/>.</summary>
    public Vec3 Velocity(Vec3 desired, Vec3 position, double dt)
    {
        LastReason = LimitReason.None;
        var o = Options;
        desired = Rate(desired, ref _lastVelocity, o.MaxSpeed, o.MaxAcceleration, dt, LimitReason.Speed, LimitReason.Acceleration, commit: false);
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

    /// <summary>Limits an angular velocity command (speed, acceleration), rad/s.</summary>
    public Vec3 AngularVelocity(Vec3 desired, double dt)
    {
        LastReason = LimitReason.None;
        return Rate(desired, ref _lastAngular, Options.MaxAngularSpeed, Options.MaxAngularAcceleration, dt, LimitReason.AngularSpeed,
            LimitReason.AngularAcceleration, commit: true);
    }

    /// <summary>
    /// The next position target on the way from <paramref name="from"/> (the previous target) to <paramref name="target"/>:
    /// the target clipped into the workspace box, approached within the speed and acceleration limits over <paramref name="dt"/>
    /// (no time, no step).
    /// </summary>
    public Vec3 Position(Vec3 target, Vec3 from, double dt)
    {
        if (!Finite(target))
        {
            LastReason = LimitReason.None;
            Note(LimitReason.NotFinite);
            _lastVelocity = Vec3.Zero;
            return from;
        }
        var inside = Inside(target);
        var clipped = inside != target;
        if (dt <= 0)
        {
            LastReason = LimitReason.None;
            if (inside != from)
            {
                Note(LimitReason.Speed);
            }
            return from;
        }
        var step = Velocity((inside - from) / dt, from, dt) * dt;
        if (clipped)
        {
            Note(LimitReason.Workspace);
        }
        return from + step;
    }

    /// <summary>The next orientation target on the way from <paramref name="from"/> to <paramref name="target"/>, turning no faster than the angular speed limit.</summary>
    public Quat Orientation(Quat target, Quat from, double dt)
    {
        var angle = from.AngleTo(target);
        var max = Options.MaxAngularSpeed * Math.Max(dt, 0);
        if (angle <= max)
        {
            return target;
        }
        Note(LimitReason.AngularSpeed);
        if (max <= 0)
        {
            return from;
        }
        // The turn from -> target as axis and angle (the short way round), cut to what the limit allows.
        var turn = target * from.Conjugate();
        var axis = new Vec3(turn.X, turn.Y, turn.Z) * (turn.W < 0 ? -1 : 1);
        return Quat.FromAxisAngle(axis, max) * from;
    }

    /// <summary>Whether <paramref name="position"/> lies in the workspace box (always, without one).</summary>
    public bool InWorkspace(Vec3 position) => Inside(position) == position;

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
    public void Reset(Vec3 velocity = default, Vec3 angular = default)
    {
        _lastVelocity = velocity;
        _lastAngular = angular;
    }

    /// <summary>
    /// Non-finite values become zero; then the speed and, given time, the change from <paramref name="last"/> are capped.
    /// With <paramref name="commit"/> the result becomes the new last value.
    /// </summary>
    private Vec3 Rate(Vec3 desired, ref Vec3 last, double maxSpeed, double maxAcceleration, double dt, LimitReason speedReason, LimitReason accelerationReason, bool commit)
    {
        if (!Finite(desired))
        {
            Note(LimitReason.NotFinite);
            desired = Vec3.Zero;
        }
        var speed = desired.Norm;
        if (speed > maxSpeed)
        {
            desired *= maxSpeed / speed;
            Note(speedReason);
        }
        if (dt > 0)
        {
            var change = desired - last;
            var max = maxAcceleration * dt;
            if (change.Norm > max)
            {
                desired = last + change * (max / change.Norm);
                Note(accelerationReason);
            }
        }
        if (commit)
        {
            last = desired;
        }
        return desired;
    }

    private Vec3 Inside(Vec3 p) => Options.WorkspaceMin is { } lo && Options.WorkspaceMax is { } hi
        ? new Vec3(Math.Clamp(p.X, lo.X, hi.X), Math.Clamp(p.Y, lo.Y, hi.Y), Math.Clamp(p.Z, lo.Z, hi.Z))
        : p;

    private static bool Finite(Vec3 v) => double.IsFinite(v.X) && double.IsFinite(v.Y) && double.IsFinite(v.Z);

    private void Note(LimitReason reason)
    {
        _counts[(int)reason]++;
        LastReason = reason;
    }

    private static double Wall(double v, double p, double lo, double hi) => (p <= lo && v < 0) || (p >= hi && v > 0) ? 0 : v;
}
