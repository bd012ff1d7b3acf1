using SparshRobot.Core.Robot;

namespace SparshRobot.Control.Ros.Robot;

/// <summary>
/// A robot on a ROS 2 graph behind the control layer's hardware boundary: reads what the node last heard from it (pose,
/// grip) and writes through the <see cref="RobotCommandWriter"/>, stamping each command with the observation it answers.
/// The safety layer wraps it (<see cref="Control.Safety.SafeHand"/>) like any other hand.
/// </summary>
public sealed class RosRobotHand(RobotCommandWriter writer) : IHand
{
    private EeObservation _observation;

    /// <summary>What the robot reported last; the node sets it before each control tick.</summary>
    public void Observe(in EeObservation observation) => _observation = observation;

    public EeObservation Read() => _observation;

    public HandCommand Write(HandCommand command) => writer.Write(command, _observation.Stamp, _observation.EePose);
}
