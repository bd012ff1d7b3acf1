using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Messages.ActionMsgs;
using SparshRobot.Ros.Messages.Actions;
using SparshRobot.Ros.Messages.UniqueIdentifierMsgs;

namespace SparshRobot.Ros.Actions;

/// <summary>
/// An accepted goal as its execute callback sees it: the goal, a way to publish feedback, and a token that is
/// cancelled once a cancel request for this goal is accepted (the goal is then canceling and should end with
/// <see cref="ActionOutcome{TResult}.Canceled"/>).
/// </summary>
public sealed class ServerGoalHandle<TGoal, TFeedback>
    where TGoal : IRosMessage<TGoal>
    where TFeedback : IRosMessage<TFeedback>
{
    private readonly Action<FeedbackMessage<TFeedback>> _publish;
    private readonly CancellationTokenSource _cancel = new();
    private volatile sbyte _status = GoalStatus.StatusAccepted;

    internal ServerGoalHandle(GoalInfo info, TGoal goal, Action<FeedbackMessage<TFeedback>> publish)
    {
        Info = info;
        Goal = goal;
        _publish = publish;
    }

    /// <summary>The goal's id and the time the server accepted it.</summary>
    public GoalInfo Info { get; }

    public UUID GoalId => Info.GoalId;

    public TGoal Goal { get; }

    /// <summary>The current <c>GoalStatus.STATUS_*</c>.</summary>
    public sbyte Status
    {
        get => _status;
        internal set => _status = value;
    }

    /// <summary>Cancelled when a cancel request for this goal is accepted.</summary>
    public CancellationToken CancellationToken => _cancel.Token;

    public bool IsCancelRequested => _cancel.IsCancellationRequested;

    /// <summary>Publishes <paramref name="feedback"/> for this goal on <c>~/_action/feedback</c>.</summary>
    public void PublishFeedback(TFeedback feedback) => _publish(new FeedbackMessage<TFeedback>(GoalId, feedback));

    internal void RequestCancel() => _cancel.Cancel();
}
