using SparshRobot.Ros.Cdr;

namespace SparshRobot.Ros.Messages.RclInterfaces;

// rcl_interfaces/srv/ListParameters, served by every rclcpp node at ~/list_parameters: names under the prefixes (none:
// all), at most depth dots deep (0: any).

/// <summary><c>rcl_interfaces/srv/ListParameters_Request</c>.</summary>
public sealed record ListParametersRequest(IReadOnlyList<string> Prefixes, ulong Depth) : IRosMessage<ListParametersRequest>
{
    /// <summary>A depth of 0 lists every level.</summary>
    public const ulong DepthRecursive = 0;

    public static string TypeName => "rcl_interfaces/srv/ListParameters_Request";

    public static string Definition => "uint64 DEPTH_RECURSIVE=0\n\nstring[] prefixes\nuint64 depth\n";

    public void Serialize(CdrWriter writer)
    {
        MessageSequence.WriteStrings(writer, Prefixes);
        writer.WriteUInt64(Depth);
    }

    public static ListParametersRequest Deserialize(ref CdrReader reader) => new(
        MessageSequence.ReadStrings(ref reader, "ListParameters_Request.prefixes"),
        reader.ReadUInt64("ListParameters_Request.depth"));
}

/// <summary><c>rcl_interfaces/srv/ListParameters_Response</c>.</summary>
public sealed record ListParametersResponse(ListParametersResult Result) : IRosMessage<ListParametersResponse>
{
    public static string TypeName => "rcl_interfaces/srv/ListParameters_Response";

    public static string Definition => "ListParametersResult result\n";

    public void Serialize(CdrWriter writer) => Result.Serialize(writer);

    public static ListParametersResponse Deserialize(ref CdrReader reader) => new(ListParametersResult.Deserialize(ref reader));
}
