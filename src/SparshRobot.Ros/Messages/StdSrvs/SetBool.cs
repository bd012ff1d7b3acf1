using SparshRobot.Ros.Cdr;

namespace SparshRobot.Ros.Messages.StdSrvs;

// std_srvs/srv/SetBool (e.g. MoveIt Servo's ~/pause_servo in Jazzy).

/// <summary><c>std_srvs/srv/SetBool_Request</c>.</summary>
public sealed record SetBoolRequest(bool Data) : IRosMessage<SetBoolRequest>
{
    public static string TypeName => "std_srvs/srv/SetBool_Request";

    public static string Definition => "bool data\n";

    public void Serialize(CdrWriter writer) => writer.WriteBool(Data);

    public static SetBoolRequest Deserialize(ref CdrReader reader) => new(reader.ReadBool("SetBool_Request.data"));
}

/// <summary><c>std_srvs/srv/SetBool_Response</c>.</summary>
public sealed record SetBoolResponse(bool Success, string Message) : IRosMessage<SetBoolResponse>
{
    public static string TypeName => "std_srvs/srv/SetBool_Response";

    public static string Definition => "bool success\nstring message\n";

    public void Serialize(CdrWriter writer)
    {
        writer.WriteBool(Success);
        writer.WriteString(Message);
    }

    public static SetBoolResponse Deserialize(ref CdrReader reader) =>
        new(reader.ReadBool("SetBool_Response.success"), reader.ReadString("SetBool_Response.message"));
}
