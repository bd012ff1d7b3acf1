using SparshRobot.Ros.Cdr;

namespace SparshRobot.Ros.Messages.RclInterfaces;

// rcl_interfaces/srv/SetParametersAtomically, served by every rclcpp node at ~/set_parameters_atomically: all
// parameters or none.

/// <summary><c>rcl_interfaces/srv/SetParametersAtomically_Request</c>.</summary>
public sealed record SetParametersAtomicallyRequest(IReadOnlyList<Parameter> Parameters) : IRosMessage<SetParametersAtomicallyRequest>
{
    public static string TypeName => "rcl_interfaces/srv/SetParametersAtomically_Request";

    public static string Definition => "Parameter[] parameters\n";

    public void Serialize(CdrWriter writer) => MessageSequence.Write(writer, Parameters);

    public static SetParametersAtomicallyRequest Deserialize(ref CdrReader reader) =>
        new(MessageSequence.Read<Parameter>(ref reader, Parameter.MinEncodedSize, "SetParametersAtomically_Request.parameters"));
}

/// <summary><c>rcl_interfaces/srv/SetParametersAtomically_Response</c>.</summary>
public sealed record SetParametersAtomicallyResponse(SetParametersResult Result) : IRosMessage<SetParametersAtomicallyResponse>
{
    public static string TypeName => "rcl_interfaces/srv/SetParametersAtomically_Response";

    public static string Definition => "SetParametersResult result\n";

    public void Serialize(CdrWriter writer) => Result.Serialize(writer);

    public static SetParametersAtomicallyResponse Deserialize(ref CdrReader reader) => new(SetParametersResult.Deserialize(ref reader));
}
