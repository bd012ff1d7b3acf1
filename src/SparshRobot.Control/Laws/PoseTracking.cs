using SparshRobot.Core.Geometry;

namespace SparshRobot.Control.Laws;

/// <summary>How a pose target becomes a twist on an interface that takes only velocities.</summary>
/// <param name="TimeConstant">First-order time constant, s: the twist closes the pose error in about this time.</param>
/// <param name="MaxSpeed">Linear speed limit of the resulting twist, m/s.</param>
/// <param name="MaxAngularSpeed">Angular speed limit, rad/s.</param>
public sealed record PoseTrackingOptions(double TimeConstant = 0.06, double MaxSpeed = 0.25, double MaxAngularSpeed = 1.5)
{
    public static PoseTrackingOptions Default { get; } = new();

    public void Validate()
    {
        if (!(TimeConstant > 0) || !(MaxSpeed > 0) || !(MaxAngularSpeed > 0))
        {
            throw new ArgumentException($"pose tracking: time constant {TimeConstant} s, max speed {MaxSpeed} m/s and max angular speed {MaxAngularSpeed} rad/s must be positive");
        }
    }
}

/// <summary>
/// Turns a pose target into a world-frame twist for MoveIt Servo or a Cartesian velocity controller: the error over
/// the time constant, speed-limited, the way a Cartesian impedance controller (and the simulator's hand) follows a pose.
/// </summary>
public static class PoseTracking
{
    public static Twist Toward(Pose3 current, Pose3 target, PoseTrackingOptions options)
    {
        var linear = ((target.Position - current.Position) / options.TimeConstant).ClampNorm(options.MaxSpeed);
        var angular = ((target.Orientation * current.Orientation.Conjugate()).ToRotationVector() / options.TimeConstant).ClampNorm(options.MaxAngularSpeed);
        return new Twist(linear, angular);
    }
}
