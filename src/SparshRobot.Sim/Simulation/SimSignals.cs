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

/// <summary>One fingertip at a tactile tick: its contact, the faults the stream must honour, the image conditions.</summary>
public sealed record FingerTouch(ContactState Contact, TactileFaultFlags Flags, TactileImageConditions Conditions);

/// <summary>Both fingertips at one tactile tick.</summary>
public sealed record TactileTick(Timestamp Stamp, long Sequence, FingerTouch Thumb, FingerTouch Index);

/// <summary>Ground truth at one instant: the bead, the true hand and the faults in force.</summary>
public sealed record GroundTruth(Timestamp Stamp, BeadState Bead, Pose3 TrueEePose, Vec3 GraspPoint, double GripForce, Vec3 CalibrationOffset, double CommandLatency);
