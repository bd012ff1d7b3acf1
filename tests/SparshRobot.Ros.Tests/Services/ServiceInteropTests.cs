using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using SparshRobot.Ros.Dds;
using SparshRobot.Ros.Messages.ExampleInterfaces;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Services;
using SparshRobot.Ros.Tests.Dds;
using static SparshRobot.Ros.Tests.Dds.DdsTestSupport;

namespace SparshRobot.Ros.Tests.Services;

/// <summary>
/// Our services and clients against the independent C peer (Fixtures/dds_peer serve-add / call-add), which speaks
/// AddTwoInts as rmw_cyclonedds does: idlc's serializer with the request header as leading members, clientid/serviceid
/// USER_DATA, rmw's availability rule and its 100 ms wait for the client's reply reader.
/// </summary>
[TestFixture]
[Category("dds")]
public partial class ServiceInteropTests
{
    private const string Service = "/peer/add_two_ints";
    private const string PeerTimeoutSeconds = "10";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>Longer than the peer's own timeout, so a stuck peer fails with its output rather than hangs.</summary>
    private static readonly TimeSpan PeerExit = TimeSpan.FromSeconds(15);

    [GeneratedRegex(@"^request guid=(?<guid>[0-9a-f]{16}) seq=(?<seq>-?\d+) a=(?<a>-?\d+) b=(?<b>-?\d+)$", RegexOptions.Multiline)]
    private static partial Regex RequestLine();

    [GeneratedRegex(@"^reply seq=(?<seq>-?\d+) sum=(?<sum>-?\d+)$", RegexOptions.Multiline)]
    private static partial Regex ReplyLine();

    private sealed record PeerRequest(ulong Guid, long Seq, long A, long B);

    [Test]
    public void PeerCallsTheParameterServicesEveryNodeServes()
    {
        var domain = NewDomainId();
        using var context = new RosContext(new DdsTransport(Localhost(domain)));
        using var controller = new SpunNode(context, "controller");
        controller.Node.DeclareParameter("gains.kp", 2.0);
        controller.Node.DeclareParameter("gains.ki", 0.5);
        controller.Node.DeclareParameter("rate", 60L);

        using var peer = DdsPeer.Start("call-list-params", Inv(domain), "/controller", "0", PeerTimeoutSeconds);
        var lines = DdsPeer.Finish(peer, PeerExit).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.That(lines.Where(l => !l.StartsWith("available", StringComparison.Ordinal)),
            Is.EqualTo(new[] { "name gains.ki", "name gains.kp", "name rate", "prefix gains" }));
    }

