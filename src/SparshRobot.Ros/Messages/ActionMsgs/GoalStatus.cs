using SparshRobot.Ros.Cdr;

namespace SparshRobot.Ros.Messages.ActionMsgs;

/// <summary><c>action_msgs/msg/GoalStatus</c>; <see cref="Status"/> is one of the <c>Status*</c> constants.</summary>
public sealed record GoalStatus(GoalInfo GoalInfo, sbyte Status) : IRosMessage<GoalStatus>
{
    public const sbyte StatusUnknown = 0;
    public const sbyte StatusAccepted = 1;
    public const sbyte StatusExecuting = 2;
    public const sbyte StatusCanceling = 3;
    public const sbyte StatusSucceeded = 4;
    public const sbyte StatusCanceled = 5;
    public const sbyte StatusAborted = 6;

    /// <summary>Lower bound on the encoded size: the goal info and the status byte.</summary>
    internal const int MinEncodedSize = GoalInfo.EncodedSize + 1;

    public static string TypeName => "action_msgs/msg/GoalStatus";

    public static string Definition =>
        "int8 STATUS_UNKNOWN   = 0\nint8 STATUS_ACCEPTED  = 1\nint8 STATUS_EXECUTING = 2\nint8 STATUS_CANCELING = 3\n"
        + "int8 STATUS_SUCCEEDED = 4\nint8 STATUS_CANCELED  = 5\nint8 STATUS_ABORTED   = 6\n\nGoalInfo goal_info\nint8 status\n";

    /// <summary>Whether <paramref name="status"/> is final (succeeded, canceled or aborted).</summary>
    public static bool IsTerminal(sbyte status) => status is StatusSucceeded or StatusCanceled or StatusAborted;

    /// <summary>The constant's name without <c>STATUS_</c> (<c>SUCCEEDED</c>), as <c>ros2 action send_goal</c> prints it; UNKNOWN for any other value.</summary>
    public static string Name(sbyte status) => status switch
    {
        StatusAccepted => "ACCEPTED",
        StatusExecuting => "EXECUTING",
        StatusCanceling => "CANCELING",
        StatusSucceeded => "SUCCEEDED",
        StatusCanceled => "CANCELED",
        StatusAborted => "ABORTED",
        _ => "UNKNOWN",
    };

    public void Serialize(CdrWriter writer)
    {
        GoalInfo.Serialize(writer);
        writer.WriteSByte(Status);
    }

    public static GoalStatus Deserialize(ref CdrReader reader) => new(GoalInfo.Deserialize(ref reader), reader.ReadSByte("GoalStatus.status"));
}
