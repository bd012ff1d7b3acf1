using SparshRobot.Control.Estimation;
using SparshRobot.Control.Geometry;
using SparshRobot.Core.Geometry;
using SparshRobot.Core.Time;

namespace SparshRobot.Control.Tests.Geometry;

public sealed class FeltContactTests
{
    private static readonly FingertipGeometry Hand = FingertipGeometry.BeadMazeHand;

    private static FingerEstimate Pad(double x, double y, double angle, double normal = 2.5, bool contact = true) =>
        new(default(Timestamp), contact, 40, x, y, angle, normal, 0, 0, 0, 0, 1, FrameHealth.Ok);

    [Test]
    public void Mirrored_pads_agree_on_where_the_bead_is_in_the_world()
    {
        // The bead 2 mm along world +x and 1 mm up: the thumb pad's x runs along world -x, the index pad's along +x.
        var felt = FeltContact.Fuse(new TactileState(Pad(-2, 1, 0), Pad(2, 1, 0)), Pose3.Identity, Hand);
        Assert.That(felt.Contact, Is.True);
        Assert.That(felt.Offset.X, Is.EqualTo(0.002).Within(1e-9));
        Assert.That(felt.Offset.Z, Is.EqualTo(0.001).Within(1e-9));
        Assert.That(felt.Offset.Y, Is.EqualTo(0).Within(1e-12));
        Assert.That(Math.Abs(felt.Axis.X), Is.EqualTo(1).Within(1e-9), "a wire along pad x on both pads runs along world x");
    }

    [Test]
    public void A_wire_at_an_angle_is_one_line_in_the_world_from_both_pads()
    {
        var a = 0.5;
        // Thumb sees the mirror image: its angle is pi - a, the same line as -a.
        var felt = FeltContact.Fuse(new TactileState(Pad(0, 0, -a), Pad(0, 0, a)), Pose3.Identity, Hand);
        Assert.That(Math.Abs(Vec3.Dot(felt.Axis, new Vec3(Math.Cos(a), 0, Math.Sin(a)))), Is.EqualTo(1).Within(1e-9));
        Assert.That(felt.AxisConfidence, Is.EqualTo(1).Within(1e-9));
    }

    [Test]
    public void A_pad_pressed_harder_says_the_bead_sits_towards_it_along_the_pinch_axis()
    {
        // Index pressed 0.8 N harder: the bead is pulled towards the index pad (+y) by 0.8 / 400 m.
        var felt = FeltContact.Fuse(new TactileState(Pad(0, 0, 0, 2.1), Pad(0, 0, 0, 2.9)), Pose3.Identity, Hand);
        Assert.That(felt.Offset.Y, Is.EqualTo(0.8 / Hand.GraspStiffness).Within(1e-9));
    }

    [Test]
    public void The_force_difference_is_not_trusted_once_an_imprint_runs_towards_the_pad_edge()
    {
        // Same 0.8 N difference; the imprints 1.25 mm from the centres (each pad half trusted: a quarter) and then 2 mm (none).
        var half = FeltContact.Fuse(new TactileState(Pad(-1.25, 0, 0, 2.1), Pad(1.25, 0, 0, 2.9)), Pose3.Identity, Hand);
        Assert.That(half.Offset.Y, Is.EqualTo(0.25 * 0.8 / Hand.GraspStiffness).Within(1e-9));
        var edge = FeltContact.Fuse(new TactileState(Pad(-2, 0, 0, 2.1), Pad(2, 0, 0, 2.9)), Pose3.Identity, Hand);
        Assert.That(edge.Offset.Y, Is.EqualTo(0).Within(1e-12));
        Assert.That(edge.Offset.X, Is.EqualTo(0.002).Within(1e-9), "the imprints' position is still used");
    }

    [Test]
    public void Reported_finger_positions_replace_the_force_difference_wherever_the_imprints_sit()
    {
        // The fingertips' midpoint 0.4 mm towards the index pad with 80 % of the compliance in the fingers: the bead
        // sits 0.5 mm that way, whatever the pads' forces say (here the thumb pressed harder, as on the gel's edge).
        var hand = Hand with { FingerComplianceShare = 0.8 };
        foreach (var x in new[] { 0.0, 2.0 })
        {
            var felt = FeltContact.Fuse(new TactileState(Pad(-x, 0, 0, 2.9), Pad(x, 0, 0, 2.1)), Pose3.Identity, hand, 0.0004);
            Assert.That(felt.Offset.Y, Is.EqualTo(0.0005).Within(1e-12), $"imprints {x} mm from the centres");
            Assert.That(felt.Offset.X, Is.EqualTo(x / 1000).Within(1e-12), "the pad plane still comes from the imprints");
        }
        var blind = Pad(0, 0, 0) with { Health = FrameHealth.Frozen, Confidence = 0 };
        var onePad = FeltContact.Fuse(new TactileState(blind, Pad(0, 0, 0)), Pose3.Identity, hand, -0.0004);
        Assert.That(onePad.Offset.Y, Is.EqualTo(-0.0005).Within(1e-12), "one pad blind: the fingers still say where the bead is");
        var turned = new Pose3(Vec3.Zero, Quat.FromAxisAngle(Vec3.UnitZ, Math.PI / 2));
        var rotated = FeltContact.Fuse(new TactileState(Pad(0, 0, 0), Pad(0, 0, 0)), turned, hand, 0.0004);
        Assert.That(rotated.Offset.X, Is.EqualTo(-0.0005).Within(1e-12), "the pinch axis turns with the hand");
    }

    [Test]
    public void Unusable_pads_count_for_nothing_and_no_contact_is_no_contact()
    {
        var frozen = Pad(5, 5, 0) with { Health = FrameHealth.Frozen, Confidence = 0 };
        var felt = FeltContact.Fuse(new TactileState(frozen, Pad(1, 0, 0)), Pose3.Identity, Hand);
        Assert.That(felt.Offset.X, Is.EqualTo(0.001).Within(1e-9), "only the index pad speaks");
        Assert.That(FeltContact.Fuse(new TactileState(Pad(0, 0, 0, contact: false), Pad(0, 0, 0, contact: false)), Pose3.Identity, Hand).Contact, Is.False);
        Assert.That(new TactileState(Pad(0, 0, 0, contact: false), Pad(0, 0, 0, contact: false)).BothLost, Is.True);
        Assert.That(new TactileState(frozen, frozen).Blind, Is.True);
    }
}
