using SparshRobot.Core.Geometry;

namespace SparshRobot.Control.Geometry;

/// <summary>
/// Where the robot's fingertips and their DIGIT pads are on the hand: the hand's own calibration, the same on a real
/// robot as in the simulator. Pad axes are unit vectors in the end-effector frame: image columns run along
/// <c>X</c>, image rows along <c>Y</c>.
/// </summary>
/// <param name="GraspOffset">Pinch point (between the pads) in the end-effector frame, metres.</param>
/// <param name="PinchAxis">Unit direction from the thumb pad to the index pad, end-effector frame.</param>
/// <param name="GraspStiffness">Stiffness between the pads and a held object, N/m: converts the difference of the pads' normal forces into how far the object sits off centre along the pinch axis.</param>
/// <param name="PinchTrustRadiusMm">The force difference is trusted in full while both imprints are within this distance of their pad centres, fading to nothing 0.5 mm further out.</param>
public sealed record FingertipGeometry(
    Vec3 GraspOffset,
    Vec3 PinchAxis,
    Vec3 ThumbX,
    Vec3 ThumbY,
    Vec3 IndexX,
    Vec3 IndexY,
    double GraspStiffness = 400,
    double PinchTrustRadiusMm = 1.0,
    string ThumbSensorId = "digit_thumb",
    string IndexSensorId = "digit_index")
{
    /// <summary>The bead-maze hand: pinch point 12 cm below the flange, pinching along +y, pads facing each other (so their x axes are mirrored).</summary>
    public static FingertipGeometry BeadMazeHand { get; } = new(
        new Vec3(0, 0, -0.12), Vec3.UnitY, new Vec3(-1, 0, 0), Vec3.UnitZ, Vec3.UnitX, Vec3.UnitZ);

    /// <summary>
    /// Share of the grasp's pinch-axis compliance that is in the finger servos: a held object sitting d off the pinch
    /// point moves the fingertips' midpoint (<c>EeObservation.FingerOffset</c>) by this share of d.
    /// </summary>
    public double FingerComplianceShare { get; init; } = 0.8;

    public Vec3 GraspPoint(Pose3 ee) => ee.TransformPoint(GraspOffset);

    /// <summary>The end-effector pose that puts the pinch point at <paramref name="grasp"/>.</summary>
    public Pose3 EeForGrasp(Vec3 grasp, Quat orientation) => new(grasp - orientation.Rotate(GraspOffset), orientation);
}
