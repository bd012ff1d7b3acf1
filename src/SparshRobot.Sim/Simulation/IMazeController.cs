using SparshRobot.Core.Geometry;
using SparshRobot.Core.Robot;
using SparshRobot.Sim.Mazes;

namespace SparshRobot.Sim.Simulation;

/// <summary>
/// What a person standing at the maze sees (the scripted teleoperator uses it; a policy never gets it): the
/// wire, where the bead and the fingertips really are, and whether the bead is in the hand.
/// </summary>
public sealed record SceneView(Maze Maze, Vec3 BeadPosition, Vec3 GraspPoint, bool BeadInHand);

/// <summary>Inputs to a controller at one observation tick.</summary>
/// <param name="Observation">What the robot reports.</param>
/// <param name="Tactile">The latest tactile tick (null before the first).</param>
/// <param name="Scene">What an operator sees; null where no person watches (a policy on a robot).</param>
/// <param name="Frames">Tactile images rendered since the previous tick, oldest first (null without a renderer): a policy needs every native-rate frame.</param>
public sealed record ControllerInput(EeObservation Observation, TactileTick? Tactile, SceneView? Scene, IReadOnlyList<Core.Sensing.TactileFrame>? Frames = null);

/// <summary>
/// Decides hand commands at the observation rate. It never learns whether it drives the simulator or a robot:
/// it gets observations and returns commands.
/// </summary>
public interface IMazeController
{
    string Name { get; }

    /// <summary>The command for this tick, or null to keep the last one.</summary>
    HandCommand? Act(ControllerInput input);
}
