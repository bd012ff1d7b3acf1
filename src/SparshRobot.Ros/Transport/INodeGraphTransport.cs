namespace SparshRobot.Ros.Transport;

/// <summary>
/// A transport that tells the ROS graph which node owns which endpoint, as rmw does on <c>ros_discovery_info</c>
/// (ROS 2 tools learn node names only that way). Transports without a graph (in-process) do not implement it.
/// </summary>
public interface INodeGraphTransport
{
    /// <summary>Announces a node; disposing the handle withdraws it.</summary>
    INodeAnnouncement AnnounceNode(string nodeNamespace, string nodeName);
}

/// <summary>One announced node: the endpoints attributed to it.</summary>
public interface INodeAnnouncement : IDisposable
{
    /// <summary>Attributes a writer or subscription that this transport created to the node; anything else is ignored.</summary>
    void Add(object transportEndpoint);

    void Remove(object transportEndpoint);
}
