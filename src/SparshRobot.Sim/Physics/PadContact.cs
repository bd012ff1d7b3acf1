using SparshRobot.Core.Geometry;
using SparshRobot.Core.Sensing;
using SparshRobot.Sim.Hand;

namespace SparshRobot.Sim.Physics;

/// <summary>
/// What each DIGIT pad feels: the bead sleeve around the wire lies under the pad as a cylinder along the wire
/// tangent (projected into the pad plane), a sleeve as long as the bead is wide, pressed in by the grip; the shear is the pad's share of the load the
/// bead puts on the grasp, so it points where the wire resists; the contact centre moves as the bead slips.
/// </summary>
public static class PadContact
{
    public static ContactState For(Finger finger, BeadState bead, Pose3 ee, double grip, HandGeometry hand, BeadParameters parameters)
    {
        if (!bead.Grasped || grip <= 0)
        {
            return ContactState.NoContact;
        }
        var (x, y, _) = hand.PadFrame(ee, finger);
        // Both pads share the tangential load; the bead pushes each pad opposite to the force the pads apply to it.
        var onPad = bead.GraspForce * -0.5;
        var shear = new Vec3(Vec3.Dot(onPad, x), Vec3.Dot(onPad, y), 0);
        var offset = bead.Position - hand.GraspPoint(ee);
        // A bead pulled along the pinch axis presses one pad harder than the other: that is how the pads feel the
        // wire leaving the board plane (loops with a pitch).
        var pinch = ee.Orientation.Rotate(hand.PinchAxis);
        var push = Vec3.Dot(onPad, pinch) * (finger == Finger.Index ? 1 : -1);
        var normal = Math.Max(0, grip + push);
        var centre = new Vec3(Vec3.Dot(offset, x) * 1000, Vec3.Dot(offset, y) * 1000, 0);
        var axis = new Vec3(Vec3.Dot(bead.Tangent, x), Vec3.Dot(bead.Tangent, y), 0);
        axis = axis.Norm > 1e-6 ? axis.Normalized() : Vec3.UnitX;
        // The bead is a sleeve about as long as it is wide: the pad feels where along the wire it sits.
        return new ContactState(IndenterShape.Cylinder, normal, shear, centre, parameters.BeadRadius * 1000, axis)
        {
            LengthMm = parameters.BeadRadius * 2000,
        };
    }
}
