using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Dds;
using SparshRobot.Ros.Dds.Graph;
using SparshRobot.Ros.Messages.ExampleInterfaces;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Services;
using SparshRobot.Ros.Transport;
using static SparshRobot.Ros.Tests.Dds.DdsTestSupport;

namespace SparshRobot.Ros.Tests.Services;

[Category("dds")]
public class ServiceTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static IEnumerable<TestCaseData> Transports()
    {
        Func<(ITransport, ITransport)> inProcess = () =>
        {
            var shared = new InProcessTransport();
            return (shared, shared);
        };
        Func<(ITransport, ITransport)> dds = () =>
        {
            var domain = NewDomainId();
            return (new DdsTransport(Localhost(domain)), new DdsTransport(Localhost(domain)));
        };
        yield return new TestCaseData(inProcess).SetArgDisplayNames("inprocess");
        yield return new TestCaseData(dds).SetArgDisplayNames("dds");
    }

    [TestCaseSource(nameof(Transports))]
    public async Task ClientsGetTheirOwnRepliesWhileCallingTogether(Func<(ITransport Server, ITransport Client)> make)
    {
        var (serverTransport, clientTransport) = make();
        using var serverContext = new RosContext(serverTransport);
        using var clientContext = new RosContext(clientTransport, ownsTransport: serverTransport != clientTransport);
        using var server = new SpunNode(serverContext, "adder");
        var service = server.Node.CreateService<AddTwoIntsRequest, AddTwoIntsResponse>("add", r => new AddTwoIntsResponse(r.A + r.B));
        using var caller = new RosNode(clientContext, "caller");
        var clients = Enumerable.Range(0, 4).Select(_ => caller.CreateClient<AddTwoIntsRequest, AddTwoIntsResponse>("/add")).ToArray();

        foreach (var client in clients)
        {
            Assert.That(await client.WaitForServiceAsync(Patience), Is.True, "the service becomes available");
        }
        var calls = clients.SelectMany((c, i) => Enumerable.Range(0, 25).Select(k => (i, k, Reply: c.CallAsync(new AddTwoIntsRequest(i * 1000, k), Patience)))).ToArray();
        await Task.WhenAll(calls.Select(c => c.Reply));

        Assert.Multiple(() =>
        {
            foreach (var (i, k, reply) in calls)
            {
                Assert.That(reply.Result.Sum, Is.EqualTo(i * 1000 + k), $"client {i} call {k}");
            }
            Assert.That(service.Handled, Is.EqualTo(100));
            Assert.That(clients.Select(c => c.PendingCalls), Is.All.Zero);
            Assert.That(clients.Select(c => c.LateReplies + c.MalformedReplies), Is.All.Zero);
            Assert.That(service.ServiceType, Is.EqualTo("example_interfaces/srv/AddTwoInts"));
            Assert.That(service.Name, Is.EqualTo("/add"));
        });
    }

    [TestCaseSource(nameof(Transports))]
    public async Task MalformedRequestsAreCountedAndTheServiceKeepsServing(Func<(ITransport Server, ITransport Client)> make)
    {
        var (serverTransport, clientTransport) = make();
        using var serverContext = new RosContext(serverTransport);
        using var clientContext = new RosContext(clientTransport, ownsTransport: serverTransport != clientTransport);
        using var server = new SpunNode(serverContext, "adder");
        var service = server.Node.CreateService<AddTwoIntsRequest, AddTwoIntsResponse>("/add", r => new AddTwoIntsResponse(r.A + r.B));
        using var caller = new RosNode(clientContext, "caller");
        var client = caller.CreateClient<AddTwoIntsRequest, AddTwoIntsResponse>("/add");
        using var rogue = clientTransport.CreateRawWriter("/add", AddTwoIntsRequest.TypeName, QosProfile.ServicesDefault,
            new RawEndpointOptions { Role = EndpointRole.ServiceRequest });
        Assert.That(await client.WaitForServiceAsync(Patience), Is.True);
        Assert.That(WaitUntil(() => rogue.MatchedSubscriptions > 0, Patience), Is.True);

        rogue.Write([0x00, 0x01, 0x00, 0x00, 1, 2, 3]); // header cut short
        rogue.Write([0x00, 0x01, 0x00, 0x00, .. new byte[16], 2, 0, 0, 0]); // body truncated
        rogue.Write([0x00, 0x00, 0x00, 0x00, .. new byte[32]]); // big-endian encapsulation, which we do not read

        Assert.That(WaitUntil(() => service.MalformedRequests == 3, Patience), Is.True, $"malformed: {service.MalformedRequests}");
        var reply = await client.CallAsync(new AddTwoIntsRequest(40, 2), Patience);
        Assert.That(reply.Sum, Is.EqualTo(42), "still serving after bad input");
    }

    [Test]
    public async Task BytesOnTheWireAreRmwsHeaderThenTheStruct()
    {
        var domain = NewDomainId();
        using var serverContext = new RosContext(new DdsTransport(Localhost(domain)));
        using var server = new SpunNode(serverContext, "adder");
        server.Node.CreateService<AddTwoIntsRequest, AddTwoIntsResponse>("/ns/add_two_ints", r => new AddTwoIntsResponse(r.A + r.B));
        // A bare client made of raw endpoints, written as the doc's worked example: guid 0x1122334455667788, seq 1, a=2, b=3.
        using var probe = new DdsTransport(Localhost(domain));
        var replies = new List<byte[]>();
        using var replyReader = probe.SubscribeRaw("/ns/add_two_ints", AddTwoIntsResponse.TypeName, QosProfile.ServicesDefault,
            m => { lock (replies) { replies.Add(m.Data.ToArray()); } }, new RawEndpointOptions { Role = EndpointRole.ServiceReply });
        using var requestWriter = probe.CreateRawWriter("/ns/add_two_ints", AddTwoIntsRequest.TypeName, QosProfile.ServicesDefault,
            new RawEndpointOptions { Role = EndpointRole.ServiceRequest });
        Assert.That(WaitUntil(() => requestWriter.MatchedSubscriptions > 0 && replyReader.MatchedPublishers > 0, Patience), Is.True);

        byte[] request = [0x00, 0x01, 0x00, 0x00, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0];
        Assert.That(request, Has.Length.EqualTo(36));
        Assert.That(ServiceWire.Encode(new RequestId(0x1122334455667788, 1), new AddTwoIntsRequest(2, 3)), Is.EqualTo(request), "our encoder");
        requestWriter.Write(request);

        Assert.That(WaitUntil(() => { lock (replies) { return replies.Count == 1; } }, Patience), Is.True);
        Assert.That(replies[0], Is.EqualTo(new byte[] { 0x00, 0x01, 0x00, 0x00, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11, 1, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0 }));
        await Task.CompletedTask;
    }

    [Test]
    public async Task ServiceEndpointsCarryTheirIdsAndJoinTheNodeGraph()
    {
        var domain = NewDomainId();
        using var transport = new DdsTransport(Localhost(domain) with { AnnounceTypeHashes = true });
        using var context = new RosContext(transport, ownsTransport: false);
        using var server = new SpunNode(context, "adder");
        var service = server.Node.CreateService<AddTwoIntsRequest, AddTwoIntsResponse>("add", r => new AddTwoIntsResponse(r.A + r.B));
        using var caller = new RosNode(context, "caller");
        var client = caller.CreateClient<AddTwoIntsRequest, AddTwoIntsResponse>("add");
        Assert.That(await client.WaitForServiceAsync(Patience), Is.True);

        var graph = transport.AnnouncedGraph!;
        var adder = graph.Nodes.Single(n => n.Name == "adder");
        var callerInfo = graph.Nodes.Single(n => n.Name == "caller");
        Assert.Multiple(() =>
        {
            // rmw: a service is its rq reader plus rr writer; a client its rq writer plus rr reader. Every node also
            // serves six parameter services and writes /parameter_events.
            Assert.That((adder.Readers.Count, adder.Writers.Count), Is.EqualTo((1 + 6, 1 + 6 + 1)));
            Assert.That((callerInfo.Readers.Count, callerInfo.Writers.Count), Is.EqualTo((1 + 6, 1 + 6 + 1)));
            Assert.That(service.Id, Does.Match(@"^[ 0-9a-f][0-9a-f](\.[0-9a-f]{1,2}){15}$"));
            Assert.That(client.Id, Is.Not.EqualTo(service.Id));
        });
        var endpoints = transport.DiscoverEndpoints(TimeSpan.FromMilliseconds(300));
        Assert.Multiple(() =>
        {
            Assert.That(DdsEndpointDiscovery.Topics(endpoints).Select(t => t.Topic), Has.None.Contains("add"), "services are not topics");
            var services = DdsEndpointDiscovery.Services(endpoints);
            Assert.That(services.Where(s => s.Service == "/add"), Is.EqualTo(new[] { new DiscoveredService("/add", "example_interfaces/srv/AddTwoInts", 1, 1) }));
            Assert.That(services.Select(s => s.Service), Does.Contain("/adder/list_parameters").And.Contain("/caller/set_parameters_atomically"));
            var requestReader = endpoints.Single(e => e.DdsTopic == "rq/addRequest" && !e.IsWriter);
            // Jazzy's USER_DATA: the id, then the hash of the request message (the doc's published value).
            Assert.That(requestReader.UserData, Is.EqualTo(
                $"serviceid={service.Id};typehash=RIHS01_000c5fd92d6b2e1a05949348f584d6d652adea1e92d691792011ac2273508302;"));
            Assert.That(requestReader.DdsType, Is.EqualTo("example_interfaces::srv::dds_::AddTwoInts_Request_"));
            Assert.That(requestReader.Qos.Reliability, Is.EqualTo(Reliability.Reliable));
            Assert.That(adder.Readers, Does.Contain(requestReader.Gid), "the announced gid is the discovered endpoint's");
            var replyReader = endpoints.Single(e => e.DdsTopic == "rr/addReply" && !e.IsWriter);
            Assert.That(replyReader.UserData, Is.EqualTo(
                $"clientid={client.Id};typehash=RIHS01_de5c030d4af33cba2749310b249737b631594703f9300495f48bffb2b44dcc2f;"));
        });
    }

    [TestCaseSource(nameof(Transports))]
    public async Task ACallTimesOutWhenItsServerVanishesAndCancellationEndsAnother(Func<(ITransport Server, ITransport Client)> make)
    {
        var (serverTransport, clientTransport) = make();
        using var serverContext = new RosContext(serverTransport);
        using var clientContext = new RosContext(clientTransport, ownsTransport: serverTransport != clientTransport);
        using var server = new SpunNode(serverContext, "slow");
        var parked = new TaskCompletionSource();
        var service = server.Node.CreateService<AddTwoIntsRequest, AddTwoIntsResponse>("/slow", async (r, token) =>
        {
            parked.TrySetResult();
            await Task.Delay(Timeout.Infinite, token);
            return new AddTwoIntsResponse(0);
        });
        using var caller = new RosNode(clientContext, "caller");
        var client = caller.CreateClient<AddTwoIntsRequest, AddTwoIntsResponse>("/slow");
        Assert.That(await client.WaitForServiceAsync(Patience), Is.True);

        var call = client.CallAsync(new AddTwoIntsRequest(1, 2), TimeSpan.FromSeconds(1.5));
        await parked.Task.WaitAsync(Patience);
        service.Dispose();
        var thrown = Assert.ThrowsAsync<ServiceTimeoutException>(() => call);
        Assert.That(thrown!.Message, Does.Contain("/slow").And.Contain("1.5 s"));
        Assert.That(WaitUntil(() => !client.IsServiceAvailable, Patience), Is.True, "a vanished server is no longer available");

        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        Assert.That(async () => await client.CallAsync(new AddTwoIntsRequest(1, 2), cancellation: cancel.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(client.PendingCalls, Is.Zero);
    }

    [Test]
    public async Task AHandlerThatThrowsSendsNoReplyAndTheNextRequestIsServed()
    {
        using var context = new RosContext(new InProcessTransport());
        using var server = new SpunNode(context, "picky");
        var service = server.Node.CreateService<AddTwoIntsRequest, AddTwoIntsResponse>("/picky",
            r => r.A < 0 ? throw new ArgumentOutOfRangeException(nameof(r), "negative") : new AddTwoIntsResponse(r.A + r.B));
        using var caller = new RosNode(context, "caller");
        var client = caller.CreateClient<AddTwoIntsRequest, AddTwoIntsResponse>("/picky");

        Assert.ThrowsAsync<ServiceTimeoutException>(() => client.CallAsync(new AddTwoIntsRequest(-1, 0), TimeSpan.FromMilliseconds(300)));
        Assert.That((await client.CallAsync(new AddTwoIntsRequest(1, 1), Patience)).Sum, Is.EqualTo(2));
        Assert.That(service.FailedRequests, Is.EqualTo(1));
    }

    [Test]
    public void RequestAndResponseMustBelongToOneService()
    {
        using var context = new RosContext(new InProcessTransport());
        using var node = new RosNode(context, "n");
        Assert.That(() => node.CreateClient<AddTwoIntsRequest, AddTwoIntsRequest>("/x"),
            Throws.ArgumentException.With.Message.Contains("AddTwoInts_Request").And.Message.Contains("pkg/srv/S_Response"));
    }
}
