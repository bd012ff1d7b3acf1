using SparshRobot.Control.Estimation;
using SparshRobot.Core.Geometry;

namespace SparshRobot.Control.Geometry;

/// <summary>
/// What both pads feel, fused and expressed in the world frame at the reported hand pose: whether the bead is held,
/// where it sits relative to the pinch point and which way the wire runs through the fingers.
/// </summary>
/// <param name="Contact">At least one usable pad feels the bead.</param>
/// <param name="Offset">Bead centre minus pinch point, world frame, metres: in the pad plane from where the imprints sit, along the pinch axis from the finger positions where the hand reports them, else from how much harder one pad is pressed than the other.</param>
/// <param name="Axis">Unit direction of the wire through the pads, world frame; its sign is arbitrary.</param>
/// <param name="AxisConfidence">How elongated the imprints are, in [0, 1]: 0 means the direction is unknown.</param>
/// <param name="NormalForce">Mean normal force over the pads in contact, newtons.</param>
/// <param name="Shear">Mean pad shear, world frame, newtons (the load the bead puts on the fingers).</param>
/// <param name="SlipProbability">Largest slip probability of the usable pads.</param>
/// <param name="SlipSeverity">Largest slip speed of the usable pads, mm/s.</param>
/// <param name="Confidence">Mean confidence of the pads that contributed, in [0, 1].</param>
public readonly record struct FeltContact(
    bool Contact,
    Vec3 Offset,
    Vec3 Axis,
    double AxisConfidence,
    double NormalForce,
    Vec3 Shear,
    double SlipProbability,
    double SlipSeverity,
    double Confidence)
{
    public static FeltContact None => new(false, Vec3.Zero, Vec3.Zero, 0, 0, Vec3.Zero, 0, 0, 0);

    /// <summary>
    /// Fuses both pads (confidence-weighted) at the reported end-effector pose. A pad that is not usable
    /// (stale, frozen, implausible) contributes nothing. <paramref name="fingerOffset"/> is the hand's reported
    /// fingertip midpoint along the pinch axis (<c>EeObservation.FingerOffset</c>), NaN where it has none.
    /// </summary>
    public static FeltContact Fuse(in TactileState touch, Pose3 ee, FingertipGeometry hand, double fingerOffset = double.NaN)
    {
        double weight = 0, normal = 0, slipP = 0, slipV = 0, confidence = 0;
        var offset = Vec3.Zero;
        var shear = Vec3.Zero;
        // Axis as a doubled-angle vector so that opposite signs of the same line reinforce instead of cancelling.
        double c2 = 0, s2 = 0;
        var reference = Vec3.Zero;
        var contributors = 0;
        Accumulate(touch.Thumb, hand.ThumbX, hand.ThumbY);
        Accumulate(touch.Index, hand.IndexX, hand.IndexY);
        if (contributors == 0 || weight <= 0)
        {
            return None with { SlipProbability = slipP, SlipSeverity = slipV };
        }
        var pinchAxis = ee.Orientation.Rotate(hand.PinchAxis);
        if (double.IsFinite(fingerOffset))
        {
            // The compliant fingers follow the bead along the pinch axis: a direct reading, unlike two noisy force
            // estimates, and it holds wherever the imprints sit and with one pad blind.
            offset += pinchAxis * (fingerOffset / hand.FingerComplianceShare * weight);
        }
        else if (touch.Thumb.Usable && touch.Index.Usable && touch.Thumb.Contact && touch.Index.Contact)
        {
            // The bead pushes the pad it is pulled towards: index minus thumb normal force over the grasp stiffness.
            // Trusted only while both imprints are near the pad centres: an imprint running off the gel loses area,
            // so its force reads low and the difference can even change sign.
            var trust = PinchTrust(touch.Thumb, hand) * PinchTrust(touch.Index, hand);
            offset += pinchAxis * ((touch.Index.NormalForce - touch.Thumb.NormalForce) / hand.GraspStiffness * weight * trust);
        }
        var angle = 0.5 * Math.Atan2(s2, c2);
        var elongation = Math.Sqrt(c2 * c2 + s2 * s2) / weight;
        // Back from the doubled angle in the first contributing pad's in-plane basis.
        var (bx, by) = (reference, Vec3.Cross(pinchAxis, reference));
        var axis = (bx * Math.Cos(angle) + by * Math.Sin(angle)).Normalized();
        return new FeltContact(true, offset / weight, axis, Math.Clamp(elongation, 0, 1), normal / contributors, shear / weight,
            slipP, slipV, confidence / contributors);

        static double PinchTrust(in FingerEstimate f, FingertipGeometry hand)
        {
            var r = Math.Sqrt(f.OffsetXMm * f.OffsetXMm + f.OffsetYMm * f.OffsetYMm);
            return Math.Clamp((hand.PinchTrustRadiusMm + 0.5 - r) / 0.5, 0, 1);
        }

        void Accumulate(in FingerEstimate f, Vec3 padX, Vec3 padY)
        {
            if (!f.Usable)
            {
                return;
            }
            slipP = Math.Max(slipP, f.SlipProbability);
            slipV = Math.Max(slipV, f.SlipSeverity);
            if (!f.Contact)
            {
                return;
            }
            var x = ee.Orientation.Rotate(padX);
            var y = ee.Orientation.Rotate(padY);
            var w = f.Confidence;
            weight += w;
            contributors++;
            confidence += f.Confidence;
            normal += f.NormalForce;
            offset += (x * f.OffsetXMm + y * f.OffsetYMm) * (w / 1000);
            shear += (x * f.ShearXN + y * f.ShearYN) * w;
            var dir = x * Math.Cos(f.AngleRad) + y * Math.Sin(f.AngleRad);
            if (contributors == 1)
            {
                reference = x;
            }
            var rx = reference;
            var ry = Vec3.Cross(ee.Orientation.Rotate(hand.PinchAxis), rx);
            var theta = Math.Atan2(Vec3.Dot(dir, ry), Vec3.Dot(dir, rx));
            c2 += w * Math.Cos(2 * theta);
            s2 += w * Math.Sin(2 * theta);
        }
    }
}
