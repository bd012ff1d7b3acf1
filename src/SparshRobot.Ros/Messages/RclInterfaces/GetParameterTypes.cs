using SparshRobot.Ros.Cdr;

namespace SparshRobot.Ros.Messages.RclInterfaces;

// rcl_interfaces/srv/GetParameterTypes, served by every rclcpp node at ~/get_parameter_types: a ParameterType constant
// per named parameter.

/// <summary><c>rcl_interfaces/srv/GetParameterTypes_Request</c>.</summary>
public sealed record GetParameterTypesRequest(IReadOnlyList<string> Names) : IRosMessage<GetParameterTypesRequest>
{
    public static string TypeName => "rcl_interfaces/srv/GetParameterTypes_Request";

    public static string Definition => "string[] names\n";

    public void Serialize(CdrWriter writer) => MessageSequence.WriteStrings(writer, Names);

    public static GetParameterTypesRequest Deserialize(ref CdrReader reader) =>
        new(MessageSequence.ReadStrings(ref reader, "GetParameterTypes_Request.names"));
}

/// <summary><c>rcl_interfaces/srv/GetParameterTypes_Response</c>.</summary>
public sealed record GetParameterTypesResponse(byte[] Types) : IRosMessage<GetParameterTypesResponse>
{
    public static string TypeName => "rcl_interfaces/srv/GetParameterTypes_Response";

    public static string Definition => "uint8[] types\n";

    public void Serialize(CdrWriter writer) => MessageSequence.WritePrimitives<byte>(writer, Types);

    public static GetParameterTypesResponse Deserialize(ref CdrReader reader) =>
        new(MessageSequence.ReadPrimitives<byte>(ref reader, "GetParameterTypes_Response.types"));
}
