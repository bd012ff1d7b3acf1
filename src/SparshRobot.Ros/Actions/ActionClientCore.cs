using System.Collections.Concurrent;
using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Messages.ActionMsgs;
using SparshRobot.Ros.Messages.BuiltinInterfaces;
using SparshRobot.Ros.Messages.UniqueIdentifierMsgs;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Services;
using SparshRobot.Ros.Transport;

namespace SparshRobot.Ros.Actions;

/// <summary>
/// What an action client needs whatever its goal and result types are: the cancel service, the feedback and status
/// subscriptions, and the goals in flight (status from the status topic, feedback routed by goal id).
/// <see cref="ActionClient{TGoal, TResult, TFeedback}"/> (compiled types) and <see cref="DynamicActionClient"/>
/// (registered definitions) add their own send_goal and get_result clients around it.
/// </summary>
internal sealed class ActionClientCore<TFeedback> : IDisposable
{
    private readonly RosNode _node;
    private readonly FeedbackReader _readFeedback;
    private readonly string _feedbackMessageType;
    private readonly ServiceClient<CancelGoalRequest, CancelGoalResponse> _cancelGoal;
    private readonly IRawReader _feedback;
    private readonly IRawReader _status;
    private readonly ConcurrentDictionary<UUID, ClientGoalHandle<TFeedback>> _goals = new();
    private IReadOnlyList<GoalStatus> _latestStatus = [];
    private long _malformed;

    /// <param name="feedbackMessageType"><c>pkg/action/A_FeedbackMessage</c>, the feedback topic's type.</param>
    /// <param name="readFeedback">Decodes one feedback sample; <see cref="CdrFormatException"/> when malformed.</param>
    public ActionClientCore(RosNode node, string action, string feedbackMessageType, FeedbackReader readFeedback)
    {
        _node = node;
        Name = action;
        _readFeedback = readFeedback;
        _feedbackMessageType = feedbackMessageType;
        var transport = node.Context.Transport;
        _cancelGoal = new ServiceClient<CancelGoalRequest, CancelGoalResponse>(node, ActionEndpoints.CancelGoal(action), QosProfile.ServicesDefault, _ => { });
        try
        {
            _feedback = transport.SubscribeRaw(ActionEndpoints.Feedback(action), feedbackMessageType, ActionEndpoints.FeedbackQos, OnFeedback);
            try
            {
                _status = transport.SubscribeRaw(ActionEndpoints.Status(action), GoalStatusArray.TypeName, ActionEndpoints.StatusQos, OnStatus);
            }
            catch
            {
                _feedback.Dispose();
                throw;
            }
        }
        catch
        {
            _cancelGoal.Dispose();
            throw;
        }
    }

    /// <summary>Decodes a feedback message into its goal id and feedback.</summary>
    public delegate TFeedback FeedbackReader(ReadOnlySpan<byte> message, out UUID goalId);

    public string Name { get; }

    public IReadOnlyList<GoalStatus> LatestStatus => Volatile.Read(ref _latestStatus);

    public long MalformedMessages => Interlocked.Read(ref _malformed);

    /// <summary>The cancel client's endpoints and the two subscriptions.</summary>
    public IEnumerable<object> TransportEndpoints => ((ITransportBacked)_cancelGoal).TransportEndpoints.Concat([_feedback, _status]);

    /// <summary>
    /// Whether a server can take goals now (rcl_action_server_is_available): the cancel service and the caller's two
    /// other services are available, and the feedback and status publishers are matched.
    /// </summary>
    public bool IsServerAvailable(bool sendGoalAndGetResultAvailable) =>
        sendGoalAndGetResultAvailable && _cancelGoal.IsServiceAvailable && _feedback.MatchedPublishers > 0 && _status.MatchedPublishers > 0;

    /// <summary>
    /// Gives a new goal a random id, routes its feedback from then on, and calls <paramref name="send"/> (the
    /// send_goal service); a rejected or failed goal is forgotten again.
    /// </summary>
    public async Task<ClientGoalHandle<TFeedback>> SendGoalAsync(Action<ClientGoalHandle<TFeedback>, TFeedback>? onFeedback,
        Func<UUID, Task<(bool Accepted, Time Stamp)>> send)
    {
        var handle = new ClientGoalHandle<TFeedback>(UUID.NewRandom(), onFeedback);
        _goals[handle.GoalId] = handle;
        try
        {
            var (accepted, stamp) = await send(handle.GoalId).ConfigureAwait(false);
            handle.Answered(accepted, stamp);
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

    /// <summary>Records a get_result answer: a terminal status ends the goal and stops its feedback.</summary>
    public void ResultArrived(UUID goalId, sbyte status)
    {
        if (GoalStatus.IsTerminal(status) && _goals.TryRemove(goalId, out var handle))
        {
            handle.Status = status;
        }
    }

    /// <inheritdoc cref="ActionClient{TGoal, TResult, TFeedback}.CancelGoalsAsync"/>
    public Task<CancelGoalResponse> CancelGoalsAsync(GoalInfo which, TimeSpan? timeout, CancellationToken cancellation) =>
        _cancelGoal.CallAsync(new CancelGoalRequest(which), timeout, cancellation);

    private void OnStatus(RawMessage raw)
    {
        GoalStatusArray array;
        try
        {
            array = RosSerializer.Deserialize<GoalStatusArray>(raw.Data.Span);
        }
        catch (CdrFormatException e)
        {
            Dropped(GoalStatusArray.TypeName, raw, e);
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
        TFeedback feedback;
        UUID goalId;
        try
        {
            feedback = _readFeedback(raw.Data.Span, out goalId);
        }
        catch (CdrFormatException e)
        {
            Dropped(_feedbackMessageType, raw, e);
            return;
        }
        if (!_goals.TryGetValue(goalId, out var handle))
        {
            return; // feedback of other clients' goals
        }
        try
        {
            handle.Feedback(feedback);
        }
        catch (Exception e)
        {
            _node.Logger.Error($"client of action {Name}: the feedback callback of goal {goalId} failed ({e.GetType().Name}: {e.Message})");
        }
    }

    private void Dropped(string typeName, RawMessage raw, CdrFormatException e)
    {
        Interlocked.Increment(ref _malformed);
        _node.Logger.Warn($"client of action {Name}: dropped a malformed {typeName} ({raw.Data.Length} bytes): {e.Message}");
    }

    public void Dispose()
    {
        _feedback.Dispose();
        _status.Dispose();
        _cancelGoal.Dispose();
    }
}
