using System.Collections;
using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Messages.ActionMsgs;
using SparshRobot.Ros.Messages.Actions;
using SparshRobot.Ros.Messages.BuiltinInterfaces;
using SparshRobot.Ros.Messages.Dynamic;
using SparshRobot.Ros.Messages.UniqueIdentifierMsgs;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Services;
using SparshRobot.Ros.Transport;

namespace SparshRobot.Ros.Actions;

/// <summary>What get_result answered: the goal's final <c>GoalStatus.STATUS_*</c> and its result as a field tree.</summary>
public sealed record DynamicActionResult(sbyte Status, OrderedDictionary<string, object?> Result);

/// <summary>
/// A client of any action type a <see cref="MessageRegistry"/> knows, without compiled types: goals are field values
/// (as <see cref="MessageYaml.ParseValues"/> gives them, missing fields defaulted), feedback and results come back
/// as field trees (for <see cref="MessageYaml.ToYaml"/>). send_goal and get_result go through
/// <see cref="DynamicServiceClient"/>s of the action's wrapper services; the rest is shared with
/// <see cref="ActionClient{TGoal, TResult, TFeedback}"/>. Used by <c>action send_goal</c>.
/// </summary>
public sealed class DynamicActionClient : IDisposable, ITransportBacked
{
    private readonly ActionClientCore<OrderedDictionary<string, object?>> _core;
    private readonly DynamicServiceClient _sendGoal;
    private readonly DynamicServiceClient _getResult;
    private readonly DynamicMessageDecoder _feedbackDecoder;
    private readonly Action<DynamicActionClient> _onDispose;
    private int _disposed;

    internal DynamicActionClient(RosNode node, string action, RosActionType type, MessageRegistry registry, Action<DynamicActionClient> onDispose)
    {
        Name = action;
        ActionType = type.Name;
        _onDispose = onDispose;
        _feedbackDecoder = DynamicMessageDecoder.ForType(type.FeedbackType, registry);
        _core = new ActionClientCore<OrderedDictionary<string, object?>>(node, action, type.FeedbackMessageType, ReadFeedback);
        try
        {
            _sendGoal = new DynamicServiceClient(node, ActionEndpoints.SendGoal(action), type.SendGoalService, registry, QosProfile.ServicesDefault, _ => { });
            _getResult = new DynamicServiceClient(node, ActionEndpoints.GetResult(action), type.GetResultService, registry, QosProfile.ServicesDefault, _ => { });
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

    /// <inheritdoc cref="ActionClient{TGoal, TResult, TFeedback}.IsServerAvailable"/>
    public bool IsServerAvailable => _core.IsServerAvailable(_sendGoal.IsServiceAvailable && _getResult.IsServiceAvailable);

    /// <summary>Waits until <see cref="IsServerAvailable"/>; false when <paramref name="timeout"/> passes first.</summary>
    public Task<bool> WaitForServerAsync(TimeSpan timeout, CancellationToken cancellation = default) =>
        GraphWait.UntilAsync(() => IsServerAvailable, timeout, cancellation);

    /// <summary>
    /// Sends a goal with these field values under a new random id; otherwise as
    /// <see cref="ActionClient{TGoal, TResult, TFeedback}.SendGoalAsync"/>. A value that does not fit the goal type
    /// raises <see cref="ArgumentException"/> naming the field before anything is sent.
    /// </summary>
    public Task<ClientGoalHandle<OrderedDictionary<string, object?>>> SendGoalAsync(IDictionary? goal,
        Action<ClientGoalHandle<OrderedDictionary<string, object?>>, OrderedDictionary<string, object?>>? onFeedback = null,
        TimeSpan? timeout = null, CancellationToken cancellation = default) =>
        _core.SendGoalAsync(onFeedback, async id =>
        {
            var response = await _sendGoal.CallAsync(new Dictionary<string, object?> { ["goal_id"] = Wire(id), ["goal"] = goal }, timeout, cancellation)
                .ConfigureAwait(false);
            var stamp = (IDictionary)response["stamp"]!;
            return ((bool)response["accepted"]!, new Time((int)stamp["sec"]!, (uint)stamp["nanosec"]!));
        });

    /// <inheritdoc cref="ActionClient{TGoal, TResult, TFeedback}.GetResultAsync(UUID, TimeSpan?, CancellationToken)"/>
    public async Task<DynamicActionResult> GetResultAsync(UUID goalId, TimeSpan? timeout = null, CancellationToken cancellation = default)
    {
        var response = await _getResult.CallAsync(new Dictionary<string, object?> { ["goal_id"] = Wire(goalId) }, timeout, cancellation)
            .ConfigureAwait(false);
        var result = new DynamicActionResult((sbyte)response["status"]!, (OrderedDictionary<string, object?>)response["result"]!);
        _core.ResultArrived(goalId, result.Status);
        return result;
    }

    /// <summary>Asks the server to cancel <paramref name="goal"/> (its id alone; older goals are left alone).</summary>
    public Task<CancelGoalResponse> CancelGoalAsync(ClientGoalHandle<OrderedDictionary<string, object?>> goal, TimeSpan? timeout = null,
        CancellationToken cancellation = default) =>
        _core.CancelGoalsAsync(new GoalInfo(goal.GoalId, new Time(0, 0)), timeout, cancellation);

    /// <summary>A goal id as the dynamic encoder takes a <c>unique_identifier_msgs/UUID</c>.</summary>
    private static Dictionary<string, object?> Wire(UUID id) => new() { ["uuid"] = id.Uuid.ToArray() };

    private OrderedDictionary<string, object?> ReadFeedback(ReadOnlySpan<byte> data, out UUID goalId)
    {
        var reader = new CdrReader(data);
        goalId = UUID.Deserialize(ref reader);
        return _feedbackDecoder.Decode(ref reader);
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
