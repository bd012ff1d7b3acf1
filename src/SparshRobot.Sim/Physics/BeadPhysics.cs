using SparshRobot.Core.Geometry;
using SparshRobot.Sim.Hand;
using SparshRobot.Sim.Mazes;

namespace SparshRobot.Sim.Physics;

/// <summary>
/// The bead on the wire, one degree of freedom (arc length s), coupled to the fingertips by a stiff spring-damper.
/// Each step:
/// <list type="number">
/// <item>the pads pull the bead towards their anchor point; the part of that pull in the pad plane beyond
/// PadFriction x grip makes the bead slip in the grasp (the anchor moves), and slip beyond the pad radius or a grip
/// below the hold force loses the bead;</item>
/// <item>the load across the wire (pull plus weight) presses the bead on the wire, amplified by the grip
/// (a cocked bead bites), and sets the Coulomb friction limit, so an off-axis pull jams the bead;</item>
/// <item>the tangential motion is integrated implicitly in the spring and damper (unconditionally stable at a stiff
/// grasp) and friction is applied as a bounded impulse, so friction only ever removes energy.</item>
/// </list>
/// </summary>
public sealed class BeadPhysics
{
    private readonly Wire _wire;
    private readonly HandGeometry _hand;
    private Vec3 _previousAnchor;
    private bool _hasPreviousAnchor;
    private Vec3 _slipOffset;

    public BeadPhysics(Wire wire, HandGeometry hand, BeadParameters parameters, double startS)
    {
        _wire = wire;
        _hand = hand;
        Parameters = parameters;
        S = Math.Clamp(startS, 0, wire.Length);
        State = Snapshot(false, false, false, Vec3.Zero, 0, 0, 0, 0);
    }

    public BeadParameters Parameters { get; }

    public double S { get; private set; }

    public double SDot { get; private set; }

    public bool Grasped { get; private set; }

    public double SlipDistance { get; private set; }

    public BeadState State { get; private set; }

    /// <summary>Kinetic energy, gravitational potential (z) and elastic energy of the grasp spring, joules.</summary>
    public double MechanicalEnergy(Pose3 ee)
    {
        var p = Parameters;
        var position = _wire.Point(S);
        var energy = 0.5 * p.BeadMass * SDot * SDot + p.BeadMass * BeadParameters.Gravity * position.Z;
        if (Grasped)
        {
            var stretch = Anchor(ee) - position;
            energy += 0.5 * p.GraspStiffness * Vec3.Dot(stretch, stretch);
        }
        return energy;
    }

    /// <summary>Pinches the bead where it is now (episode start, or a regrasp that closed on it).</summary>
    public void Grasp(Pose3 ee)
    {
        var offset = ee.Orientation.Conjugate().Rotate(_wire.Point(S) - _hand.GraspPoint(ee));
        // The closing pads centre the bead between them along the pinch axis.
        _slipOffset = offset - _hand.PinchAxis * Vec3.Dot(offset, _hand.PinchAxis);
        Grasped = true;
        _hasPreviousAnchor = false;
    }

