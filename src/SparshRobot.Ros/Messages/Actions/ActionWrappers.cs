using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages.BuiltinInterfaces;
using SparshRobot.Ros.Messages.Definitions;
using SparshRobot.Ros.Messages.UniqueIdentifierMsgs;

namespace SparshRobot.Ros.Messages.Actions;

// The five types rosidl generates around an action's Goal, Result and Feedback, typed over the part they carry
// (or, for the two without one, the part that names the action). Their names and definitions come from
// RosActionType so that typed and text registration agree.

/// <summary><c>pkg/action/Action_SendGoal_Request</c>: a new goal and the id the client gave it.</summary>
public sealed record SendGoalRequest<TGoal>(UUID GoalId, TGoal Goal) : IRosMessage<SendGoalRequest<TGoal>>
    where TGoal : IRosMessage<TGoal>
{
    public static string TypeName => Action + "_SendGoal_Request";

    public static string Definition => RosActionType.SendGoalRequestDefinition(Action);

    private static string Action => RosTypeName.PartOwner(TGoal.TypeName, "action", "_Goal");

    public void Serialize(CdrWriter writer)
    {
        GoalId.Serialize(writer);
        Goal.Serialize(writer);
    }

    public static SendGoalRequest<TGoal> Deserialize(ref CdrReader reader) =>
        new(UUID.Deserialize(ref reader), TGoal.Deserialize(ref reader));
}

/// <summary><c>pkg/action/Action_SendGoal_Response</c>: whether the server took the goal, and when.</summary>
public sealed record SendGoalResponse<TGoal>(bool Accepted, Time Stamp) : IRosMessage<SendGoalResponse<TGoal>>
    where TGoal : IRosMessage<TGoal>
{
    public static string TypeName => RosTypeName.PartOwner(TGoal.TypeName, "action", "_Goal") + "_SendGoal_Response";

    public static string Definition => RosActionType.SendGoalResponseDefinition;

    public void Serialize(CdrWriter writer)
    {
        writer.WriteBool(Accepted);
        Stamp.Serialize(writer);
    }

    public static SendGoalResponse<TGoal> Deserialize(ref CdrReader reader) =>
        new(reader.ReadBool("SendGoal_Response.accepted"), Time.Deserialize(ref reader));
}

/// <summary><c>pkg/action/Action_GetResult_Request</c>: which goal's result to wait for.</summary>
public sealed record GetResultRequest<TResult>(UUID GoalId) : IRosMessage<GetResultRequest<TResult>>
    where TResult : IRosMessage<TResult>
{
    public static string TypeName => RosTypeName.PartOwner(TResult.TypeName, "action", "_Result") + "_GetResult_Request";

    public static string Definition => RosActionType.GetResultRequestDefinition;

    public void Serialize(CdrWriter writer) => GoalId.Serialize(writer);

    public static GetResultRequest<TResult> Deserialize(ref CdrReader reader) => new(UUID.Deserialize(ref reader));
}

/// <summary><c>pkg/action/Action_GetResult_Response</c>: the goal's final <c>GoalStatus.STATUS_*</c> and its result.</summary>
public sealed record GetResultResponse<TResult>(sbyte Status, TResult Result) : IRosMessage<GetResultResponse<TResult>>
    where TResult : IRosMessage<TResult>
{
    public static string TypeName => Action + "_GetResult_Response";

    public static string Definition => RosActionType.GetResultResponseDefinition(Action);

    private static string Action => RosTypeName.PartOwner(TResult.TypeName, "action", "_Result");

    public void Serialize(CdrWriter writer)
    {
        writer.WriteSByte(Status);
        Result.Serialize(writer);
    }

    public static GetResultResponse<TResult> Deserialize(ref CdrReader reader) =>
        new(reader.ReadSByte("GetResult_Response.status"), TResult.Deserialize(ref reader));
}

/// <summary><c>pkg/action/Action_FeedbackMessage</c>: feedback for one goal, as published on <c>~/_action/feedback</c>.</summary>
public sealed record FeedbackMessage<TFeedback>(UUID GoalId, TFeedback Feedback) : IRosMessage<FeedbackMessage<TFeedback>>
    where TFeedback : IRosMessage<TFeedback>
{
    public static string TypeName => Action + "_FeedbackMessage";

    public static string Definition => RosActionType.FeedbackMessageDefinition(Action);

    private static string Action => RosTypeName.PartOwner(TFeedback.TypeName, "action", "_Feedback");

    public void Serialize(CdrWriter writer)
    {
        GoalId.Serialize(writer);
        Feedback.Serialize(writer);
    }

    public static FeedbackMessage<TFeedback> Deserialize(ref CdrReader reader) =>
        new(UUID.Deserialize(ref reader), TFeedback.Deserialize(ref reader));
}
