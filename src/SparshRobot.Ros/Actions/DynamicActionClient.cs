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
public sealed class DynamicActionClient : ActionClientBase<OrderedDictionary<string, object?>>
{
    private readonly DynamicServiceClient _sendGoal;
    private readonly DynamicServiceClient _getResult;

    internal DynamicActionClient(RosNode node, string action, RosActionType type, MessageRegistry registry,
        Action<ActionClientBase<OrderedDictionary<string, object?>>> onDispose)
        : base(node, action, type.Name, type.FeedbackMessageType, FeedbackReader(DynamicMessageDecoder.ForType(type.FeedbackType, registry)), onDispose)
    {
        _sendGoal = AddGoalService(() => new DynamicServiceClient(
            node, ActionEndpoints.SendGoal(action), type.SendGoalService, registry, QosProfile.ServicesDefault, _ => { }));
        _getResult = AddGoalService(() => new DynamicServiceClient(
            node, ActionEndpoints.GetResult(action), type.GetResultService, registry, QosProfile.ServicesDefault, _ => { }));
    }

    /// <summary>
    /// Sends a goal with these field values under a new random id; otherwise as
    /// <see cref="ActionClient{TGoal, TResult, TFeedback}.SendGoalAsync"/>. A value that does not fit the goal type
    /// raises <see cref="ArgumentException"/> naming the field before anything is sent.
    /// </summary>
    public Task<ClientGoalHandle<OrderedDictionary<string, object?>>> SendGoalAsync(IDictionary? goal,
        Action<ClientGoalHandle<OrderedDictionary<string, object?>>, OrderedDictionary<string, object?>>? onFeedback = null,
        TimeSpan? timeout = null, CancellationToken cancellation = default) =>
        Core.SendGoalAsync(onFeedback, async id =>
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
        Core.ResultArrived(goalId, result.Status);
        return result;
    }

    /// <summary>A goal id as the dynamic encoder takes a <c>unique_identifier_msgs/UUID</c>.</summary>
    private static Dictionary<string, object?> Wire(UUID id) => new() { ["uuid"] = id.Uuid.ToArray() };

    /// <summary>Reads a feedback message: the goal id, then the feedback as a field tree.</summary>
    private static ActionClientCore<OrderedDictionary<string, object?>>.FeedbackReader FeedbackReader(DynamicMessageDecoder decoder) =>
        (ReadOnlySpan<byte> data, out UUID goalId) =>
        {
            var reader = new CdrReader(data);
            goalId = UUID.Deserialize(ref reader);
            return decoder.Decode(ref reader);
        };
}
