namespace SparshRobot.Sim.Teleop;

/// <summary>How the scripted operator behaves. Lengths metres, times seconds, forces newtons.</summary>
/// <param name="Speed">Progress along the wire on a straight.</param>
/// <param name="CurvatureSlowdown">Speed is divided by (1 + curvature x this): people slow down in bends.</param>
/// <param name="LookAhead">How far ahead the operator looks for the tightest bend.</param>
/// <param name="MaxLead">How far the hand target runs ahead of the bead before the operator waits for it.</param>
/// <param name="ReactionDelay">Human visual reaction lag.</param>
/// <param name="PerceptionNoise">Error in judging where the bead and the fingertips are (std).</param>
/// <param name="HandNoise">Hand tremor and drift (std of an Ornstein-Uhlenbeck wander across the wire).</param>
/// <param name="ArmFrequency">Natural frequency of the operator's arm, Hz (with <paramref name="ArmDamping"/> below 1 it overshoots).</param>
/// <param name="Grip">Nominal pinch force.</param>
/// <param name="RegraspRate">Spontaneous regrasps per second (people re-adjust their fingers now and then).</param>
/// <param name="SlipRegraspDistance">Visible bead offset from the fingertip centre that makes the operator regrasp.</param>
/// <param name="StuckTime">The bead not moving this long while pulled makes the operator back off.</param>
public sealed record TeleopProfile(
    double Speed = 0.035,
    double CurvatureSlowdown = 0.03,
    double LookAhead = 0.03,
    double MaxLead = 0.004,
    double ReactionDelay = 0.1,
    double PerceptionNoise = 0.0004,
    double HandNoise = 0.0004,
    double ArmFrequency = 2.5,
    double ArmDamping = 0.6,
    double Grip = 2.5,
    double RegraspRate = 1.0 / 25,
    double SlipRegraspDistance = 0.004,
    double StuckTime = 0.6)
{
    public static TeleopProfile Default { get; } = new();
}
