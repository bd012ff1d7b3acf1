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
public sealed class ActionClient<TGoal, TResult, TFeedback> : ActionClientBase<TFeedback>
    where TGoal : IRosMessage<TGoal>
    where TResult : IRosMessage<TResult>
    where TFeedback : IRosMessage<TFeedback>
{
    private readonly ServiceClient<SendGoalRequest<TGoal>, SendGoalResponse<TGoal>> _sendGoal;
    private readonly ServiceClient<GetResultRequest<TResult>, GetResultResponse<TResult>> _getResult;

    internal ActionClient(RosNode node, string action, Action<ActionClientBase<TFeedback>> onDispose)
        : base(node, action, RosTypeName.PartOwner(TGoal.TypeName, "action", "_Goal"), FeedbackMessage<TFeedback>.TypeName, ReadFeedback, onDispose)
    {
        _sendGoal = AddGoalService(() => new ServiceClient<SendGoalRequest<TGoal>, SendGoalResponse<TGoal>>(
            node, ActionEndpoints.SendGoal(action), QosProfile.ServicesDefault, _ => { }));
        _getResult = AddGoalService(() => new ServiceClient<GetResultRequest<TResult>, GetResultResponse<TResult>>(
            node, ActionEndpoints.GetResult(action), QosProfile.ServicesDefault, _ => { }));
    }

    /// <summary>
    /// Sends <paramref name="goal"/> under a new random id and returns its handle once the server answered (check
    /// <see cref="ClientGoalHandle{TFeedback}.Accepted"/>). Feedback for the goal goes to <paramref name="onFeedback"/>
    /// from the moment it is sent. Timeout and cancellation behave as in <see cref="ServiceClient{TRequest, TResponse}.CallAsync"/>.
    /// </summary>
    public Task<ClientGoalHandle<TFeedback>> SendGoalAsync(TGoal goal, Action<ClientGoalHandle<TFeedback>, TFeedback>? onFeedback = null,
        TimeSpan? timeout = null, CancellationToken cancellation = default) =>
        Core.SendGoalAsync(onFeedback, async id =>
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
        Core.ResultArrived(goalId, response.Status);
        return response;
    }

    /// <inheritdoc cref="GetResultAsync(UUID, TimeSpan?, CancellationToken)"/>
    public Task<GetResultResponse<TResult>> GetResultAsync(ClientGoalHandle<TFeedback> goal, TimeSpan? timeout = null, CancellationToken cancellation = default) =>
        GetResultAsync(goal.GoalId, timeout, cancellation);

    private static TFeedback ReadFeedback(ReadOnlySpan<byte> data, out UUID goalId)
    {
        var message = RosSerializer.Deserialize<FeedbackMessage<TFeedback>>(data);
        goalId = message.GoalId;
        return message.Feedback;
    }
}
