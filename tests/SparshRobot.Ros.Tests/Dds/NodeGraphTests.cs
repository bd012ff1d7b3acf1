using System.Globalization;
using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Dds;
using SparshRobot.Ros.Dds.Graph;
using SparshRobot.Ros.Messages.GeometryMsgs;
using SparshRobot.Ros.Messages.StdMsgs;
using SparshRobot.Ros.Node;
using static SparshRobot.Ros.Tests.Dds.DdsTestSupport;

namespace SparshRobot.Ros.Tests.Dds;

/// <summary>Nodes announced on ros_discovery_info, as rmw announces them (ros2 node list reads nothing else).</summary>
[TestFixture]
[Category("dds")]
public class NodeGraphTests
{
    // Parameter services would add twelve endpoints per node; these tests count endpoints exactly.
    private static readonly NodeOptions Bare = new() { StartParameterServices = false };

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private static readonly Gid ParticipantGid = Gid.FromGuid(Enumerable.Range(0, 16).Select(i => (byte)i).ToArray());
    private static readonly Gid WriterGid = Gid.FromGuid(Enumerable.Range(0, 16).Select(i => (byte)(0xA0 + i)).ToArray());

    private static ParticipantEntitiesInfo OneNode() => new(ParticipantGid, [new NodeEntitiesInfo("/", "n", [], [WriterGid])]);

    [Test]
    public void IronLayoutBytesAreCountedByHand()
    {
        byte[] expected =
        [
            0x00, 0x01, 0x00, 0x00, // CDR_LE encapsulation header
            .. Enumerable.Range(0, 16).Select(i => (byte)i), // gid: char[16], no count
            0x01, 0x00, 0x00, 0x00, // one NodeEntitiesInfo
            0x02, 0x00, 0x00, 0x00, (byte)'/', 0x00, // node_namespace "/" with its NUL
            0x00, 0x00, // pad to 4
            0x02, 0x00, 0x00, 0x00, (byte)'n', 0x00, // node_name "n"
            0x00, 0x00, // pad to 4
            0x00, 0x00, 0x00, 0x00, // no readers
            0x01, 0x00, 0x00, 0x00, // one writer
            .. Enumerable.Range(0, 16).Select(i => (byte)(0xA0 + i)),
        ];

        Assert.That(OneNode().Serialize(GidLayout.IronAndLater), Is.EqualTo(expected));
    }

    [Test]
    public void HumbleLayoutPadsEveryGidTo24Bytes()
    {
        var bytes = OneNode().Serialize(GidLayout.Humble);

        Assert.That(bytes, Has.Length.EqualTo(OneNode().Serialize(GidLayout.IronAndLater).Length + 2 * 8));
        Assert.That(bytes.AsSpan(4 + 16, 8).ToArray(), Is.All.Zero, "the participant gid's 8 bytes of padding");
        Assert.That(bytes.AsSpan(bytes.Length - 8).ToArray(), Is.All.Zero, "the writer gid's padding");
        Assert.That(ParticipantEntitiesInfo.Deserialize(bytes, GidLayout.Humble), Is.EqualTo(OneNode()).Using<ParticipantEntitiesInfo>(SameInfo));
    }

    [TestCase(GidLayout.IronAndLater)]
    [TestCase(GidLayout.Humble)]
    public void EitherLayoutDecodesWhicheverThisProcessPrefers(GidLayout written)
    {
        var bytes = OneNode().Serialize(written);

        foreach (var preferred in new[] { GidLayout.IronAndLater, GidLayout.Humble })
        {
            Assert.That(ParticipantEntitiesInfo.DeserializeAnyLayout(bytes, preferred), Is.EqualTo(OneNode()).Using<ParticipantEntitiesInfo>(SameInfo));
        }
        var other = written == GidLayout.Humble ? GidLayout.IronAndLater : GidLayout.Humble;
        Assert.That(() => ParticipantEntitiesInfo.Deserialize(bytes, other), Throws.InstanceOf<CdrFormatException>());
    }

