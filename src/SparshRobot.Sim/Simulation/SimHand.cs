using SparshRobot.Core.Robot;

namespace SparshRobot.Sim.Simulation;

/// <summary>
/// The simulator behind the control layer's hardware boundary: reads what the robot reports, writes commands into
/// the simulator's command queue (subject to its latency faults) and returns what the hand applies after its limits.
/// </summary>
public sealed class SimHand(BeadMazeSim sim) : IHand
{
    public EeObservation Read() => sim.Observe();

    public HandCommand Write(HandCommand command)
    {
        sim.Command(command);
        return command.GripTarget is { } grip ? command with { GripTarget = Math.Clamp(grip, 0, sim.Options.MaxGrip) } : command;
    }
}
