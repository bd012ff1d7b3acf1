using SparshRobot.Ros.Messages.ActionMsgs;

namespace SparshRobot.Ros.Actions;

/// <summary>How an execute callback ended a goal: a terminal <c>GoalStatus.STATUS_*</c> and the result to report.</summary>
public sealed record ActionOutcome<TResult>
{
    private ActionOutcome(sbyte status, TResult result)
    {
        Status = status;
        Result = result;
    }

    /// <summary><see cref="GoalStatus.StatusSucceeded"/>, <see cref="GoalStatus.StatusCanceled"/> or <see cref="GoalStatus.StatusAborted"/>.</summary>
    public sbyte Status { get; }

    public TResult Result { get; }

    public static ActionOutcome<TResult> Succeeded(TResult result) => new(GoalStatus.StatusSucceeded, result);

    public static ActionOutcome<TResult> Aborted(TResult result) => new(GoalStatus.StatusAborted, result);

    /// <summary>Only valid once a cancel of the goal was accepted (the goal is canceling), as in rclcpp_action.</summary>
    public static ActionOutcome<TResult> Canceled(TResult result) => new(GoalStatus.StatusCanceled, result);
}
