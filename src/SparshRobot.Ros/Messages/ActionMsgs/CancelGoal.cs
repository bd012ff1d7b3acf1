using SparshRobot.Ros.Cdr;

namespace SparshRobot.Ros.Messages.ActionMsgs;

// action_msgs/srv/CancelGoal, the ~/_action/cancel_goal service of every action.

/// <summary>
/// <c>action_msgs/srv/CancelGoal_Request</c>: a zero id and zero stamp cancel every goal; a zero id and a stamp,
/// every goal accepted at or before it; an id and a stamp, that goal and the ones accepted at or before the stamp.
/// </summary>
public sealed record CancelGoalRequest(GoalInfo GoalInfo) : IRosMessage<CancelGoalRequest>
{
    public static string TypeName => "action_msgs/srv/CancelGoal_Request";

    public static string Definition => "GoalInfo goal_info\n";

    public void Serialize(CdrWriter writer) => GoalInfo.Serialize(writer);

    public static CancelGoalRequest Deserialize(ref CdrReader reader) => new(GoalInfo.Deserialize(ref reader));
}

/// <summary><c>action_msgs/srv/CancelGoal_Response</c>; <see cref="ReturnCode"/> is one of the <c>Error*</c> constants.</summary>
public sealed record CancelGoalResponse(sbyte ReturnCode, IReadOnlyList<GoalInfo> GoalsCanceling) : IRosMessage<CancelGoalResponse>
{
    public const sbyte ErrorNone = 0;
    public const sbyte ErrorRejected = 1;
    public const sbyte ErrorUnknownGoalId = 2;
    public const sbyte ErrorGoalTerminated = 3;

    public static string TypeName => "action_msgs/srv/CancelGoal_Response";

    public static string Definition =>
        "int8 ERROR_NONE=0\nint8 ERROR_REJECTED=1\nint8 ERROR_UNKNOWN_GOAL_ID=2\nint8 ERROR_GOAL_TERMINATED=3\n\n"
        + "int8 return_code\nGoalInfo[] goals_canceling\n";

    public void Serialize(CdrWriter writer)
    {
        writer.WriteSByte(ReturnCode);
        MessageSequence.Write(writer, GoalsCanceling);
    }

    public static CancelGoalResponse Deserialize(ref CdrReader reader) => new(
        reader.ReadSByte("CancelGoal_Response.return_code"),
        MessageSequence.Read<GoalInfo>(ref reader, GoalInfo.EncodedSize, "CancelGoal_Response.goals_canceling"));
}
