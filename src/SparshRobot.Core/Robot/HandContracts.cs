using SparshRobot.Core.Geometry;
using SparshRobot.Core.Time;

namespace SparshRobot.Core.Robot;

/// <summary>
/// What the robot reports about its hand: the end-effector pose from its kinematics (calibration errors included,
/// no ground truth), the grip force its fingers measure and the grip target they are regulating to, and where its
/// fingers are.
/// </summary>
/// <param name="FingerOffset">
/// Where the midpoint of the two fingertips sits along the pinch axis (from the thumb towards the index), relative to
/// the hand's nominal pinch point, metres, from the finger joint positions: compliant fingers give way to a held
/// object that the wire pulls off centre. NaN where the hand does not report finger positions.
/// </param>
public readonly record struct EeObservation(Timestamp Stamp, Pose3 EePose, double GripForce, double GripTarget, double FingerOffset = double.NaN);

/// <summary>
/// A command to the hand: a pose target or a twist target (not both, world frame), and optionally a grip force
/// target in newtons. A struct, so a control tick that issues one allocates nothing.
/// </summary>
public readonly record struct HandCommand(Pose3? PoseTarget = null, Twist? TwistTarget = null, double? GripTarget = null)
{
    public void Validate()
    {
        if (PoseTarget is not null && TwistTarget is not null)
        {
            throw new ArgumentException("a hand command carries a pose target or a twist target, not both");
        }
    }
}

/// <summary>
/// The hardware boundary of the control layer (ros2_control's read/write): the simulator implements it, and so does
/// a bridge to a real arm and gripper. A controller never learns which one it drives.
/// </summary>
public interface IHand
{
    /// <summary>The newest state the robot reported.</summary>
    EeObservation Read();

    /// <summary>Sends a command and returns what was actually applied after the hardware's own limits (clamped grip, ...).</summary>
    HandCommand Write(HandCommand command);
}
