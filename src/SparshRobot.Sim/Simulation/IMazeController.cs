using SparshRobot.Core.Geometry;
using SparshRobot.Core.Robot;
using SparshRobot.Sim.Mazes;

namespace SparshRobot.Sim.Simulation;

/// <summary>
/// What a person standing at the maze sees: the wire, where the bead and the fingertips really are, and whether the
/// bead is in the hand. Only the scripted teleoperator gets it (through its constructor); no controller input carries it.
/// </summary>
public sealed record SceneView(Maze Maze, Vec3 BeadPosition, Vec3 GraspPoint, bool BeadInHand);

/// <summary>Inputs to a controller at one tick: what a robot gives, nothing of the simulator's truth.</summary>
/// <param name="Observation">What the robot reports (pose from its kinematics, grip).</param>
/// <param name="Frames">Tactile images rendered since the previous call, oldest first (null without a renderer): a policy needs every native-rate frame.</param>
public sealed record ControllerInput(EeObservation Observation, IReadOnlyList<Core.Sensing.TactileFrame>? Frames = null);

/// <summary>
/// Decides hand commands. It never learns whether it drives the simulator or a robot: it gets observations and
/// returns commands, on the ticks it asks for.
/// </summary>
public interface IMazeController
{
    string Name { get; }

    /// <summary>The ticks the rollout calls <see cref="Act"/> on: observation rate (30 Hz) by default, or every tactile frame (60 Hz).</summary>
    SimTicks Ticks => SimTicks.Observation;

    /// <summary>The command for this tick, or null to keep the last one.</summary>
    HandCommand? Act(ControllerInput input);

    /// <summary>Why the controller has stopped for good (it holds the hand where it is and will not move again); null while it runs. A rollout ends there.</summary>
    string? Stopped => null;
}
