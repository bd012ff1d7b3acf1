using SparshRobot.Ros.Messages.GeometryMsgs;
using SparshRobot.Ros.Messages.StdMsgs;
using SparshRobot.Ros.Node;
using SparshRobot.Sim.Simulation;

namespace SparshRobot.Sim.Nodes;

/// <summary>
/// A maze controller whose commands come from ROS 2: <c>/robot/ee_target</c> (PoseStamped),
/// <c>/robot/ee_twist</c> (TwistStamped) and <c>/gripper/force_target</c> (Float64), as a robot's command topics.
/// The newest pose or twist wins; each command is applied once.
/// </summary>
public sealed class RosCommandController : IMazeController
{
    private readonly Lock _gate = new();
    private HandCommand? _pending;

    public RosCommandController(RosNode node)
    {
        node.CreateSubscription<PoseStamped>("/robot/ee_target", m => Merge(new HandCommand(PoseTarget: m.Pose.ToCore())));
        node.CreateSubscription<TwistStamped>("/robot/ee_twist", m => Merge(new HandCommand(TwistTarget: m.Twist.ToCore())));
        node.CreateSubscription<Float64>("/gripper/force_target", m => Merge(new HandCommand(GripTarget: m.Data)));
    }

    public string Name => "ros";

    public long Received { get; private set; }

    public HandCommand? Act(ControllerInput input)
    {
        lock (_gate)
        {
            var command = _pending;
            _pending = null;
            return command;
        }
    }

    private void Merge(HandCommand incoming)
    {
        lock (_gate)
        {
            Received++;
            var grip = incoming.GripTarget ?? _pending?.GripTarget;
            _pending = incoming.PoseTarget is not null || incoming.TwistTarget is not null
                ? incoming with { GripTarget = grip }
                : (_pending ?? new HandCommand()) with { GripTarget = grip };
        }
    }
}
