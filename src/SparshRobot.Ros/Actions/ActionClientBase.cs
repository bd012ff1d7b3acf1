using SparshRobot.Ros.Messages.ActionMsgs;
using SparshRobot.Ros.Messages.BuiltinInterfaces;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Services;

namespace SparshRobot.Ros.Actions;

/// <summary>
/// What every action client shows whatever its goal and result types are: name, type, status, availability,
/// cancelling and disposal. <see cref="ActionClient{TGoal, TResult, TFeedback}"/> (compiled types) and
/// <see cref="DynamicActionClient"/> (registered definitions) add only their send_goal and get_result calls.
/// </summary>
public abstract class ActionClientBase<TFeedback> : IDisposable, ITransportBacked
{
    private readonly List<IServiceClient> _goalServices = new(2);
    private readonly Action<ActionClientBase<TFeedback>> _onDispose;
    private int _disposed;

    private protected ActionClientBase(RosNode node, string action, string actionType, string feedbackMessageType,
        ActionClientCore<TFeedback>.FeedbackReader readFeedback, Action<ActionClientBase<TFeedback>> onDispose)
    {
        Name = action;
        ActionType = actionType;
        _onDispose = onDispose;
        Core = new ActionClientCore<TFeedback>(node, action, feedbackMessageType, readFeedback);
    }

    /// <summary>The fully qualified action name.</summary>
    public string Name { get; }

    /// <summary><c>pkg/action/A</c>.</summary>
    public string ActionType { get; }

    /// <summary>The last status array heard from the server.</summary>
    public IReadOnlyList<GoalStatus> LatestStatus => Core.LatestStatus;

    /// <summary>Feedback or status samples that could not be decoded (logged and dropped).</summary>
    public long MalformedMessages => Core.MalformedMessages;

    private protected ActionClientCore<TFeedback> Core { get; }

    IEnumerable<object> ITransportBacked.TransportEndpoints =>
        _goalServices.SelectMany(c => c.TransportEndpoints).Concat(Core.TransportEndpoints);

    /// <summary>
    /// Whether a server can take goals now: its three services are available and its feedback and status
    /// publishers are matched (rcl_action_server_is_available).
    /// </summary>
    public bool IsServerAvailable => Core.IsServerAvailable(_goalServices.TrueForAll(c => c.IsServiceAvailable));

    /// <summary>Waits until <see cref="IsServerAvailable"/>; false when <paramref name="timeout"/> passes first.</summary>
    public Task<bool> WaitForServerAsync(TimeSpan timeout, CancellationToken cancellation = default) =>
        GraphWait.UntilAsync(() => IsServerAvailable, timeout, cancellation);

    /// <summary>Asks the server to cancel <paramref name="goal"/> (its id alone; older goals are left alone).</summary>
    public Task<CancelGoalResponse> CancelGoalAsync(ClientGoalHandle<TFeedback> goal, TimeSpan? timeout = null, CancellationToken cancellation = default) =>
        CancelGoalsAsync(new GoalInfo(goal.GoalId, new Time(0, 0)), timeout, cancellation);

    /// <summary>
    /// Sends a raw cancel request with CancelGoal's semantics: zero id and zero stamp cancel every goal, zero id
    /// and a stamp every goal accepted at or before it, an id (and a stamp) that goal (and those older).
    /// </summary>
    public Task<CancelGoalResponse> CancelGoalsAsync(GoalInfo which, TimeSpan? timeout = null, CancellationToken cancellation = default) =>
        Core.CancelGoalsAsync(which, timeout, cancellation);

    /// <summary>
    /// Creates one of the send_goal and get_result clients (built directly rather than through the node's factories:
    /// the node keeps the action client as one entity); if that throws, what was created so far is disposed.
    /// </summary>
    private protected T AddGoalService<T>(Func<T> create)
        where T : IServiceClient
    {
        try
        {
            var client = create();
            _goalServices.Add(client);
            return client;
        }
        catch
        {
            DisposeEndpoints();
            throw;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        DisposeEndpoints();
        _onDispose(this);
        GC.SuppressFinalize(this);
    }

    private void DisposeEndpoints()
    {
        foreach (var client in _goalServices)
        {
            client.Dispose();
        }
        Core.Dispose();
    }
}
