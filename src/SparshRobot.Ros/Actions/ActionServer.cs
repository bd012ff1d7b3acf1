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
/// Serves a ROS 2 action as rclcpp_action does, over three services (<c>~/_action/send_goal</c>,
/// <c>cancel_goal</c>, <c>get_result</c>) and two topics (<c>feedback</c>, <c>status</c>). Accepted goals run their
/// execute callback off the executor; the status array is republished on every state change; a get_result for a
/// goal that has not ended is answered when it ends, one for an unknown or expired goal with <c>STATUS_UNKNOWN</c>;
/// finished goals are kept for <see cref="ActionServerOptions.ResultTimeout"/>.
/// </summary>
public sealed class ActionServer<TGoal, TResult, TFeedback> : IDisposable, ITransportBacked
    where TGoal : IRosMessage<TGoal>
    where TResult : IRosMessage<TResult>
    where TFeedback : IRosMessage<TFeedback>
{
    private readonly RosNode _node;
    private readonly Func<ServerGoalHandle<TGoal, TFeedback>, Task<ActionOutcome<TResult>>> _execute;
    private readonly Func<UUID, TGoal, bool> _acceptGoal;
    private readonly Func<ServerGoalHandle<TGoal, TFeedback>, bool> _acceptCancel;
    private readonly ActionServerOptions _options;
    private readonly Action<ActionServer<TGoal, TResult, TFeedback>> _onDispose;
    private readonly Lock _gate = new();
    private readonly Dictionary<UUID, Goal> _goals = [];
    private readonly ServiceServer<SendGoalRequest<TGoal>, SendGoalResponse<TGoal>> _sendGoal;
    private readonly ServiceServer<CancelGoalRequest, CancelGoalResponse> _cancelGoal;
    private readonly ServiceServer<GetResultRequest<TResult>, GetResultResponse<TResult>> _getResult;
    private readonly Publisher<FeedbackMessage<TFeedback>> _feedback;
    private readonly Publisher<GoalStatusArray> _status;
    private readonly RosTimer _expiry;
    private readonly Lazy<TResult> _emptyResult = new(ActionEndpoints.EmptyResult<TResult>);
    private bool _disposed;

    internal ActionServer(RosNode node, string action, Func<ServerGoalHandle<TGoal, TFeedback>, Task<ActionOutcome<TResult>>> execute,
        Func<UUID, TGoal, bool>? acceptGoal, Func<ServerGoalHandle<TGoal, TFeedback>, bool>? acceptCancel, ActionServerOptions? options,
        Action<ActionServer<TGoal, TResult, TFeedback>> onDispose)
    {
        _options = options ?? new ActionServerOptions();
        if (_options.ResultTimeout < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.ResultTimeout,
                $"action {action}: ActionServerOptions.ResultTimeout must not be negative");
        }
        _node = node;
        Name = action;
        ActionType = RosTypeName.PartOwner(TGoal.TypeName, "action", "_Goal");
        _execute = execute;
        _acceptGoal = acceptGoal ?? ((_, _) => true);
        _acceptCancel = acceptCancel ?? (_ => true);
        _onDispose = onDispose;
        var transport = node.Context.Transport;
        // Built directly rather than through the node's factories: the node keeps this server as one entity.
        _status = new Publisher<GoalStatusArray>(ActionEndpoints.Status(action), ActionEndpoints.StatusQos,
            transport.CreateWriter<GoalStatusArray>(ActionEndpoints.Status(action), ActionEndpoints.StatusQos), _ => { });
        _feedback = new Publisher<FeedbackMessage<TFeedback>>(ActionEndpoints.Feedback(action), ActionEndpoints.FeedbackQos,
            transport.CreateWriter<FeedbackMessage<TFeedback>>(ActionEndpoints.Feedback(action), ActionEndpoints.FeedbackQos), _ => { });
        _sendGoal = new(node, ActionEndpoints.SendGoal(action), QosProfile.ServicesDefault, (r, _) => Task.FromResult(OnSendGoal(r)), _ => { });
        _cancelGoal = new(node, ActionEndpoints.CancelGoal(action), QosProfile.ServicesDefault, (r, _) => Task.FromResult(OnCancelGoal(r)), _ => { });
        _getResult = new(node, ActionEndpoints.GetResult(action), QosProfile.ServicesDefault, OnGetResult, _ => { });
        var check = TimeSpan.FromTicks(Math.Clamp(_options.ResultTimeout.Ticks / 4, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerSecond));
        _expiry = node.CreateTimer(check, ExpireResults);
    }

    /// <summary>The fully qualified action name.</summary>
    public string Name { get; }

    /// <summary><c>pkg/action/A</c>.</summary>
    public string ActionType { get; }

    /// <summary>Every goal still kept and its status, as the last status array published.</summary>
    public IReadOnlyList<GoalStatus> Goals
    {
        get
        {
            lock (_gate)
            {
                return StatusList();
            }
        }
    }

    IEnumerable<object> ITransportBacked.TransportEndpoints =>
        new object[] { _sendGoal, _cancelGoal, _getResult, _feedback, _status }.SelectMany(e => ((ITransportBacked)e).TransportEndpoints);

    private SendGoalResponse<TGoal> OnSendGoal(SendGoalRequest<TGoal> request)
    {
        ExpireResults();
        var rejected = new SendGoalResponse<TGoal>(false, new Time(0, 0));
        lock (_gate)
        {
            if (_disposed)
            {
                return rejected;
            }
            if (_goals.ContainsKey(request.GoalId))
            {
                _node.Logger.Warn($"action {Name}: rejected goal {request.GoalId}: a goal with that id exists already");
                return rejected;
            }
        }
        bool accepted;
        try
        {
            accepted = _acceptGoal(request.GoalId, request.Goal);
        }
        catch (Exception e)
        {
            _node.Logger.Error($"action {Name}: the goal callback failed on goal {request.GoalId} ({e.GetType().Name}: {e.Message}); rejected it");
            return rejected;
        }
        if (!accepted)
        {
            return rejected;
        }
        var info = new GoalInfo(request.GoalId, Time.From(_node.Clock.Now()));
        var goal = new Goal(new ServerGoalHandle<TGoal, TFeedback>(info, request.Goal, _feedback.Publish));
        lock (_gate)
        {
            if (_disposed || !_goals.TryAdd(info.GoalId, goal))
            {
                return rejected;
            }
            PublishStatus();
        }
        _ = Task.Run(() => ExecuteAsync(goal));
        return new SendGoalResponse<TGoal>(true, info.Stamp);
    }

    private async Task ExecuteAsync(Goal goal)
    {
        var handle = goal.Handle;
        lock (_gate)
        {
            if (!_disposed && handle.Status == GoalStatus.StatusAccepted)
            {
                handle.Status = GoalStatus.StatusExecuting;
                PublishStatus();
            }
        }
        ActionOutcome<TResult> outcome;
        try
        {
            outcome = await _execute(handle).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (handle.IsCancelRequested)
        {
            outcome = ActionOutcome<TResult>.Canceled(_emptyResult.Value);
        }
        catch (Exception e)
        {
            _node.Logger.Error($"action {Name}: executing goal {handle.GoalId} failed ({e.GetType().Name}: {e.Message}); aborted it");
            outcome = ActionOutcome<TResult>.Aborted(_emptyResult.Value);
        }
        if (outcome.Status == GoalStatus.StatusCanceled && !handle.IsCancelRequested)
        {
            _node.Logger.Error($"action {Name}: goal {handle.GoalId} ended as canceled without an accepted cancel request; aborted it");
            outcome = ActionOutcome<TResult>.Aborted(outcome.Result);
        }
        lock (_gate)
        {
            handle.Status = outcome.Status;
            goal.FinishedAt = _options.Time.GetTimestamp();
            if (!_disposed)
            {
                PublishStatus();
            }
        }
        goal.Result.TrySetResult(new GetResultResponse<TResult>(outcome.Status, outcome.Result));
    }

    private CancelGoalResponse OnCancelGoal(CancelGoalRequest request)
    {
        ExpireResults();
        var (id, stamp) = (request.GoalInfo.GoalId, request.GoalInfo.Stamp);
        List<Goal> candidates;
        lock (_gate)
        {
            Goal? named = null;
            if (!id.IsZero && !_goals.TryGetValue(id, out named) && ActionEndpoints.IsZero(stamp))
            {
                return new CancelGoalResponse(CancelGoalResponse.ErrorUnknownGoalId, []);
            }
            if (named is not null && GoalStatus.IsTerminal(named.Handle.Status) && ActionEndpoints.IsZero(stamp))
            {
                return new CancelGoalResponse(CancelGoalResponse.ErrorGoalTerminated, []);
            }
            // A zero id and a zero stamp: every goal; a stamp: every goal accepted at or before it (and the named one).
            var all = id.IsZero && ActionEndpoints.IsZero(stamp);
            candidates = _goals.Values.Where(g => Cancelable(g)
                && (all || g == named || (!ActionEndpoints.IsZero(stamp) && ActionEndpoints.Compare(g.Handle.Info.Stamp, stamp) <= 0))).ToList();
        }
        var accepted = candidates.Where(AcceptCancel).ToList();
        var canceling = new List<Goal>();
        lock (_gate)
        {
            foreach (var goal in accepted.Where(Cancelable))
            {
                goal.Handle.Status = GoalStatus.StatusCanceling;
                canceling.Add(goal);
            }
            if (canceling.Count > 0)
            {
                PublishStatus();
            }
        }
        // Outside the lock: cancelling runs the execute callback's continuations, which may end the goal at once.
        foreach (var goal in canceling)
        {
            goal.Handle.RequestCancel();
        }
        return new CancelGoalResponse(canceling.Count > 0 ? CancelGoalResponse.ErrorNone : CancelGoalResponse.ErrorRejected,
            [.. canceling.Select(g => g.Handle.Info)]);
    }

    private static bool Cancelable(Goal goal) => goal.Handle.Status is GoalStatus.StatusAccepted or GoalStatus.StatusExecuting;

    private bool AcceptCancel(Goal goal)
    {
        try
        {
            return _acceptCancel(goal.Handle);
        }
        catch (Exception e)
        {
            _node.Logger.Error($"action {Name}: the cancel callback failed on goal {goal.Handle.GoalId} ({e.GetType().Name}: {e.Message}); rejected the cancel");
            return false;
        }
    }

    private Task<GetResultResponse<TResult>> OnGetResult(GetResultRequest<TResult> request, CancellationToken disposing)
    {
        ExpireResults();
        lock (_gate)
        {
            if (_goals.TryGetValue(request.GoalId, out var goal))
            {
                return goal.Result.Task.WaitAsync(disposing);
            }
        }
        return Task.FromResult(new GetResultResponse<TResult>(GoalStatus.StatusUnknown, _emptyResult.Value));
    }

    private void ExpireResults()
    {
        lock (_gate)
        {
            var now = _options.Time.GetTimestamp();
            var expired = _goals.Values
                .Where(g => g.FinishedAt is { } end && _options.Time.GetElapsedTime(end, now) >= _options.ResultTimeout)
                .Select(g => g.Handle.GoalId).ToList();
            foreach (var id in expired)
            {
                _goals.Remove(id);
            }
            if (expired.Count > 0 && !_disposed)
            {
                PublishStatus();
            }
        }
    }

    private List<GoalStatus> StatusList() => [.. _goals.Values.Select(g => new GoalStatus(g.Handle.Info, g.Handle.Status))];

    /// <summary>Called under the lock, so arrays go out in the order the states changed.</summary>
    private void PublishStatus() => _status.Publish(new GoalStatusArray(StatusList()));

    public void Dispose()
    {
        List<Goal> goals;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            goals = [.. _goals.Values];
        }
        _expiry.Dispose();
        _sendGoal.Dispose();
        _cancelGoal.Dispose();
        _getResult.Dispose();
        _feedback.Dispose();
        _status.Dispose();
        // Running goals are told to stop; their results have no one left to go to.
        foreach (var goal in goals)
        {
            goal.Handle.RequestCancel();
        }
        _onDispose(this);
    }

    private sealed class Goal(ServerGoalHandle<TGoal, TFeedback> handle)
    {
        public ServerGoalHandle<TGoal, TFeedback> Handle { get; } = handle;

        public TaskCompletionSource<GetResultResponse<TResult>> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>When the goal reached a terminal state (<see cref="ActionServerOptions.Time"/> timestamp).</summary>
        public long? FinishedAt { get; set; }
    }
}
