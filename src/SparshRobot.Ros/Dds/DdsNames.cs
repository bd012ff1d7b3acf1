namespace SparshRobot.Ros.Dds;

/// <summary>ROS 2 to DDS name mangling as rmw_cyclonedds_cpp does it (namespace_prefix.hpp, demangle.cpp).</summary>
public static class DdsNames
{
    /// <summary>The prefix of ROS topics (as opposed to <c>rq/</c>, <c>rr/</c> services).</summary>
    public const string TopicPrefix = "rt";

    /// <summary><c>/robot1/cmd_vel</c> becomes <c>rt/robot1/cmd_vel</c>.</summary>
    public static string ToDdsTopic(string fullyQualifiedTopic)
    {
        if (!fullyQualifiedTopic.StartsWith('/'))
        {
            throw new ArgumentException($"'{fullyQualifiedTopic}' is not a fully qualified topic name (it must start with '/')", nameof(fullyQualifiedTopic));
        }
        return TopicPrefix + fullyQualifiedTopic;
    }

    /// <summary>
    /// The DDS topic of a ROS name in its role: <c>/ns/add</c> is <c>rt/ns/add</c> as a topic,
    /// <c>rq/ns/addRequest</c> and <c>rr/ns/addReply</c> as the two halves of a service (namespace_prefix.hpp).
    /// </summary>
    public static string ToDdsTopic(string fullyQualifiedName, Transport.EndpointRole role) => role switch
    {
        Transport.EndpointRole.ServiceRequest => RequestPrefix + ToDdsTopic(fullyQualifiedName)[TopicPrefix.Length..] + "Request",
        Transport.EndpointRole.ServiceReply => ReplyPrefix + ToDdsTopic(fullyQualifiedName)[TopicPrefix.Length..] + "Reply",
        _ => ToDdsTopic(fullyQualifiedName),
    };

    /// <summary>The prefix of service request topics.</summary>
    public const string RequestPrefix = "rq";

    /// <summary>The prefix of service reply topics.</summary>
    public const string ReplyPrefix = "rr";

    /// <summary>
    /// The ROS service of a DDS request or reply topic (<c>rq/ns/addRequest</c> → <c>/ns/add</c>, request), or null
    /// for a topic that is neither.
    /// </summary>
    public static (string Service, Transport.EndpointRole Role)? FromDdsServiceTopic(string ddsTopic)
    {
        if (ddsTopic.StartsWith(RequestPrefix + "/", StringComparison.Ordinal) && ddsTopic.EndsWith("Request", StringComparison.Ordinal)
            && ddsTopic.Length > RequestPrefix.Length + 1 + "Request".Length)
        {
            return (ddsTopic[RequestPrefix.Length..^"Request".Length], Transport.EndpointRole.ServiceRequest);
        }
        if (ddsTopic.StartsWith(ReplyPrefix + "/", StringComparison.Ordinal) && ddsTopic.EndsWith("Reply", StringComparison.Ordinal)
            && ddsTopic.Length > ReplyPrefix.Length + 1 + "Reply".Length)
        {
            return (ddsTopic[ReplyPrefix.Length..^"Reply".Length], Transport.EndpointRole.ServiceReply);
        }
        return null;
    }

    /// <summary>The ROS topic of a DDS topic, or null for DDS topics that are not ROS topics.</summary>
    public static string? FromDdsTopic(string ddsTopic) =>
        ddsTopic.StartsWith(TopicPrefix + "/", StringComparison.Ordinal) ? ddsTopic[TopicPrefix.Length..] : null;

    /// <summary><c>sensor_msgs::msg::dds_::Image_</c> becomes <c>sensor_msgs/msg/Image</c>; null if not a ROS type name.</summary>
    public static string? ToRosType(string ddsTypeName)
    {
        var parts = ddsTypeName.Split("::");
        if (parts.Length != 4 || parts[2] != "dds_" || !parts[3].EndsWith('_') || parts[3].Length < 2)
        {
            return null;
        }
        return $"{parts[0]}/{parts[1]}/{parts[3][..^1]}";
    }
}
