using System.Globalization;
using System.Text;
using SparshRobot.Ros.Dds.Native;
using SparshRobot.Ros.Transport;

namespace SparshRobot.Ros.Dds.Graph;

/// <summary>A reader or writer seen in DDS discovery (DCPSPublication/DCPSSubscription), with its QoS and USER_DATA.</summary>
public sealed record DiscoveredEndpoint(string DdsTopic, string DdsType, bool IsWriter, Gid Gid, QosProfile Qos, string UserData)
{
    /// <summary>The ROS type (<c>pkg/msg/T</c>), or null for a DDS type outside ROS's naming.</summary>
    public string? RosType => DdsNames.ToRosType(DdsType);
}

/// <summary>A topic seen in DDS discovery, with how many writers and readers are alive on it.</summary>
public sealed record DiscoveredTopic(string Topic, string RosTypeName, int Writers, int Readers);

/// <summary>A service seen in DDS discovery: servers are request readers, clients request writers (as rmw counts them).</summary>
public sealed record DiscoveredService(string Service, string ServiceType, int Servers, int Clients);

/// <summary>An action seen in DDS discovery: servers are writers of its feedback topic, clients readers (as rcl_action counts them).</summary>
public sealed record DiscoveredAction(string Action, string ActionType, int Servers, int Clients);

/// <summary>Reads the DDS built-in endpoint topics of a participant for a while and sorts what it heard into ROS terms.</summary>
public static class DdsEndpointDiscovery
{
    /// <summary>Every live endpoint heard within <paramref name="wait"/>, the participant's own included, once each.</summary>
    internal static IReadOnlyList<DiscoveredEndpoint> Discover(int participant, TimeSpan wait)
    {
        var writerReader = DdsApi.Check(DdsApi.CreateDiscoveryReader(participant, 1), "create DCPSPublication reader");
        var readerReader = DdsApi.Check(DdsApi.CreateDiscoveryReader(participant, 0), "create DCPSSubscription reader");
        try
        {
            var seen = new Dictionary<Gid, DiscoveredEndpoint>();
            var deadline = DateTime.UtcNow + wait;
            do
            {
                Thread.Sleep(50);
                foreach (var endpoint in Take(writerReader, isWriter: true).Concat(Take(readerReader, isWriter: false)))
                {
                    seen[endpoint.Gid] = endpoint;
                }
            }
            while (DateTime.UtcNow < deadline);
            return [.. seen.Values.OrderBy(e => e.DdsTopic, StringComparer.Ordinal).ThenBy(e => e.Gid.Value)];
        }
        finally
        {
            DdsApi.Delete(writerReader);
            DdsApi.Delete(readerReader);
        }
    }

    /// <summary>ROS topics (<c>rt/</c>) among <paramref name="endpoints"/>, with writer and reader counts.</summary>
    public static IReadOnlyList<DiscoveredTopic> Topics(IEnumerable<DiscoveredEndpoint> endpoints) =>
        [.. endpoints
            .Select(e => (Endpoint: e, Topic: DdsNames.FromDdsTopic(e.DdsTopic), Type: e.RosType))
            .Where(t => t.Topic is not null && t.Type is not null)
            .GroupBy(t => (t.Topic!, t.Type!))
            .Select(g => new DiscoveredTopic(g.Key.Item1, g.Key.Item2, g.Count(t => t.Endpoint.IsWriter), g.Count(t => !t.Endpoint.IsWriter)))
            .OrderBy(t => t.Topic, StringComparer.Ordinal)];

