using SparshRobot.Core.Geometry;

namespace SparshRobot.Sim.Hand;

/// <summary>Limits of the end effector's Cartesian tracking, as a Cartesian impedance controller on a Franka behaves.</summary>
/// <param name="TimeConstant">First-order time constant of pose tracking, s.</param>
/// <param name="MaxSpeed">Linear speed limit, m/s.</param>
/// <param name="MaxAcceleration">Linear acceleration limit, m/s^2.</param>
/// <param name="MaxAngularSpeed">Angular speed limit, rad/s.</param>
public sealed record TrackerLimits(double TimeConstant = 0.06, double MaxSpeed = 0.25, double MaxAcceleration = 2.5, double MaxAngularSpeed = 1.5)
{
    public static TrackerLimits Franka { get; } = new();
}

/// <summary>
/// The end effector: follows a pose target (velocity = error / time constant) or a twist target, then limits
/// speed and acceleration. Orientation follows the same first-order law with a rate limit, without acceleration
/// limits (the hand barely rotates in the maze task).
/// </summary>
public sealed class CartesianTracker(Pose3 initial, TrackerLimits limits)
{
    private Vec3 _velocity;
    private Pose3? _poseTarget;
    private Twist _twistTarget;

    public Pose3 Pose { get; private set; } = initial;

    public Vec3 Velocity => _velocity;

    public Vec3 AngularVelocity { get; private set; }

    public TrackerLimits Limits { get; } = limits;

    public void SetPoseTarget(Pose3 target) => _poseTarget = target;

    /// <summary>Switches to velocity control; the hand follows the twist (world frame) until a pose target comes.</summary>
    public void SetTwistTarget(Twist target)
    {
        _poseTarget = null;
        _twistTarget = target;
    }

    public void Step(double dt)
    {
        Vec3 desired;
        Vec3 desiredAngular;
        if (_poseTarget is { } target)
        {
            desired = (target.Position - Pose.Position) / Limits.TimeConstant;
            desiredAngular = (target.Orientation * Pose.Orientation.Conjugate()).ToRotationVector() / Limits.TimeConstant;
        }
        else
        {
            desired = _twistTarget.Linear;
            desiredAngular = _twistTarget.Angular;
        }
        desired = desired.ClampNorm(Limits.MaxSpeed);
        var dv = (desired - _velocity).ClampNorm(Limits.MaxAcceleration * dt);
        _velocity += dv;
        AngularVelocity = desiredAngular.ClampNorm(Limits.MaxAngularSpeed);
        var rotation = AngularVelocity.Norm * dt > 1e-12
            ? Quat.FromAxisAngle(AngularVelocity, AngularVelocity.Norm * dt) * Pose.Orientation
            : Pose.Orientation;
        Pose = new Pose3(Pose.Position + _velocity * dt, rotation);
    }
}
