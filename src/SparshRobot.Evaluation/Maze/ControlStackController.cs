using SparshRobot.Control;
using SparshRobot.Control.Supervision;
using SparshRobot.Core.Robot;
using SparshRobot.Core.Time;
using SparshRobot.Sim.Simulation;

namespace SparshRobot.Evaluation.Maze;

/// <summary>
/// The simulator's side of the control layer: called on every tactile tick with the frames rendered since the last
/// one and the pose the robot reports, it runs the same <see cref="ControlLoop"/> the ROS controller node runs and
/// hands back its command. It sees what a robot would give, nothing of the simulator's truth.
/// </summary>
public sealed class ControlStackController(ControlLoop loop) : IMazeController, IDisposable
{
    private Timestamp? _last;

    public string Name => loop.Controller.Stack.Name;

    public SimTicks Ticks => SimTicks.Tactile;

    public ControlLoop Loop => loop;

    public HandCommand? Act(ControllerInput input)
    {
        var now = input.Observation.Stamp;
        var period = _last is { } last ? TimeSpan.FromTicks((now.TotalNanoseconds - last.TotalNanoseconds) / 100) : ControlLoop.FirstPeriod;
        _last = now;
        return loop.Tick(now, period, input.Observation, input.Frames ?? []).Command;
    }

    /// <summary>The supervisor's reason once it gave up into the safe hold, which it never leaves.</summary>
    public string? Stopped => loop.Controller.Supervisor.State == SupervisorState.SafeHold ? loop.Controller.Supervisor.HoldReason : null;

    public void Dispose() => loop.Dispose();
}
