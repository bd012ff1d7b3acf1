using SparshRobot.Ros.Cdr;

namespace SparshRobot.Ros.Messages.ActionMsgs;

/// <summary><c>action_msgs/msg/GoalStatusArray</c>, what an action server publishes on <c>~/_action/status</c>.</summary>
public sealed record GoalStatusArray(IReadOnlyList<GoalStatus> StatusList) : IRosMessage<GoalStatusArray>
{
    public static string TypeName => "action_msgs/msg/GoalStatusArray";

    public static string Definition => "GoalStatus[] status_list\n";

    public void Serialize(CdrWriter writer) => MessageSequence.Write(writer, StatusList);

    public static GoalStatusArray Deserialize(ref CdrReader reader) =>
        new(MessageSequence.Read<GoalStatus>(ref reader, GoalStatus.MinEncodedSize, "GoalStatusArray.status_list"));
}
