using SparshRobot.Ros.Cdr;

namespace SparshRobot.Ros.Messages.StdSrvs;

// std_srvs/srv/Trigger (e.g. MoveIt Servo's ~/start_servo, franka_gripper's ~/stop).

/// <summary><c>std_srvs/srv/Trigger_Request</c>: no fields, the one byte of <see cref="EmptyStruct"/> on the wire.</summary>
public sealed record TriggerRequest : EmptyMessage<TriggerRequest>, IRosMessage<TriggerRequest>
{
    public static string TypeName => "std_srvs/srv/Trigger_Request";

    public static string Definition => "";
}

/// <summary><c>std_srvs/srv/Trigger_Response</c>.</summary>
public sealed record TriggerResponse(bool Success, string Message) : IRosMessage<TriggerResponse>
{
    public static string TypeName => "std_srvs/srv/Trigger_Response";

    public static string Definition => "bool success\nstring message\n";

    public void Serialize(CdrWriter writer)
    {
        writer.WriteBool(Success);
        writer.WriteString(Message);
    }

    public static TriggerResponse Deserialize(ref CdrReader reader) =>
        new(reader.ReadBool("Trigger_Response.success"), reader.ReadString("Trigger_Response.message"));
}
