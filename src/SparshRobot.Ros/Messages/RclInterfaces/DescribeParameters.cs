using SparshRobot.Ros.Cdr;

namespace SparshRobot.Ros.Messages.RclInterfaces;

// rcl_interfaces/srv/DescribeParameters, served by every rclcpp node at ~/describe_parameters: a descriptor per named
// parameter.

/// <summary><c>rcl_interfaces/srv/DescribeParameters_Request</c>.</summary>
public sealed record DescribeParametersRequest(IReadOnlyList<string> Names) : IRosMessage<DescribeParametersRequest>
{
    public static string TypeName => "rcl_interfaces/srv/DescribeParameters_Request";

    public static string Definition => "string[] names\n";

    public void Serialize(CdrWriter writer) => MessageSequence.WriteStrings(writer, Names);

    public static DescribeParametersRequest Deserialize(ref CdrReader reader) =>
        new(MessageSequence.ReadStrings(ref reader, "DescribeParameters_Request.names"));
}

/// <summary><c>rcl_interfaces/srv/DescribeParameters_Response</c>.</summary>
public sealed record DescribeParametersResponse(IReadOnlyList<ParameterDescriptor> Descriptors) : IRosMessage<DescribeParametersResponse>
{
    public static string TypeName => "rcl_interfaces/srv/DescribeParameters_Response";

    public static string Definition => "ParameterDescriptor[] descriptors\n";

    public void Serialize(CdrWriter writer) => MessageSequence.Write(writer, Descriptors);

    public static DescribeParametersResponse Deserialize(ref CdrReader reader) =>
        new(MessageSequence.Read<ParameterDescriptor>(ref reader, ParameterDescriptor.MinEncodedSize, "DescribeParameters_Response.descriptors"));
}