    /// <summary>
    /// Services among <paramref name="endpoints"/>: a request or reply topic names one (so a lone client shows it too,
    /// as in <c>ros2 service list</c>); its type is the request or response type without the suffix.
    /// </summary>
    public static IReadOnlyList<DiscoveredService> Services(IEnumerable<DiscoveredEndpoint> endpoints) =>
        [.. endpoints
            .Select(e => (Endpoint: e, Service: DdsNames.FromDdsServiceTopic(e.DdsTopic), Type: ServiceTypeOf(e.RosType)))
            .Where(t => t.Service is not null && t.Type is not null)
            .GroupBy(t => (t.Service!.Value.Service, t.Type!))
            .Select(g => new DiscoveredService(g.Key.Service, g.Key.Item2,
                g.Count(t => t.Service!.Value.Role == EndpointRole.ServiceRequest && !t.Endpoint.IsWriter),
                g.Count(t => t.Service!.Value.Role == EndpointRole.ServiceRequest && t.Endpoint.IsWriter)))
            .OrderBy(s => s.Service, StringComparer.Ordinal)];

    /// <summary>
    /// Actions among <paramref name="endpoints"/>, found as rcl_action's graph finds them: a topic ending in
    /// <c>/_action/feedback</c> of a <c>…_FeedbackMessage</c> type names the action and its type.
    /// </summary>
    public static IReadOnlyList<DiscoveredAction> Actions(IEnumerable<DiscoveredEndpoint> endpoints) =>
        [.. endpoints
            .Select(e => (Endpoint: e, Action: ActionOf(e)))
            .Where(t => t.Action is not null)
            .GroupBy(t => t.Action!.Value)
            .Select(g => new DiscoveredAction(g.Key.Action, g.Key.ActionType, g.Count(t => t.Endpoint.IsWriter), g.Count(t => !t.Endpoint.IsWriter)))
            .OrderBy(a => a.Action, StringComparer.Ordinal)];

    /// <summary>The action and action type whose feedback topic <paramref name="endpoint"/> is on, or null.</summary>
    public static (string Action, string ActionType)? ActionOf(DiscoveredEndpoint endpoint)
    {
        const string feedbackTopic = "/_action/feedback", feedbackType = "_FeedbackMessage";
        return DdsNames.FromDdsTopic(endpoint.DdsTopic) is { } topic && topic.EndsWith(feedbackTopic, StringComparison.Ordinal)
            && topic.Length > feedbackTopic.Length
            && endpoint.RosType is { } type && type.EndsWith(feedbackType, StringComparison.Ordinal)
            ? (topic[..^feedbackTopic.Length], type[..^feedbackType.Length])
            : null;
    }

    private static string? ServiceTypeOf(string? rosType)
    {
        foreach (var suffix in (string[])["_Request", "_Response"])
        {
            if (rosType is not null && rosType.EndsWith(suffix, StringComparison.Ordinal))
            {
                return rosType[..^suffix.Length];
            }
        }
        return null;
    }

    private static unsafe List<DiscoveredEndpoint> Take(int reader, bool isWriter)
    {
        var result = new List<DiscoveredEndpoint>();
        var buffer = new byte[64 * 1024];
        while (true)
        {
            int lines;
            fixed (byte* p = buffer)
            {
                lines = DdsApi.Check(DdsApi.TakeEndpoints(reader, p, buffer.Length), "take discovery endpoints");
            }
            if (lines == 0)
            {
                return result;
            }
            var text = Encoding.UTF8.GetString(buffer, 0, Array.IndexOf(buffer, (byte)0));
            foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                if (line.Split('\t') is ["1", var topic, var type, var guid, var reliable, var transientLocal, var depth, var userData])
                {
                    var history = int.Parse(depth, CultureInfo.InvariantCulture);
                    var qos = new QosProfile(
                        reliable == "1" ? Reliability.Reliable : Reliability.BestEffort,
                        transientLocal == "1" ? Durability.TransientLocal : Durability.Volatile,
                        history == 0 ? History.KeepAll : History.KeepLast,
                        history);
                    result.Add(new DiscoveredEndpoint(topic, type, isWriter, new Gid(UInt128.Parse(guid, NumberStyles.HexNumber, CultureInfo.InvariantCulture)), qos, userData));
                }
            }
        }
    }
}
