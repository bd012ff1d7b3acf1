using SparshRobot.Ros.Cdr;

namespace SparshRobot.Ros.Messages.MoveitMsgs;

// moveit_msgs/srv/ServoCommandType (MoveIt Servo's ~/switch_command_type, Jazzy API).

/// <summary><c>moveit_msgs/srv/ServoCommandType_Request</c>: which input Servo should follow.</summary>
public sealed record ServoCommandTypeRequest(sbyte CommandType) : IRosMessage<ServoCommandTypeRequest>
{
    public const sbyte JointJog = 0;
    public const sbyte Twist = 1;
    public const sbyte Pose = 2;

    public static string TypeName => "moveit_msgs/srv/ServoCommandType_Request";

    public static string Definition => "int8 JOINT_JOG = 0\nint8 TWIST = 1\nint8 POSE = 2\n\nint8 command_type\n";

    public void Serialize(CdrWriter writer) => writer.WriteSByte(CommandType);

    public static ServoCommandTypeRequest Deserialize(ref CdrReader reader) => new(reader.ReadSByte("ServoCommandType_Request.command_type"));
}

/// <summary><c>moveit_msgs/srv/ServoCommandType_Response</c>.</summary>
public sealed record ServoCommandTypeResponse(bool Success) : IRosMessage<ServoCommandTypeResponse>
{
    public static string TypeName => "moveit_msgs/srv/ServoCommandType_Response";

    public static string Definition => "bool success\n";

    public void Serialize(CdrWriter writer) => writer.WriteBool(Success);

    public static ServoCommandTypeResponse Deserialize(ref CdrReader reader) => new(reader.ReadBool("ServoCommandType_Response.success"));
}
