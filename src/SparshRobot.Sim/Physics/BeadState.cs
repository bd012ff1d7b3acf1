using SparshRobot.Core.Geometry;

namespace SparshRobot.Sim.Physics;

/// <summary>
/// Ground truth of the bead and the grasp after one physics step (what /sim/ground_truth carries).
/// Forces are on the bead, newtons, world frame unless named otherwise.
/// </summary>
/// <param name="S">Arc length of the bead on the wire, metres.</param>
/// <param name="SDot">Speed along the wire, m/s.</param>
/// <param name="Position">Bead centre (always on the wire).</param>
/// <param name="Tangent">Wire tangent at the bead.</param>
/// <param name="GraspForce">Force the pads apply to the bead (spring plus damper).</param>
/// <param name="TangentialForce">Pull along the wire: grasp force plus weight, projected on the tangent.</param>
/// <param name="CrossForce">Magnitude of the load pressing the bead on the wire (grasp force plus weight across the tangent).</param>
/// <param name="FrictionLimit">Largest friction force the wire can give now, N.</param>
/// <param name="PadShear">Magnitude of the grasp force in the pad plane, the load the pads hold by friction, N.</param>
/// <param name="SlipOffset">Bead anchor relative to the pinch point in the EE frame; grows as the bead slips in the grasp.</param>
/// <param name="SlipDistance">Total slip of the bead in the grasp since the start, metres.</param>
public readonly record struct BeadState(
    double S,
    double SDot,
    Vec3 Position,
    Vec3 Tangent,
    bool Grasped,
    bool Slipping,
    bool Stuck,
    bool Jammed,
    Vec3 GraspForce,
    double TangentialForce,
    double CrossForce,
    double FrictionLimit,
    double PadShear,
    Vec3 SlipOffset,
    double SlipDistance);

/// <summary>Why a grasped bead stopped being grasped.</summary>
public enum GraspLoss
{
    None,

    /// <summary>The operator opened the hand (grip target below the hold force).</summary>
    Released,

    /// <summary>Grip fell below the hold force although a firm grip was commanded.</summary>
    GripTooLow,

    /// <summary>The bead slipped further than the pad radius.</summary>
    SlippedOff,
}
