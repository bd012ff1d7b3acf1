using SparshRobot.Ros.Cdr;

namespace SparshRobot.Ros.Messages.RclInterfaces;

// rcl_interfaces/srv/SetParameters, served by every rclcpp node at ~/set_parameters: each parameter set on its own, one
// result per parameter.

/// <summary><c>rcl_interfaces/srv/SetParameters_Request</c>.</summary>
public sealed record SetParametersRequest(IReadOnlyList<Parameter> Parameters) : IRosMessage<SetParametersRequest>
{
    public static string TypeName => "rcl_interfaces/srv/SetParameters_Request";

    public static string Definition => "Parameter[] parameters\n";

    public void Serialize(CdrWriter writer) => MessageSequence.Write(writer, Parameters);

    public static SetParametersRequest Deserialize(ref CdrReader reader) =>
        new(MessageSequence.Read<Parameter>(ref reader, Parameter.MinEncodedSize, "SetParameters_Request.parameters"));
}

/// <summary><c>rcl_interfaces/srv/SetParameters_Response</c>.</summary>
public sealed record SetParametersResponse(IReadOnlyList<SetParametersResult> Results) : IRosMessage<SetParametersResponse>
{
    public static string TypeName => "rcl_interfaces/srv/SetParameters_Response";

    public static string Definition => "SetParametersResult[] results\n";

    public void Serialize(CdrWriter writer) => MessageSequence.Write(writer, Results);

    public static SetParametersResponse Deserialize(ref CdrReader reader) =>
        new(MessageSequence.Read<SetParametersResult>(ref reader, SetParametersResult.MinEncodedSize, "SetParameters_Response.results"));
}
