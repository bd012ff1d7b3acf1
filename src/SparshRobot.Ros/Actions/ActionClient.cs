using System.Collections.Concurrent;
using SparshRobot.Ros.Cdr;
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
    private readonly RosNode _node;
    private readonly ServiceClient<SendGoalRequest<TGoal>, SendGoalResponse<TGoal>> _sendGoal;
    private readonly ServiceClient<CancelGoalRequest, CancelGoalResponse> _cancelGoal;
    private readonly ServiceClient<GetResultRequest<TResult>, GetResultResponse<TResult>> _getResult;
    private readonly IRawReader _feedback;
    private readonly IRawReader _status;
    private readonly ConcurrentDictionary<UUID, ClientGoalHandle<TFeedback>> _goals = new();
    private readonly Action<ActionClient<TGoal, TResult, TFeedback>> _onDispose;
    private IReadOnlyList<GoalStatus> _latestStatus = [];
    private long _malformed;
    private int _disposed;

    internal ActionClient(RosNode node, string action, Action<ActionClient<TGoal, TResult, TFeedback>> onDispose)
    {
        _node = node;
        Name = action;
        ActionType = RosTypeName.PartOwner(TGoal.TypeName, "action", "_Goal");
        _onDispose = onDispose;
        var transport = node.Context.Transport;
        var created = new List<IDisposable>();
        try
        {
            // Built directly rather than through the node's factories: the node keeps this client as one entity.
            _sendGoal = Track(new ServiceClient<SendGoalRequest<TGoal>, SendGoalResponse<TGoal>>(node, ActionEndpoints.SendGoal(action), QosProfile.ServicesDefault, _ => { }));
            _cancelGoal = Track(new ServiceClient<CancelGoalRequest, CancelGoalResponse>(node, ActionEndpoints.CancelGoal(action), QosProfile.ServicesDefault, _ => { }));
            _getResult = Track(new ServiceClient<GetResultRequest<TResult>, GetResultResponse<TResult>>(node, ActionEndpoints.GetResult(action), QosProfile.ServicesDefault, _ => { }));
            _feedback = Track(transport.SubscribeRaw(ActionEndpoints.Feedback(action), FeedbackMessage<TFeedback>.TypeName, ActionEndpoints.FeedbackQos, OnFeedback));
            _status = Track(transport.SubscribeRaw(ActionEndpoints.Status(action), GoalStatusArray.TypeName, ActionEndpoints.StatusQos, OnStatus));
        }
        catch
        {
            created.ForEach(e => e.Dispose());
            throw;
        }

        T Track<T>(T endpoint)
            where T : IDisposable
        {
            created.Add(endpoint);
            return endpoint;
        }
    }

    /// <summary>The fully qualified action name.</summary>
    public string Name { get; }

    /// <summary><c>pkg/action/A</c>.</summary>
    public string ActionType { get; }

    /// <summary>The last status array heard from the server.</summary>
    public IReadOnlyList<GoalStatus> LatestStatus => Volatile.Read(ref _latestStatus);

    /// <summary>Feedback or status samples that could not be decoded (logged and dropped).</summary>
    public long MalformedMessages => Interlocked.Read(ref _malformed);

    IEnumerable<object> ITransportBacked.TransportEndpoints =>
        new ITransportBacked[] { _sendGoal, _cancelGoal, _getResult }.SelectMany(c => c.TransportEndpoints).Concat([_feedback, _status]);

    /// <summary>
    /// Whether a server can take goals now: its three services are available and its feedback and status
    /// publishers are matched (rcl_action_server_is_available).
    /// </summary>
    public bool IsServerAvailable =>
        _sendGoal.IsServiceAvailable && _cancelGoal.IsServiceAvailable && _getResult.IsServiceAvailable
        && _feedback.MatchedPublishers > 0 && _status.MatchedPublishers > 0;

    /// <summary>Waits until <see cref="IsServerAvailable"/>; false when <paramref name="timeout"/> passes first.</summary>
    public async Task<bool> WaitForServerAsync(TimeSpan timeout, CancellationToken cancellation = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!IsServerAvailable)
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }
            await Task.Delay(10, cancellation).ConfigureAwait(false);
        }
        return true;
    }

    /// <summary>
    /// Sends <paramref name="goal"/> under a new random id and returns its handle once the server answered (check
    /// <see cref="ClientGoalHandle{TFeedback}.Accepted"/>). Feedback for the goal goes to <paramref name="onFeedback"/>
    /// from the moment it is sent. Timeout and cancellation behave as in <see cref="ServiceClient{TRequest, TResponse}.CallAsync"/>.
    /// </summary>
    public async Task<ClientGoalHandle<TFeedback>> SendGoalAsync(TGoal goal, Action<ClientGoalHandle<TFeedback>, TFeedback>? onFeedback = null,
        TimeSpan? timeout = null, CancellationToken cancellation = default)
    {
        var handle = new ClientGoalHandle<TFeedback>(UUID.NewRandom(), onFeedback);
        _goals[handle.GoalId] = handle;
        try
        {
            var response = await _sendGoal.CallAsync(new SendGoalRequest<TGoal>(handle.GoalId, goal), timeout, cancellation).ConfigureAwait(false);
            handle.Answered(response.Accepted, response.Stamp);
        }
        catch
        {
            _goals.TryRemove(handle.GoalId, out _);
            throw;
        }
        if (!handle.Accepted)
        {
            _goals.TryRemove(handle.GoalId, out _);
        }
        return handle;
    }

    /// <summary>
    /// Waits for the result of goal <paramref name="goalId"/>: the server answers when the goal ends, at once for a
    /// finished goal, and with <c>STATUS_UNKNOWN</c> for a goal it does not know (or no longer keeps).
    /// </summary>
    public async Task<GetResultResponse<TResult>> GetResultAsync(UUID goalId, TimeSpan? timeout = null, CancellationToken cancellation = default)
    {
        var response = await _getResult.CallAsync(new GetResultRequest<TResult>(goalId), timeout, cancellation).ConfigureAwait(false);
        if (GoalStatus.IsTerminal(response.Status) && _goals.TryRemove(goalId, out var handle))
        {
            handle.Status = response.Status;
        }
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
        _cancelGoal.CallAsync(new CancelGoalRequest(which), timeout, cancellation);

    private void OnStatus(RawMessage raw)
    {
        if (Decode<GoalStatusArray>(raw) is not { } array)
        {
            return;
        }
        Volatile.Write(ref _latestStatus, array.StatusList);
        foreach (var status in array.StatusList)
        {
            // A stale array may arrive after the result: a goal that ended stays ended.
            if (_goals.TryGetValue(status.GoalInfo.GoalId, out var handle) && !GoalStatus.IsTerminal(handle.Status))
            {
                handle.Status = status.Status;
            }
        }
    }

    private void OnFeedback(RawMessage raw)
    {
        if (Decode<FeedbackMessage<TFeedback>>(raw) is not { } message || !_goals.TryGetValue(message.GoalId, out var handle))
        {
            return; // feedback of other clients' goals
        }
        try
        {
            handle.Feedback(message.Feedback);
        }
        catch (Exception e)
        {
            _node.Logger.Error($"client of action {Name}: the feedback callback of goal {message.GoalId} failed ({e.GetType().Name}: {e.Message})");
        }
    }

    private T? Decode<T>(RawMessage raw)
        where T : class, IRosMessage<T>
    {
        try
        {
            return RosSerializer.Deserialize<T>(raw.Data.Span);
        }
        catch (CdrFormatException e)
        {
            Interlocked.Increment(ref _malformed);
            _node.Logger.Warn($"client of action {Name}: dropped a malformed {T.TypeName} ({raw.Data.Length} bytes): {e.Message}");
            return null;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        _feedback.Dispose();
        _status.Dispose();
        _sendGoal.Dispose();
        _cancelGoal.Dispose();
        _getResult.Dispose();
        _onDispose(this);
    }
}
