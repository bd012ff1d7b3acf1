using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Dds.Native;
using SparshRobot.Ros.Transport;

namespace SparshRobot.Ros.Dds.Graph;

/// <summary>
/// Reads <c>ros_discovery_info</c> for a while and keeps each participant's newest announcement: which nodes it has
/// and which endpoints each owns (what <c>ros2 node list</c> learns from). The endpoints themselves come from
/// <see cref="DdsEndpointDiscovery"/>.
/// </summary>
internal static class DdsNodeDiscovery
{
    /// <summary>
    /// The announcements heard on <paramref name="reader"/> (a raw <c>ros_discovery_info</c> reader, deleted here
    /// once done) within <paramref name="wait"/>, the newest per participant, ordered by participant; Humble and
    /// Iron-or-later layouts alike, <paramref name="preferred"/> tried first. An undecodable sample is logged, skipped
    /// and reported to <paramref name="onMalformed"/>.
    /// </summary>
    internal static IReadOnlyList<ParticipantEntitiesInfo> Discover(int reader, GidLayout preferred, TimeSpan wait, Action onMalformed)
    {
        try
        {
            var latest = new Dictionary<Gid, ParticipantEntitiesInfo>();
            var deadline = DateTime.UtcNow + wait;
            do
            {
                Thread.Sleep(50);
                foreach (var sample in TakeAll(reader))
                {
                    try
                    {
                        var info = ParticipantEntitiesInfo.DeserializeAnyLayout(sample, preferred);
                        latest[info.Participant] = info;
                    }
                    catch (CdrFormatException e)
                    {
                        onMalformed();
                        TransportLog.Warn("dds", $"dropped an undecodable {ParticipantEntitiesInfo.DdsTopic} sample ({sample.Length} bytes): {e.Message}");
                    }
                }
            }
            while (DateTime.UtcNow < deadline);
            return [.. latest.Values.OrderBy(i => i.Participant.Value)];
        }
        finally
        {
            DdsApi.Delete(reader);
        }
    }

    private static unsafe List<byte[]> TakeAll(int reader)
    {
        var result = new List<byte[]>();
        var samples = stackalloc TakenSample[16];
        int n;
        while ((n = DdsApi.TakeRaw(reader, samples, 16)) > 0)
        {
            for (var i = 0; i < n; i++)
            {
                var data = new byte[samples[i].Size];
                DdsTransport.CopyAndRelease(samples[i], data);
                result.Add(data);
            }
        }
        return result;
    }
}
