using SparshRobot.Sim.Hand;
using SparshRobot.Sim.Physics;

namespace SparshRobot.Sim.Simulation;

/// <summary>Rates and physical setup of a simulated maze run.</summary>
/// <param name="PhysicsRate">Physics steps per simulated second (the bead needs 1 kHz for its stiff grasp).</param>
/// <param name="TactileRate">DIGIT frame rate, Hz.</param>
/// <param name="ObservationRate">End-effector pose and grip state rate, Hz (the recorded teleop data is 30 FPS).</param>
/// <param name="StartS">Where the bead starts on the wire, metres from the start stop.</param>
/// <param name="InitialGrip">The bead starts pinched with this force, N.</param>
public sealed record SimOptions(
    int PhysicsRate = 1000,
    int TactileRate = 60,
    int ObservationRate = 30,
    double StartS = 0.02,
    double InitialGrip = 2.5)
{
    public static SimOptions Default { get; } = new();

    public BeadParameters Bead { get; init; } = BeadParameters.Default;

    public HandGeometry Hand { get; init; } = HandGeometry.Default;

    public TrackerLimits Tracker { get; init; } = TrackerLimits.Franka;

    public double MaxGrip { get; init; } = 15;

    public double GripTimeConstant { get; init; } = 0.05;

    public void Validate()
    {
        if (PhysicsRate <= 0 || TactileRate <= 0 || ObservationRate <= 0 || TactileRate > PhysicsRate || ObservationRate > PhysicsRate)
        {
            throw new ArgumentOutOfRangeException(nameof(PhysicsRate),
                $"rates must be positive with tactile ({TactileRate} Hz) and observation ({ObservationRate} Hz) at most the physics rate ({PhysicsRate} Hz)");
        }
        if (!(InitialGrip >= 0 && InitialGrip <= MaxGrip))
        {
            throw new ArgumentOutOfRangeException(nameof(InitialGrip), InitialGrip, $"initial grip must be in [0, {MaxGrip}] N");
        }
    }
}
