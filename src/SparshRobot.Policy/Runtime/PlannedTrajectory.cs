using SparshRobot.Core.Geometry;
using SparshRobot.Core.Time;

namespace SparshRobot.Policy.Runtime;

/// <summary>One point of a planned trajectory: where the end effector should be, and when.</summary>
public readonly record struct Waypoint(Timestamp Stamp, Vec3 Position);

/// <summary>
/// The end-effector path one policy step plans, what the policy node publishes on <c>/policy/ee_trajectory</c> and
/// what a downstream controller (force-aware tracking, recovery) follows: waypoint k is the observed position plus
/// the deltas of actions 0..k, due k+1 control periods after the observation, all at the orientation given.
/// </summary>
/// <param name="Origin">The observed position the plan starts from (waypoint k minus the sum of deltas 0..k).</param>
public sealed record PlannedTrajectory(Timestamp Stamp, Quat Orientation, IReadOnlyList<Waypoint> Waypoints, Vec3 Origin)
{
    /// <summary>
    /// The control period <paramref name="t"/> falls in at <paramref name="rateHz"/>: the grid on which a policy plans
    /// and its plans are followed (a hair of tolerance keeps stamps that sit on a period boundary in that period).
    /// </summary>
    public static long GridTick(Timestamp t, double rateHz) => (long)Math.Floor(t.TotalSeconds * rateHz + 1e-6);

    public static PlannedTrajectory From(PolicyStep step, Quat orientation, double rateHz)
    {
        if (!(rateHz > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(rateHz), rateHz, "the control rate must be positive");
        }
        var waypoints = new Waypoint[step.Actions.Length];
        var position = step.Position;
        for (var k = 0; k < step.Actions.Length; k++)
        {
            var a = step.Actions[k];
            if (a.Length != 3)
            {
                throw new InvalidOperationException($"action {k} has {a.Length} values; a trajectory is built from end-effector deltas (dx, dy, dz)");
            }
            position += new Vec3(a[0], a[1], a[2]);
            waypoints[k] = new Waypoint(step.Stamp.Add(TimeSpan.FromSeconds((k + 1) / rateHz)), position);
        }
        return new PlannedTrajectory(step.Stamp, orientation, waypoints, step.Position);
    }
}
