namespace SparshRobot.Sim.Physics;

/// <summary>Physical constants of the bead, the wire and the grasp. SI units.</summary>
/// <param name="BeadMass">kg (a 12 mm wooden bead).</param>
/// <param name="BeadRadius">Radius of the bead sleeve the pads press on, metres; the imprint is a cylinder along the wire.</param>
/// <param name="GraspStiffness">Gel plus finger compliance between pads and bead, N/m.</param>
/// <param name="GraspDamping">N s/m; the default is about critical for the bead mass.</param>
/// <param name="WireFriction">Coulomb coefficient between bead bore and wire.</param>
/// <param name="PadFriction">Coulomb coefficient between pads and bead: the grasp holds a tangential load up to PadFriction x grip force.</param>
/// <param name="JamGripForce">
/// Grip force at which squeezing doubles the wire's normal load: a bead pulled off-axis cocks on the wire, and the
/// harder it is squeezed the harder its bore edges bite (normal load = cross force x (1 + grip / JamGripForce)).
/// </param>
/// <param name="HoldForce">Below this grip the pads no longer hold the bead, N.</param>
/// <param name="CaptureDistance">A closing grasp catches the bead when the pinch point is this close to it, metres.</param>
/// <param name="JamForce">A grasped bead that stays still while pulled along the wire by more than this is jammed, N.</param>
public sealed record BeadParameters(
    double BeadMass = 0.01,
    double BeadRadius = 0.006,
    double GraspStiffness = 400,
    double GraspDamping = 4,
    double WireFriction = 0.35,
    double PadFriction = 1.0,
    double JamGripForce = 3,
    double HoldForce = 0.3,
    double CaptureDistance = 0.006,
    double JamForce = 0.4)
{
    public const double Gravity = 9.81;

    public static BeadParameters Default { get; } = new();
}
