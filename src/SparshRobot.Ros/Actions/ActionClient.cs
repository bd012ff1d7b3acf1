using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Messages.ActionMsgs;
using SparshRobot.Ros.Messages.Actions;
using SparshRobot.Ros.Messages.BuiltinInterfaces;
using SparshRobot.Ros.Messages.Definitions;
using SparshRobot.Ros.Messages.UniqueIdentifierMsgs;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Services;
using SparshRobot.Ros.Transport;

namespace SparshRobot.Ros.Actions;

/// <summary>
/// Sends goals to a ROS 2 action server over its three services and follows them on its feedback and status
/// topics. Like <see cref="ServiceClient{TRequest, TResponse}"/>, replies, feedback and status arrive on the
/// transport's threads, so a caller need not spin an executor; feedback callbacks run there and must return quickly.
/// </summary>
public sealed class ActionClient<TGoal, TResult, TFeedback> : IDisposable, ITransportBacked
    where TGoal : IRosMessage<TGoal>
    where TResult : IRosMessage<TResult>
    where TFeedback : IRosMessage<TFeedback>
{
    private readonly ActionClientCore<TFeedback> _core;
    private readonly ServiceClient<SendGoalRequest<TGoal>, SendGoalResponse<TGoal>> _sendGoal;
    private readonly ServiceClient<GetResultRequest<TResult>, GetResultResponse<TResult>> _getResult;
    private readonly Action<ActionClient<TGoal, TResult, TFeedback>> _onDispose;
    private int _disposed;

    internal ActionClient(RosNode node, string action, Action<ActionClient<TGoal, TResult, TFeedback>> onDispose)
    {
        Name = action;
        ActionType = RosTypeName.PartOwner(TGoal.TypeName, "action", "_Goal");
        _onDispose = onDispose;
        _core = new ActionClientCore<TFeedback>(node, action, FeedbackMessage<TFeedback>.TypeName, ReadFeedback);
        try
        {
            // Built directly rather than through the node's factories: the node keeps this client as one entity.
            _sendGoal = new(node, ActionEndpoints.SendGoal(action), QosProfile.ServicesDefault, _ => { });
            _getResult = new(node, ActionEndpoints.GetResult(action), QosProfile.ServicesDefault, _ => { });
        }
        catch
        {
            _sendGoal?.Dispose();
            _core.Dispose();
            throw;
        }
    }

    /// <summary>The fully qualified action name.</summary>
    public string Name { get; }

    /// <summary><c>pkg/action/A</c>.</summary>
    public string ActionType { get; }

    /// <summary>The last status array heard from the server.</summary>
    public IReadOnlyList<GoalStatus> LatestStatus => _core.LatestStatus;

    /// <summary>Feedback or status samples that could not be decoded (logged and dropped).</summary>
    public long MalformedMessages => _core.MalformedMessages;

    IEnumerable<object> ITransportBacked.TransportEndpoints =>
        new ITransportBacked[] { _sendGoal, _getResult }.SelectMany(c => c.TransportEndpoints).Concat(_core.TransportEndpoints);

    /// <summary>
    /// Whether a server can take goals now: its three services are available and its feedback and status
    /// publishers are matched (rcl_action_server_is_available).
    /// </summary>
    public bool IsServerAvailable => _core.IsServerAvailable(_sendGoal.IsServiceAvailable && _getResult.IsServiceAvailable);

    /// <summary>Waits until <see cref="IsServerAvailable"/>; false when <paramref name="timeout"/> passes first.</summary>
    public Task<bool> WaitForServerAsync(TimeSpan timeout, CancellationToken cancellation = default) =>
        GraphWait.UntilAsync(() => IsServerAvailable, timeout, cancellation);

    /// <summary>
    /// Sends <paramref name="goal"/> under a new random id and returns its handle once the server answered (check
    /// <see cref="ClientGoalHandle{TFeedback}.Accepted"/>). Feedback for the goal goes to <paramref name="onFeedback"/>
    /// from the moment it is sent. Timeout and cancellation behave as in <see cref="ServiceClient{TRequest, TResponse}.CallAsync"/>.
    /// </summary>
    public Task<ClientGoalHandle<TFeedback>> SendGoalAsync(TGoal goal, Action<ClientGoalHandle<TFeedback>, TFeedback>? onFeedback = null,
        TimeSpan? timeout = null, CancellationToken cancellation = default) =>
        _core.SendGoalAsync(onFeedback, async id =>
        {
            var response = await _sendGoal.CallAsync(new SendGoalRequest<TGoal>(id, goal), timeout, cancellation).ConfigureAwait(false);
            return (response.Accepted, response.Stamp);
        });

    /// <summary>
    /// Waits for the result of goal <paramref name="goalId"/>: the server answers when the goal ends, at once for a
    /// finished goal, and with <c>STATUS_UNKNOWN</c> for a goal it does not know (or no longer keeps).
    /// </summary>
    public async Task<GetResultResponse<TResult>> GetResultAsync(UUID goalId, TimeSpan? timeout = null, CancellationToken cancellation = default)
    {
        var response = await _getResult.CallAsync(new GetResultRequest<TResult>(goalId), timeout, cancellation).ConfigureAwait(false);
        _core.ResultArrived(goalId, response.Status);
        return response;
    }

    /// <inheritdoc cref="GetResultAsync(UUID, TimeSpan?, CancellationToken)"/>
    public Task<GetResultResponse<TResult>> GetResultAsync(ClientGoalHandle<TFeedback> goal, TimeSpan? timeout = null, CancellationToken cancellation = default) =>
        GetResultAsync(goal.GoalId, timeout, cancellation);

    /// <summary>Asks the server to cancel <paramref name="goal"/> (its id alone; older goals are left alone).</summary>
    public Task<CancelGoalResponse> CancelGoalAsync(ClientGoalHandle<TFeedback> goal, TimeSpan? timeout = null, CancellationToken cancellation = default) =>
        CancelGoalsAsync(new GoalInfo(goal.GoalId, new Time(0, 0)), timeout, cancellation);

    /// <summary>
    /// Sends a raw cancel request with CancelGoal's semantics: zero id and zero stamp cancel every goal, zero id
    /// and a stamp every goal accepted at or before it, an id (and a stamp) that goal (and those older).
    /// </summary>
    public Task<CancelGoalResponse> CancelGoalsAsync(GoalInfo which, TimeSpan? timeout = null, CancellationToken cancellation = default) =>
        _core.CancelGoalsAsync(which, timeout, cancellation);

    private static TFeedback ReadFeedback(ReadOnlySpan<byte> data, out UUID goalId)
    {
        var message = RosSerializer.Deserialize<FeedbackMessage<TFeedback>>(data);
        goalId = message.GoalId;
        return message.Feedback;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        _sendGoal.Dispose();
        _getResult.Dispose();
        _core.Dispose();
        _onDispose(this);
    }
}
