using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages.BuiltinInterfaces;
using SparshRobot.Ros.Messages.UniqueIdentifierMsgs;

namespace SparshRobot.Ros.Messages.ActionMsgs;

/// <summary><c>action_msgs/msg/GoalInfo</c>: a goal's id and when the server accepted it.</summary>
public sealed record GoalInfo(UUID GoalId, Time Stamp) : IRosMessage<GoalInfo>
{
    /// <summary>The id and the stamp; the stamp needs no padding after 16 bytes.</summary>
    internal const int EncodedSize = UUID.Length + 8;

    public static string TypeName => "action_msgs/msg/GoalInfo";

    public static string Definition => "unique_identifier_msgs/UUID goal_id\nbuiltin_interfaces/Time stamp\n";

    public void Serialize(CdrWriter writer)
    {
        GoalId.Serialize(writer);
        Stamp.Serialize(writer);
    }

    public static GoalInfo Deserialize(ref CdrReader reader) => new(UUID.Deserialize(ref reader), Time.Deserialize(ref reader));
}
