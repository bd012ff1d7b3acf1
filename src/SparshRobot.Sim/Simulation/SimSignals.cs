using SparshRobot.Core.Geometry;
using SparshRobot.Core.Sensing;
using SparshRobot.Core.Time;
using SparshRobot.Sim.Faults;
using SparshRobot.Sim.Physics;

namespace SparshRobot.Sim.Simulation;

/// <summary>Which periodic outputs fell due on a physics step.</summary>
[Flags]
public enum SimTicks
{
    None = 0,

    /// <summary>A 60 Hz tactile tick: read <see cref="BeadMazeSim.Tactile"/>.</summary>
    Tactile = 1,

    /// <summary>A policy-rate observation: read <see cref="BeadMazeSim.Observe"/>.</summary>
    Observation = 2,
}

/// <summary>What the robot reports: the end-effector pose from its kinematics (calibration errors included) and the grip.</summary>
public sealed record EeObservation(Timestamp Stamp, Pose3 EePose, double GripForce, double GripTarget);

/// <summary>One fingertip at a tactile tick: its contact, the faults the stream must honour, the image conditions.</summary>
public sealed record FingerTouch(ContactState Contact, TactileFaultFlags Flags, TactileImageConditions Conditions);

/// <summary>Both fingertips at one tactile tick.</summary>
public sealed record TactileTick(Timestamp Stamp, long Sequence, FingerTouch Thumb, FingerTouch Index);

/// <summary>Ground truth at one instant: the bead, the true hand and the faults in force.</summary>
public sealed record GroundTruth(Timestamp Stamp, BeadState Bead, Pose3 TrueEePose, Vec3 GraspPoint, double GripForce, Vec3 CalibrationOffset, double CommandLatency);

/// <summary>A command to the hand: a pose target or a twist target (not both), and optionally a grip target.</summary>
public sealed record HandCommand(Pose3? PoseTarget = null, Twist? TwistTarget = null, double? GripTarget = null)
{
    public void Validate()
    {
        if (PoseTarget is not null && TwistTarget is not null)
        {
            throw new ArgumentException("a hand command carries a pose target or a twist target, not both");
        }
    }
}
