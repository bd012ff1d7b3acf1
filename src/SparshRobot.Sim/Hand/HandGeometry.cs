using SparshRobot.Core.Geometry;

namespace SparshRobot.Sim.Hand;

/// <summary>
/// Where the fingertips are relative to the end effector (the flange, <c>panda_link8</c>): the pinch point between
/// the thumb and index pads, and the pinch axis (from the thumb pad to the index pad), both in the EE frame.
/// </summary>
/// <param name="GraspOffset">Pinch point in the EE frame, metres.</param>
/// <param name="PinchAxis">Unit direction from the thumb pad to the index pad, EE frame.</param>
/// <param name="PadUp">Pad "height" direction (DIGIT image rows run against it), EE frame, perpendicular to the pinch axis.</param>
/// <param name="PadRadius">Usable half-size of a DIGIT gel pad; slip beyond it loses the bead, metres.</param>
public sealed record HandGeometry(Vec3 GraspOffset, Vec3 PinchAxis, Vec3 PadUp, double PadRadius = 0.008)
{
    /// <summary>Fingertips 12 cm below the flange, pinching along world y when the EE has identity orientation.</summary>
    public static HandGeometry Default { get; } = new(new Vec3(0, 0, -0.12), Vec3.UnitY, Vec3.UnitZ);

    /// <summary>
    /// Share of the grasp's compliance along the pinch axis that is in the finger servos rather than in the gels: the
    /// fingertips' midpoint moves by this share of a held bead's offset from the pinch point.
    /// </summary>
    public double FingerComplianceShare { get; init; } = 0.8;

    /// <summary>Resolution of the finger position the hand reports (joint encoders through the finger kinematics), metres.</summary>
    public double FingerResolution { get; init; } = 5e-5;

    public Vec3 GraspPoint(Pose3 ee) => ee.TransformPoint(GraspOffset);

    /// <summary>The EE pose that puts the pinch point at <paramref name="grasp"/> with orientation <paramref name="orientation"/>.</summary>
    public Pose3 EeForGrasp(Vec3 grasp, Quat orientation) => new(grasp - orientation.Rotate(GraspOffset), orientation);

    /// <summary>
    /// A pad's frame in the world: z out of the gel towards the bead, y along the pad height, x = y cross z. The
    /// thumb pad faces +pinch axis, the index pad faces -pinch axis (they face each other).
    /// </summary>
    public (Vec3 X, Vec3 Y, Vec3 Z) PadFrame(Pose3 ee, Finger finger)
    {
        var z = ee.Orientation.Rotate(PinchAxis) * (finger == Finger.Thumb ? 1 : -1);
        var up = ee.Orientation.Rotate(PadUp);
        var y = (up - z * Vec3.Dot(up, z)).Normalized();
        return (Vec3.Cross(y, z), y, z);
    }
}

/// <summary>The two fingertips that carry DIGIT sensors.</summary>
public enum Finger
{
    Thumb,
    Index,
}
