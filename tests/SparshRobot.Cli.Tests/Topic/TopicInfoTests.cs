using System.Text.RegularExpressions;
using SparshRobot.Cli.Tests.Services;
using SparshRobot.Ros.Dds;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Transport;
using StringMessage = SparshRobot.Ros.Messages.StdMsgs.String;

namespace SparshRobot.Cli.Tests.Topic;

[Category("dds")]
[Parallelizable(ParallelScope.All)]
public class TopicInfoTests
{
    // std_msgs/msg/String's published RIHS01 hash (docs/ros2.md, "Type hashes"; rosidl's tests hold it too).
    private const string StringHash = "RIHS01_df668c740482bbd48fb39d76a70dfd4bd59db1288021743503259e948f6b1a18";

    [Test]
    public void VerboseShowsEachEndpointsNodeGidQosAndTypeHash()
    {
        var domain = new DdsDomain();
        using var context = new RosContext(domain.OpenTransport());
        using var talker = new RosNode(context, "talker", "/demo");
        using var publisher = talker.CreatePublisher<StringMessage>("/chatter", new QosProfile(Reliability.Reliable, Durability.Volatile, History.KeepLast, 7));
        using var listener = talker.CreateSubscription<StringMessage>("/chatter", _ => { }, QosProfile.SensorData);
        // A writer of no node, from a process that announces no type hashes (as Humble's rmw).
        using var anonymous = new DdsTransport(new DdsTransportOptions(domain.Id, DiscoveryRange.Localhost) { AnnounceTypeHashes = false });
        using var latched = anonymous.CreateRawWriter("/chatter", StringMessage.TypeName, QosProfile.Latched);

        var (code, output, error) = domain.Cli("topic", "info", "/chatter", "-v");

        Assert.That(code, Is.Zero, error);
        var blocks = output.Split("\n\n");
        Assert.That(blocks[0], Is.EqualTo("Type: std_msgs/msg/String"));
        Assert.That(blocks, Does.Contain("Publisher count: 2").And.Contain("Subscription count: 1"));
        var ours = blocks.Single(b => b.Contains("Endpoint type: PUBLISHER", StringComparison.Ordinal) && b.Contains("talker", StringComparison.Ordinal));
        Assert.That(ours, Does.StartWith($"Node name: talker\nNode namespace: /demo\nTopic type: std_msgs/msg/String\nTopic type hash: {StringHash}\n"));
        Assert.That(ours, Does.Contain("Reliability: RELIABLE\n  History (Depth): KEEP_LAST (7)\n  Durability: VOLATILE"));
        Assert.That(ours, Does.Match(@"\nGID: ([0-9a-f]{2}\.){15}[0-9a-f]{2}\n"));
        var subscription = blocks.Single(b => b.Contains("Endpoint type: SUBSCRIPTION", StringComparison.Ordinal));
        Assert.That(subscription, Does.StartWith("Node name: talker\n").And.Contain("Reliability: BEST_EFFORT\n  History (Depth): KEEP_LAST (5)"));
        var stranger = blocks.Single(b => b.Contains("_NODE_NAME_UNKNOWN_", StringComparison.Ordinal));
        Assert.That(stranger, Does.Contain("Topic type hash: INVALID\nEndpoint type: PUBLISHER").And.Contain("Durability: TRANSIENT_LOCAL"));
        Assert.That(Regex.Matches(output, "GID: (.*)").Select(m => m.Groups[1].Value).Distinct().Count(), Is.EqualTo(3), "each endpoint its own GID");
    }

    [Test]
    public void WithoutVerboseOnlyTheCountsAreShown()
    {
        var domain = new DdsDomain();
        using var transport = domain.OpenTransport();
        using var writer = transport.CreateRawWriter("/counts", StringMessage.TypeName, QosProfile.Default);

        var (code, output, error) = domain.Cli("topic", "info", "/counts");

        Assert.That((code, output), Is.EqualTo((0, "Type: std_msgs/msg/String\n\nPublisher count: 1\n\nSubscription count: 0\n")), error);
    }

    [Test]
    public void AnUnknownTopicIsAnError()
    {
        var (code, _, error) = new DdsDomain().Cli("topic", "info", "/nothing_here", "--wait", "0.3");

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("no publisher or subscription of '/nothing_here' was discovered"));
    }
}
