using SparshRobot.Ros.Cdr;

namespace SparshRobot.Ros.Messages.MoveitMsgs;

/// <summary>
/// <c>moveit_msgs/msg/ServoStatus</c>, what MoveIt Servo (Jazzy API) publishes on <c>~/status</c>. The codes differ
/// from Humble's <c>std_msgs/Int8</c> status from 3 on (Humble: 3 decelerate for collision, 4 halt for collision,
/// 5 joint bound, 6 decelerate leaving a singularity).
/// </summary>
public sealed record ServoStatus(sbyte Code, string Message) : IRosMessage<ServoStatus>
{
    public const sbyte Invalid = -1;
    public const sbyte NoWarning = 0;
    public const sbyte DecelerateForApproachingSingularity = 1;
    public const sbyte HaltForSingularity = 2;
    public const sbyte DecelerateForLeavingSingularity = 3;
    public const sbyte DecelerateForCollision = 4;
    public const sbyte HaltForCollision = 5;
    public const sbyte JointBound = 6;

    public static string TypeName => "moveit_msgs/msg/ServoStatus";

    public static string Definition => """
        int8 code
        string message

        int8 INVALID = -1
        int8 NO_WARNING = 0
        int8 DECELERATE_FOR_APPROACHING_SINGULARITY = 1
        int8 HALT_FOR_SINGULARITY = 2
        int8 DECELERATE_FOR_LEAVING_SINGULARITY = 3
        int8 DECELERATE_FOR_COLLISION = 4
        int8 HALT_FOR_COLLISION = 5
        int8 JOINT_BOUND = 6

        """;

    public void Serialize(CdrWriter writer)
    {
        writer.WriteSByte(Code);
        writer.WriteString(Message);
    }

    public static ServoStatus Deserialize(ref CdrReader reader) =>
        new(reader.ReadSByte("ServoStatus.code"), reader.ReadString("ServoStatus.message"));
}