    [Test]
    public void TruncatedAnnouncementsAndOverlongNamesAreRefused()
    {
        var bytes = OneNode().Serialize(GidLayout.IronAndLater);
        var e = Assert.Throws<CdrFormatException>(() => ParticipantEntitiesInfo.DeserializeAnyLayout(bytes[..^10], GidLayout.IronAndLater));
        TestContext.Out.WriteLine(e!.Message);
        var longName = new ParticipantEntitiesInfo(ParticipantGid, [new NodeEntitiesInfo("/", new string('x', 257), [], [])]);
        Assert.That(() => longName.Serialize(GidLayout.IronAndLater),
            Throws.ArgumentException.With.Message.Contains("node_name").And.Message.Contains("256"));
    }

    [Test]
    public void AnIdlcGeneratedReaderDecodesOurNodesWithTheirEndpointGids()
    {
        var domain = NewDomainId();
        using var transport = new DdsTransport(Localhost(domain) with { GidLayout = GidLayout.IronAndLater });
        using var context = new RosContext(transport, ownsTransport: false);
        using var policy = new RosNode(context, "tactile_policy", "/robot", Bare);
        policy.CreatePublisher<PoseStamped>("ee_target");
        policy.CreateSubscription<PoseStamped>("ee_pose", _ => { });
        policy.CreateSubscription<Float64>("/probe", _ => { });
        using var sim = new RosNode(context, "bead_maze_sim", options: Bare);

        using var peer = DdsPeer.Start("echo-graph", domain.ToString(CultureInfo.InvariantCulture), "2", "15");
        var lines = DdsPeer.Finish(peer, Timeout).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var announced = transport.AnnouncedGraph!;
        var node = announced.Nodes[0];
        Assert.Multiple(() =>
        {
            Assert.That(lines, Is.EqualTo(new[]
            {
                $"participant {announced.Participant}",
                $"node /robot tactile_policy readers={string.Join(',', node.Readers)} writers={string.Join(',', node.Writers)}",
                "node / bead_maze_sim readers= writers=",
            }));
            Assert.That(node.Readers, Has.Count.EqualTo(2));
            Assert.That(node.Writers, Has.Count.EqualTo(1));
            // Real DDS GUIDs: every entity of a participant shares its 12-byte GUID prefix.
            Assert.That(node.Readers.Concat(node.Writers).Select(Prefix), Is.All.EqualTo(Prefix(announced.Participant)));
            Assert.That(node.Readers.Concat(node.Writers).Distinct().Count(), Is.EqualTo(3));
        });
    }

    [Test]
    public void APeerSeesNodesComeAndGoInEitherLayout()
    {
        var domain = NewDomainId();
        using var announcer = new DdsTransport(Localhost(domain) with { GidLayout = GidLayout.Humble });
        using var observer = new DdsTransport(Localhost(domain) with { GidLayout = GidLayout.IronAndLater });
        using var context = new RosContext(announcer, ownsTransport: false);
        using var kept = new RosNode(context, "kept", "/a", Bare);
        var leaving = new RosNode(context, "leaving", options: Bare);
        leaving.CreatePublisher<Float64>("out");

        var seen = Theirs(observer.DiscoverNodes(TimeSpan.FromSeconds(1.5)), announcer);
        Assert.That(seen?.Nodes.Select(n => n.FullyQualifiedName), Is.EqualTo(new[] { "/a/kept", "/leaving" }));
        Assert.That(seen!.Nodes[1].Writers, Has.Count.EqualTo(1));

        leaving.Dispose();
        var after = Theirs(observer.DiscoverNodes(TimeSpan.FromSeconds(1.5)), announcer);
        Assert.That(after?.Nodes.Select(n => n.FullyQualifiedName), Is.EqualTo(new[] { "/a/kept" }), "a disposed node is withdrawn");
        Assert.That(observer.MalformedDropped, Is.Zero);
    }

    private static ParticipantEntitiesInfo? Theirs(IReadOnlyList<ParticipantEntitiesInfo> all, DdsTransport announcer) =>
        all.SingleOrDefault(i => i.Participant == announcer.AnnouncedGraph!.Participant);

    private static UInt128 Prefix(Gid gid) => gid.Value >> 32;

    private static bool SameInfo(ParticipantEntitiesInfo a, ParticipantEntitiesInfo b) =>
        a.Participant == b.Participant && a.Nodes.Count == b.Nodes.Count && a.Nodes.Zip(b.Nodes).All(p =>
            p.First.Namespace == p.Second.Namespace && p.First.Name == p.Second.Name
            && p.First.Readers.SequenceEqual(p.Second.Readers) && p.First.Writers.SequenceEqual(p.Second.Writers));
}
