namespace SparshRobot.Ros.Dds.Graph;

/// <summary>
/// The nodes of one DDS participant and the GIDs of their endpoints, republished as a whole
/// <see cref="ParticipantEntitiesInfo"/> on every change (what rmw_dds_common's graph cache does for a context).
/// </summary>
internal sealed class DdsNodeGraph(Gid participant, GidLayout layout, Func<object, (Gid Gid, bool IsWriter)?> identify, Action<byte[]> publish)
{
    private readonly object _gate = new();
    private readonly List<Node> _nodes = [];

    public Transport.INodeAnnouncement Announce(string nodeNamespace, string nodeName)
    {
        var node = new Node(this, nodeNamespace, nodeName);
        Change(() => _nodes.Add(node));
        return node;
    }

    /// <summary>The current announcement (as last published).</summary>
    public ParticipantEntitiesInfo Snapshot()
    {
        lock (_gate)
        {
            return Current();
        }
    }

    private (Gid Gid, bool IsWriter)? Identify(object transportEndpoint) => identify(transportEndpoint);

    private ParticipantEntitiesInfo Current() => new(participant, [.. _nodes.Select(n => n.Info())]);

    /// <summary>Applies a change and publishes the result under one lock, so announcements go out in the order of
    /// the changes they describe.</summary>
    private void Change(Action change)
    {
        lock (_gate)
        {
            change();
            publish(Current().Serialize(layout));
        }
    }

    private sealed class Node(DdsNodeGraph graph, string nodeNamespace, string nodeName) : Transport.INodeAnnouncement
    {
        private readonly List<Gid> _readers = [];
        private readonly List<Gid> _writers = [];
        private bool _withdrawn;

        public NodeEntitiesInfo Info() => new(nodeNamespace, nodeName, [.. _readers], [.. _writers]);

        public void Add(object transportEndpoint)
        {
            if (graph.Identify(transportEndpoint) is { } endpoint)
            {
                graph.Change(() => (endpoint.IsWriter ? _writers : _readers).Add(endpoint.Gid));
            }
        }

        public void Remove(object transportEndpoint)
        {
            if (graph.Identify(transportEndpoint) is { } endpoint)
            {
                graph.Change(() => (endpoint.IsWriter ? _writers : _readers).Remove(endpoint.Gid));
            }
        }

        public void Dispose()
        {
            graph.Change(() =>
            {
                if (!_withdrawn)
                {
                    _withdrawn = true;
                    graph._nodes.Remove(this);
                }
            });
        }
    }
}
