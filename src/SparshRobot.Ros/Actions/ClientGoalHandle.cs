using SparshRobot.Ros.Messages.ActionMsgs;
using SparshRobot.Ros.Messages.BuiltinInterfaces;
using SparshRobot.Ros.Messages.UniqueIdentifierMsgs;

namespace SparshRobot.Ros.Actions;

/// <summary>
/// A goal as the client that sent it sees it: its id, whether the server took it and when, and its latest status
/// (from the server's status topic, or from its result). Feedback for it goes to the callback given when sending.
/// </summary>
public sealed class ClientGoalHandle<TFeedback>
{
    private readonly Action<ClientGoalHandle<TFeedback>, TFeedback>? _onFeedback;
    private volatile sbyte _status = GoalStatus.StatusUnknown;

    internal ClientGoalHandle(UUID goalId, Action<ClientGoalHandle<TFeedback>, TFeedback>? onFeedback)
    {
        GoalId = goalId;
        Stamp = new Time(0, 0);
        _onFeedback = onFeedback;
    }

    public UUID GoalId { get; }

    /// <summary>Whether the server accepted the goal.</summary>
    public bool Accepted { get; private set; }

    /// <summary>When the server accepted the goal (zero when it did not).</summary>
    public Time Stamp { get; private set; }

    public GoalInfo Info => new(GoalId, Stamp);

    /// <summary>The latest <c>GoalStatus.STATUS_*</c> heard for this goal (<c>STATUS_UNKNOWN</c> before any).</summary>
    public sbyte Status
    {
        get => _status;
        internal set => _status = value;
    }

    internal void Answered(bool accepted, Time stamp)
    {
        Accepted = accepted;
        Stamp = stamp;
    }

    internal void Feedback(TFeedback feedback) => _onFeedback?.Invoke(this, feedback);
}