    [TestCase(false, TestName = "PeerClientCallsOurService(service first)")]
    [TestCase(true, TestName = "PeerClientCallsOurService(peer first)")]
    public void PeerClientCallsOurService(bool peerFirst)
    {
        var domain = NewDomainId();
        const int calls = 5;
        // Started first, the peer must wait for our service by rmw's availability rule (our serviceid on both sides).
        using var startedFirst = peerFirst ? StartCaller(domain, calls) : null;
        using var context = new RosContext(new DdsTransport(Localhost(domain)));
        using var server = new SpunNode(context, "adder");
        var seen = new ConcurrentQueue<AddTwoIntsRequest>();
        var service = server.Node.CreateService<AddTwoIntsRequest, AddTwoIntsResponse>(Service, r =>
        {
            seen.Enqueue(r);
            return new AddTwoIntsResponse(r.A + r.B);
        });
        using var startedNow = peerFirst ? null : StartCaller(domain, calls);

        var output = DdsPeer.Finish((startedFirst ?? startedNow)!, PeerExit);

        var replies = ReplyLine().Matches(output).Select(m => (Seq: Long(m, "seq"), Sum: Long(m, "sum"))).OrderBy(r => r.Seq).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(replies.Select(r => r.Seq), Is.EqualTo(Enumerable.Range(1, calls).Select(i => (long)i)), output);
            // The peer sends a = -40, b = 2 + i for call i (seq i + 1).
            Assert.That(replies.Select(r => r.Sum), Is.EqualTo(replies.Select(r => -40 + 2 + r.Seq - 1)), output);
            Assert.That(seen.Select(r => r.B).Order(), Is.EqualTo(Enumerable.Range(2, calls).Select(i => (long)i)), "the requests our handler got");
            Assert.That(seen.Select(r => r.A), Is.All.EqualTo(-40));
            Assert.That(service.Handled, Is.EqualTo(calls));
            Assert.That((service.MalformedRequests, service.FailedRequests, service.UnsentReplies, service.DroppedRequests), Is.EqualTo((0L, 0L, 0L, 0L)));
        });
    }

    [Test]
    public async Task OurClientCallsPeerServiceWithItsHandleAndRisingSequenceNumbers()
    {
        var domain = NewDomainId();
        const int calls = 4;
        using var peer = StartServer(domain, calls);
        using var context = new RosContext(new DdsTransport(Localhost(domain)));
        using var node = new RosNode(context, "caller");
        var client = node.CreateClient<AddTwoIntsRequest, AddTwoIntsResponse>(Service);
        Assert.That(await client.WaitForServiceAsync(Patience), Is.True, "the peer's service becomes available");

        var sums = new List<long>();
        for (var i = 0; i < calls; i++)
        {
            sums.Add((await client.CallAsync(new AddTwoIntsRequest(1000 * i, -i), Patience)).Sum);
        }
        var requests = Requests(DdsPeer.Finish(peer, PeerExit));

        Assert.Multiple(() =>
        {
            Assert.That(sums, Is.EqualTo(Enumerable.Range(0, calls).Select(i => 999L * i)));
            Assert.That(requests.Select(r => (r.A, r.B)), Is.EqualTo(Enumerable.Range(0, calls).Select(i => (1000L * i, (long)-i))), "requests in call order");
            Assert.That(requests.Select(r => r.Guid), Is.All.EqualTo(client.ClientHandle), "rmw's guid: our request writer's instance handle");
            Assert.That(requests.Select(r => r.Seq), Is.Ordered.Ascending.And.Unique, "sequence numbers rise");
            Assert.That((client.PendingCalls, client.LateReplies, client.MalformedReplies), Is.EqualTo((0, 0L, 0L)));
        });

        // The peer has left: its endpoints are gone, so the service is no longer available and a call times out.
        Assert.That(WaitUntil(() => !client.IsServiceAvailable, Patience), Is.True, "availability after the peer left");
        Assert.ThrowsAsync<ServiceTimeoutException>(() => client.CallAsync(new AddTwoIntsRequest(1, 1), TimeSpan.FromMilliseconds(300)));
    }

    [Test]
    public async Task TwoOfOurClientsGetOnlyTheirOwnRepliesFromThePeer()
    {
        var domain = NewDomainId();
        const int callsEach = 5;
        using var peer = StartServer(domain, 2 * callsEach);
        using var context = new RosContext(new DdsTransport(Localhost(domain)));
        using var first = new RosNode(context, "first");
        using var second = new RosNode(context, "second");
        ServiceClient<AddTwoIntsRequest, AddTwoIntsResponse>[] clients =
            [first.CreateClient<AddTwoIntsRequest, AddTwoIntsResponse>(Service), second.CreateClient<AddTwoIntsRequest, AddTwoIntsResponse>(Service)];
        foreach (var client in clients)
        {
            Assert.That(await client.WaitForServiceAsync(Patience), Is.True);
        }

        // Both call at once; the peer's replies all go to the shared reply topic, so each client also hears the other's.
        var calls = clients.SelectMany((c, i) => Enumerable.Range(0, callsEach)
            .Select(k => (i, k, Reply: c.CallAsync(new AddTwoIntsRequest(100 * (i + 1), k), Patience)))).ToArray();
        await Task.WhenAll(calls.Select(c => c.Reply));
        var requests = Requests(DdsPeer.Finish(peer, PeerExit));

        Assert.Multiple(() =>
        {
            foreach (var (i, k, reply) in calls)
            {
                Assert.That(reply.Result.Sum, Is.EqualTo(100 * (i + 1) + k), $"client {i} call {k}");
            }
            Assert.That(clients[0].ClientHandle, Is.Not.EqualTo(clients[1].ClientHandle));
            for (var i = 0; i < clients.Length; i++)
            {
                var mine = requests.Where(r => r.Guid == clients[i].ClientHandle).ToArray();
                Assert.That(mine.Select(r => r.A), Is.All.EqualTo(100 * (i + 1)), $"client {i}'s requests carry its handle");
                Assert.That(mine, Has.Length.EqualTo(callsEach));
                // A reply to the other client carries a sequence number this one never used: kept, it would count as late.
                Assert.That((clients[i].LateReplies, clients[i].MalformedReplies, clients[i].PendingCalls), Is.EqualTo((0L, 0L, 0)), $"client {i}");
            }
        });
    }

    [Test]
    public async Task OurClientSeesThePeerServiceOnlyOnceItRuns()
    {
        var domain = NewDomainId();
        using var context = new RosContext(new DdsTransport(Localhost(domain)));
        using var node = new RosNode(context, "caller");
        var client = node.CreateClient<AddTwoIntsRequest, AddTwoIntsResponse>(Service);
        Assert.That(await client.WaitForServiceAsync(TimeSpan.FromMilliseconds(500)), Is.False, "no service yet");

        using var peer = StartServer(domain, 1);
        Assert.That(await client.WaitForServiceAsync(Patience), Is.True, "the peer's rq reader and rr writer, one serviceid");
        Assert.That(client.IsServiceAvailable, Is.True);
        Assert.That((await client.CallAsync(new AddTwoIntsRequest(20, 22), Patience)).Sum, Is.EqualTo(42));
        Assert.That(Requests(DdsPeer.Finish(peer, PeerExit)), Has.Length.EqualTo(1));
    }

    private static System.Diagnostics.Process StartServer(uint domain, int count) =>
        DdsPeer.Start("serve-add", Inv(domain), Service, Inv(count), PeerTimeoutSeconds);

    private static System.Diagnostics.Process StartCaller(uint domain, int calls) =>
        DdsPeer.Start("call-add", Inv(domain), Service, "-40", "2", Inv(calls), PeerTimeoutSeconds);

    /// <summary>The peer's request lines; a reply it could not send (client reader unmatched after 100 ms) fails the test.</summary>
    private static PeerRequest[] Requests(string output)
    {
        Assert.That(output, Does.Not.Contain("unsent"), output);
        return RequestLine().Matches(output)
            .Select(m => new PeerRequest(ulong.Parse(m.Groups["guid"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                Long(m, "seq"), Long(m, "a"), Long(m, "b")))
            .ToArray();
    }

    private static long Long(Match m, string group) => long.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    private static string Inv(long value) => value.ToString(CultureInfo.InvariantCulture);
}