    /// <summary>
    /// Advances one step. <paramref name="ee"/> is the true end-effector pose after the hand moved this step;
    /// <paramref name="padFrictionScale"/> and <paramref name="wireFrictionScale"/> come from faults (1 = nominal).
    /// Returns why the grasp was lost this step, if it was.
    /// </summary>
    public GraspLoss Step(double dt, Pose3 ee, double grip, double gripTarget, double padFrictionScale, double wireFrictionScale)
    {
        var p = Parameters;
        var loss = GraspLoss.None;
        if (!Grasped && grip >= p.HoldForce && CanCapture(ee))
        {
            Grasp(ee);
        }
        if (Grasped && grip < p.HoldForce)
        {
            loss = gripTarget < p.HoldForce ? GraspLoss.Released : GraspLoss.GripTooLow;
            Grasped = false;
        }

        var position = _wire.Point(S);
        var tangent = _wire.Tangent(S);
        var weight = new Vec3(0, 0, -p.BeadMass * BeadParameters.Gravity);
        var graspForce = Vec3.Zero;
        var anchorSpeed = 0.0;
        var stretchAlong = 0.0;
        var slipping = false;
        var padShear = 0.0;
        var stiffness = 0.0;
        var damping = 0.0;
        if (Grasped)
        {
            var anchor = Anchor(ee);
            var anchorVelocity = _hasPreviousAnchor ? (anchor - _previousAnchor) / dt : Vec3.Zero;
            var stretch = anchor - position;
            var pinch = ee.Orientation.Rotate(_hand.PinchAxis);
            var inPlane = stretch - pinch * Vec3.Dot(stretch, pinch);
            var capacity = p.PadFriction * padFrictionScale * grip;
            var elastic = p.GraspStiffness * inPlane.Norm;
            padShear = Math.Min(elastic, capacity);
            if (elastic > capacity)
            {
                // The pads slide over the bead until the elastic load is back at the friction limit.
                var excess = inPlane * (1 - capacity / elastic);
                _slipOffset -= ee.Orientation.Conjugate().Rotate(excess);
                SlipDistance += excess.Norm;
                slipping = true;
                anchor -= excess;
                stretch -= excess;
                if (SlipRadius() > _hand.PadRadius)
                {
                    Grasped = false;
                    loss = GraspLoss.SlippedOff;
                }
            }
            _previousAnchor = anchor;
            _hasPreviousAnchor = true;
            if (Grasped)
            {
                graspForce = stretch * p.GraspStiffness + (anchorVelocity - tangent * SDot) * p.GraspDamping;
                anchorSpeed = Vec3.Dot(anchorVelocity, tangent);
                stretchAlong = Vec3.Dot(stretch, tangent);
                stiffness = p.GraspStiffness;
                damping = p.GraspDamping;
            }
        }

        var across = graspForce + weight;
        across -= tangent * Vec3.Dot(across, tangent);
        var crossForce = across.Norm;
        var bite = Grasped ? 1 + grip / p.JamGripForce : 1;
        var frictionLimit = p.WireFriction * wireFrictionScale * crossForce * bite;

        // Implicit in the spring and damper along the tangent: M v' = m v + dt (k d + c a_t + w_t), M = m + dt c + dt^2 k.
        var weightAlong = Vec3.Dot(weight, tangent);
        var drive = stiffness * stretchAlong + damping * anchorSpeed + weightAlong;
        var effectiveMass = p.BeadMass + dt * damping + dt * dt * stiffness;
        var free = (p.BeadMass * SDot + dt * drive) / effectiveMass;
        var frictionImpulse = dt * frictionLimit / effectiveMass;
        var stuck = Math.Abs(free) <= frictionImpulse;
        SDot = stuck ? 0 : free - Math.Sign(free) * frictionImpulse;
        S += SDot * dt;
        if (S <= 0)
        {
            S = 0;
            SDot = Math.Max(0, SDot);
        }
        else if (S >= _wire.Length)
        {
            S = _wire.Length;
            SDot = Math.Min(0, SDot);
        }
        var tangential = Vec3.Dot(graspForce + weight, tangent);
        var jammed = Grasped && stuck && Math.Abs(tangential) > p.JamForce && S > 0 && S < _wire.Length;
        State = Snapshot(slipping, stuck, jammed, graspForce, tangential, crossForce, frictionLimit, padShear);
        return loss;
    }

    /// <summary>Where the pads hold the bead, in the world.</summary>
    public Vec3 Anchor(Pose3 ee) => _hand.GraspPoint(ee) + ee.Orientation.Rotate(_slipOffset);

    /// <summary>Bead offset from the pad centre within the pad plane, metres.</summary>
    public double SlipRadius()
    {
        var inPlane = _slipOffset - _hand.PinchAxis * Vec3.Dot(_slipOffset, _hand.PinchAxis);
        return inPlane.Norm;
    }

    private bool CanCapture(Pose3 ee)
    {
        var d = _wire.Point(S) - _hand.GraspPoint(ee);
        var pinch = ee.Orientation.Rotate(_hand.PinchAxis);
        var along = Vec3.Dot(d, pinch);
        var inPlane = (d - pinch * along).Norm;
        return inPlane < Parameters.CaptureDistance && Math.Abs(along) < Parameters.CaptureDistance;
    }

    private BeadState Snapshot(bool slipping, bool stuck, bool jammed, Vec3 force, double tangential, double cross, double limit, double shear) =>
        new(S, SDot, _wire.Point(S), _wire.Tangent(S), Grasped, slipping, stuck, jammed, force, tangential, cross, limit, shear,
            Grasped ? _slipOffset : Vec3.Zero, SlipDistance);
}
