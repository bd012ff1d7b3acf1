using SparshRobot.Ros.Cdr;

namespace SparshRobot.Ros.Messages.RclInterfaces;

// rcl_interfaces/srv/GetParameters, served by every rclcpp node at ~/get_parameters: the values of the named parameters
// (an empty list when one is undeclared).

/// <summary><c>rcl_interfaces/srv/GetParameters_Request</c>.</summary>
public sealed record GetParametersRequest(IReadOnlyList<string> Names) : IRosMessage<GetParametersRequest>
{
    public static string TypeName => "rcl_interfaces/srv/GetParameters_Request";

    public static string Definition => "string[] names\n";

    public void Serialize(CdrWriter writer) => MessageSequence.WriteStrings(writer, Names);

    public static GetParametersRequest Deserialize(ref CdrReader reader) =>
        new(MessageSequence.ReadStrings(ref reader, "GetParameters_Request.names"));
}

/// <summary><c>rcl_interfaces/srv/GetParameters_Response</c>.</summary>
public sealed record GetParametersResponse(IReadOnlyList<ParameterValue> Values) : IRosMessage<GetParametersResponse>
{
    public static string TypeName => "rcl_interfaces/srv/GetParameters_Response";

    public static string Definition => "ParameterValue[] values\n";

    public void Serialize(CdrWriter writer) => MessageSequence.Write(writer, Values);

    public static GetParametersResponse Deserialize(ref CdrReader reader) =>
        new(MessageSequence.Read<ParameterValue>(ref reader, ParameterValue.MinEncodedSize, "GetParameters_Response.values"));
}
