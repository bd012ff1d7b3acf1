using SparshRobot.Core.Robot;
using SparshRobot.Ros.Actions;
using SparshRobot.Ros.Messages.ControlMsgs;
using SparshRobot.Ros.Node;

namespace SparshRobot.Sim.Ros.Nodes;

/// <summary>
/// Serves <c>control_msgs/action/GripperCommand</c> on <c>/gripper/gripper_cmd</c> (beside the grip topics, named as
/// GripperActionController's <c>&lt;controller&gt;/gripper_cmd</c>) for the simulated pinch, which is force
/// controlled and has no finger travel: its opening is the bead's width while the pads press on it.
/// <list type="bullet">
/// <item>A <c>position</c> below the bead's width closes on the bead with <c>max_effort</c> newtons (0 or less: the
/// hand's maximum). The pads stop at the bead, short of the position, so the goal ends stalled once the measured force
/// settles at the target: SUCCEEDED with <c>stalled</c> set and <c>reached_goal</c> clear (a grasp, as
/// GripperActionController reports it with <c>allow_stalling</c>).</item>
/// <item>A <c>position</c> at or above the width opens the hand (force target 0) and is reached when the pads no
/// longer press; <c>position</c> then reports the goal's opening.</item>
/// </list>
/// Feedback goes out at each control tick; a new goal aborts the one running (as GripperActionController does).
/// </summary>
public sealed class SimGripperAction : IDisposable
{
    public const string ActionName = "/gripper/gripper_cmd";

    /// <summary>How close the measured force must come to the target to count as settled, N.</summary>
    public const double ForceTolerance = 0.05;

    private readonly RosCommandController _controller;
    private readonly double _maxForce;
    private readonly double _beadWidth;
    private readonly Lock _gate = new();
    private readonly ActionServer<GripperCommandGoal, GripperCommandResult, GripperCommandFeedback> _server;
    private CancellationTokenSource? _active;

    /// <param name="maxForce">The hand's strongest pinch, N (the simulator clamps to it too).</param>
    /// <param name="beadWidth">The pads' separation while they hold the bead, m.</param>
    public SimGripperAction(RosNode node, RosCommandController controller, double maxForce, double beadWidth)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxForce);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(beadWidth);
        _controller = controller;
        _maxForce = maxForce;
        _beadWidth = beadWidth;
        _server = node.CreateActionServer<GripperCommandGoal, GripperCommandResult, GripperCommandFeedback>(ActionName, ExecuteAsync,
            acceptGoal: (_, goal) => double.IsFinite(goal.Command.Position) && double.IsFinite(goal.Command.MaxEffort));
    }

    private async Task<ActionOutcome<GripperCommandResult>> ExecuteAsync(ServerGoalHandle<GripperCommandGoal, GripperCommandFeedback> goal)
    {
        using var preempted = new CancellationTokenSource();
        lock (_gate)
        {
            _active?.Cancel();
            _active = preempted;
        }
        try
        {
            var command = goal.Goal.Command;
            var opening = command.Position >= _beadWidth;
            var force = opening ? 0 : command.MaxEffort > 0 ? Math.Min(command.MaxEffort, _maxForce) : _maxForce;
            _controller.CommandGrip(force);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(goal.CancellationToken, preempted.Token);
            var state = new GripperCommandResult(_beadWidth, 0, false, false);
            while (true)
            {
                EeObservation observation;
                try
                {
                    observation = await _controller.NextObservationAsync(stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return goal.IsCancelRequested ? ActionOutcome<GripperCommandResult>.Canceled(state) : ActionOutcome<GripperCommandResult>.Aborted(state);
                }
                // Settled: our target is the one applied and the pads' force has come to it.
                var settled = Math.Abs(observation.GripTarget - force) < 1e-9 && Math.Abs(observation.GripForce - force) <= ForceTolerance;
                state = new GripperCommandResult(opening && settled ? command.Position : _beadWidth, observation.GripForce, settled && !opening, settled && opening);
                goal.PublishFeedback(new GripperCommandFeedback(state.Position, state.Effort, state.Stalled, state.ReachedGoal));
                if (settled)
                {
                    return ActionOutcome<GripperCommandResult>.Succeeded(state);
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                if (_active == preempted)
                {
                    _active = null;
                }
            }
        }
    }

    public void Dispose() => _server.Dispose();
}
