using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using SparshRobot.Cli.Output;
using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Dds;
using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Messages.ExampleInterfaces;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Services;
using SparshRobot.Ros.Transport;
using Spectre.Console;
using static SparshRobot.Cli.Commands.Bench.DdsBenchSupport;

namespace SparshRobot.Cli.Commands.Bench;

/// <summary>
/// <c>bench service</c>: ROS 2 services over DDS on loopback, server and clients on two participants in this process.
/// Phase 1: service round trips against topic round trips (ping on one topic, echo on another, through the same
/// kind of node and executor as the service), interleaved call by call so load spikes hit both alike. Phase 2, the
/// soak: <c>--calls</c> calls from <c>--clients</c> clients at once, every reply checked and counted, managed heap
/// and RSS sampled after a full GC at the start, middle and end.
/// </summary>
public static class ServiceBench
{
    private const string Service = "/bench/add_two_ints";
    private const string PingTopic = "/bench/ping";
    private const string PongTopic = "/bench/pong";
    private const int WarmUpCalls = 100;

    /// <summary>Heap growth from the middle to the end of the soak that still counts as flat (GC bookkeeping jitters).</summary>
    private const double FlatHeapMiB = 0.5;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public static Command Create()
    {
        var calls = new Option<int>("--calls") { Description = "Soak calls in all, spread evenly over the clients.", DefaultValueFactory = _ => 10_000 }.AtLeast(1);
        var clients = new Option<int>("--clients") { Description = "Clients calling at the same time in the soak.", DefaultValueFactory = _ => 4 }.AtLeast(1);
        var latencyCalls = new Option<int>("--latency-calls") { Description = "Service calls, and as many topic round trips, for the latency comparison.", DefaultValueFactory = _ => 2000 }.AtLeast(1);
        var timeout = new Option<double>("--timeout") { Description = "Seconds a call may wait for its reply before it counts as lost.", DefaultValueFactory = _ => 5 }.Positive("seconds");
        var domain = new Option<uint>("--domain-id") { Description = "DDS domain.", DefaultValueFactory = _ => 175 };
        var command = new Command("service", "ROS 2 service round trips and a many-client soak over DDS (lost replies, memory) vs a topic round trip.")
        {
            calls, clients, latencyCalls, timeout, domain,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(calls) < result.GetValue(clients))
            {
                result.AddError($"--calls ({result.GetValue(calls)}) must be at least --clients ({result.GetValue(clients)}): every client makes a call");
            }
        });
        command.SetAction(result => Run(new Settings(result.GetValue(calls), result.GetValue(clients), result.GetValue(latencyCalls),
            TimeSpan.FromSeconds(result.GetValue(timeout)), result.GetValue(domain))));
        return command;
    }

    private sealed record Settings(int Calls, int Clients, int LatencyCalls, TimeSpan Timeout, uint Domain);

    private static int Run(Settings settings)
    {
        AnsiConsole.MarkupLine($"service example_interfaces/srv/AddTwoInts over DDS on loopback, domain {settings.Domain}: "
            + $"{settings.LatencyCalls} interleaved round trips, then {settings.Calls} calls from {settings.Clients} clients");
        using var serverContext = new RosContext(new DdsTransport(new DdsTransportOptions(settings.Domain, DiscoveryRange.Localhost)));
        using var clientContext = new RosContext(new DdsTransport(new DdsTransportOptions(settings.Domain, DiscoveryRange.Localhost)));
        using var executor = new Executor();
        using var server = new RosNode(serverContext, "bench_server");
        executor.Add(server);
        var service = server.CreateService<AddTwoIntsRequest, AddTwoIntsResponse>(Service, r => new AddTwoIntsResponse(r.A + r.B));
        var pong = server.CreatePublisher<Ping>(PongTopic);
        server.CreateSubscription<Ping>(PingTopic, pong.Publish);
        using var stop = new CancellationTokenSource();
        var spin = Task.Run(() => executor.Spin(stop.Token));
        try
        {
            using var caller = new RosNode(clientContext, "bench_caller");
            var clients = Enumerable.Range(0, settings.Clients).Select(_ => caller.CreateClient<AddTwoIntsRequest, AddTwoIntsResponse>(Service)).ToArray();
            using var pinger = new Pinger(caller, clientContext.Transport);
            if (!Task.WhenAll(clients.Select(c => c.WaitForServiceAsync(Patience))).Result.All(ok => ok) || !pinger.WaitForMatch(Patience))
            {
                AnsiConsole.MarkupLine("[red]the service or the echo never matched[/]");
                return 1;
            }

            var (serviceRtt, topicRtt) = CompareLatency(clients[0], pinger, settings);
            var soak = Soak(clients, settings);

            var latency = new Table().AddColumns("round trip", "service call", "topic ping-pong", "ratio");
            latency.AddRow("p50", Us(serviceRtt, 50), Us(topicRtt, 50), Ratio(serviceRtt, topicRtt, 50));
            latency.AddRow("p99", Us(serviceRtt, 99), Us(topicRtt, 99), Ratio(serviceRtt, topicRtt, 99));
            AnsiConsole.Write(latency);

            var soakTable = new Table().AddColumns("soak", "value");
            soakTable.AddRow("calls answered", $"{soak.Answered} of {settings.Calls} in {soak.Seconds:F2} s ({soak.Answered / soak.Seconds:F0} calls/s)");
            soakTable.AddRow("lost replies (timed out)", $"{soak.Lost}");
            soakTable.AddRow("wrong replies", $"{soak.Wrong}");
            soakTable.AddRow("round trip p50 / p99 under load", $"{Us(soak.Latencies, 50)} / {Us(soak.Latencies, 99)}");
            soakTable.AddRow("server: handled, unsent, dropped, malformed",
                $"{service.Handled}, {service.UnsentReplies}, {service.DroppedRequests}, {service.MalformedRequests}");
            soakTable.AddRow("clients: late, malformed replies", $"{clients.Sum(c => c.LateReplies)}, {clients.Sum(c => c.MalformedReplies)}");
            AnsiConsole.Write(soakTable);

            var memory = new Table().AddColumns("sample (after full GC)", "calls done", "managed heap", "RSS");
            foreach (var s in soak.Memory)
            {
                memory.AddRow(s.Name, $"{s.Calls}", $"{s.HeapMiB:F2} MiB", $"{s.RssMiB:F1} MiB");
            }
            AnsiConsole.Write(memory);
            var (start, middle, end) = (soak.Memory[0], soak.Memory[1], soak.Memory[2]);
            AnsiConsole.MarkupLine($"growth start->end: heap {Signed(end.HeapMiB - start.HeapMiB, 2)} MiB, RSS {Signed(end.RssMiB - start.RssMiB, 1)} MiB; "
                + $"middle->end: heap {Signed(end.HeapMiB - middle.HeapMiB, 2)} MiB, RSS {Signed(end.RssMiB - middle.RssMiB, 1)} MiB");
            var complete = soak.Lost == 0 && soak.Wrong == 0 && soak.Answered == settings.Calls;
            var flat = end.HeapMiB - middle.HeapMiB <= FlatHeapMiB;
            AnsiConsole.MarkupLine($"targets: no lost or wrong replies: {(complete ? "[green]met[/]" : "[red]not met[/]")}; "
                + $"heap growth middle->end <= {FlatHeapMiB} MiB: {(flat ? "[green]met[/]" : "[red]not met[/]")}");
            return complete ? 0 : 1;
        }
        finally
        {
            stop.Cancel();
            spin.Wait(Patience);
        }
    }

    /// <summary>Service calls and topic round trips one after the other, after an unmeasured warm-up of both.</summary>
    private static (List<double> Service, List<double> Topic) CompareLatency(ServiceClient<AddTwoIntsRequest, AddTwoIntsResponse> client, Pinger pinger, Settings settings)
    {
        var service = new List<double>(settings.LatencyCalls);
        var topic = new List<double>(settings.LatencyCalls);
        CliConsole.Progress().Start(ctx =>
        {
            var task = ctx.AddTask("latency: service call, then topic round trip", maxValue: WarmUpCalls + settings.LatencyCalls);
            for (var i = 0; i < WarmUpCalls + settings.LatencyCalls; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                var reply = client.CallAsync(new AddTwoIntsRequest(i, 1), settings.Timeout).GetAwaiter().GetResult();
                var t1 = Stopwatch.GetTimestamp();
                pinger.RoundTrip(i, settings.Timeout);
                var t2 = Stopwatch.GetTimestamp();
                if (reply.Sum != i + 1)
                {
                    throw new InvalidOperationException($"service reply {reply.Sum} to {i} + 1");
                }
                if (i >= WarmUpCalls)
                {
                    service.Add(Stopwatch.GetElapsedTime(t0, t1).TotalMicroseconds);
                    topic.Add(Stopwatch.GetElapsedTime(t1, t2).TotalMicroseconds);
                }
                task.Increment(1);
            }
        });
        service.Sort();
        topic.Sort();
        return (service, topic);
    }

    private sealed record MemorySample(string Name, long Calls, double HeapMiB, double RssMiB);

    private sealed record SoakResult(long Answered, long Lost, long Wrong, double Seconds, List<double> Latencies, List<MemorySample> Memory);

    /// <summary>Every client calls its share one call at a time, all clients at once; two halves with memory sampled around them.</summary>
    private static SoakResult Soak(ServiceClient<AddTwoIntsRequest, AddTwoIntsResponse>[] clients, Settings settings)
    {
        long answered = 0, lost = 0, wrong = 0;
        // Filled in place by call number: the bench's own bookkeeping must not show up as heap growth.
        var latencies = new double[settings.Calls];
        var memory = new List<MemorySample> { Sample("start", 0) };
        var clock = Stopwatch.StartNew();
        CliConsole.Progress().Start(ctx =>
        {
            var task = ctx.AddTask($"soak: {clients.Length} clients", maxValue: settings.Calls);
            var half = settings.Calls / 2;
            foreach (var (from, to, name) in new[] { (0, half, "middle"), (half, settings.Calls, "end") })
            {
                var running = Task.WhenAll(clients.Select((client, c) => Task.Run(async () =>
                {
                    for (var k = FirstCallOf(c, from, clients.Length); k < to; k += clients.Length)
                    {
                        var t0 = Stopwatch.GetTimestamp();
                        try
                        {
                            var reply = await client.CallAsync(new AddTwoIntsRequest(c, k), settings.Timeout).ConfigureAwait(false);
                            latencies[k] = Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
                            Interlocked.Increment(ref reply.Sum == c + k ? ref answered : ref wrong);
                        }
                        catch (ServiceTimeoutException)
                        {
                            Interlocked.Increment(ref lost);
                        }
                    }
                })));
                while (!running.Wait(100))
                {
                    task.Value = Interlocked.Read(ref answered) + Interlocked.Read(ref lost) + Interlocked.Read(ref wrong);
                }
                running.GetAwaiter().GetResult();
                task.Value = to;
                memory.Add(Sample(name, to));
            }
        });
        var sorted = latencies.Where(l => l > 0).Order().ToList();
        return new SoakResult(answered, lost, wrong, clock.Elapsed.TotalSeconds, sorted, memory);
    }

    /// <summary>The first call number at or after <paramref name="from"/> that falls to <paramref name="client"/> (call k goes to client k mod n).</summary>
    private static int FirstCallOf(int client, int from, int clients) => from + (((client - from) % clients) + clients) % clients;

    private static MemorySample Sample(string name, long calls)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return new MemorySample(name, calls, GC.GetTotalMemory(forceFullCollection: true) / 1048576.0, ProcessMemory.ResidentMiB());
    }

    /// <summary>A difference with its sign, rounded first so a tiny negative value does not print as "-0".</summary>
    private static string Signed(double value, int decimals)
    {
        var format = "0." + new string('0', decimals);
        return (Math.Round(value, decimals) + 0.0).ToString($"+{format};-{format};+{format}", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Us(List<double> sorted, double p) => $"{Percentile(sorted, p):F0} us";

    private static string Ratio(List<double> a, List<double> b, double p) => $"{Percentile(a, p) / Percentile(b, p):F2}";

    /// <summary>
    /// The topic side of the comparison: pings go out on one topic, and echoes come back on another through a raw
    /// reader completing a waiting task on the transport's thread, exactly as a service client's replies do.
    /// </summary>
    private sealed class Pinger : IDisposable
    {
        private readonly Publisher<Ping> _ping;
        private readonly IRawReader _pong;
        private readonly ConcurrentDictionary<long, TaskCompletionSource> _waiting = new();

        public Pinger(RosNode node, ITransport transport)
        {
            _ping = node.CreatePublisher<Ping>(PingTopic);
            _pong = transport.SubscribeRaw(PongTopic, Ping.TypeName, QosProfile.Default, m =>
            {
                var echo = RosSerializer.Deserialize<Ping>(m.Data.Span);
                if (_waiting.TryRemove(echo.Sequence, out var waiter))
                {
                    waiter.TrySetResult();
                }
            });
        }

        public bool WaitForMatch(TimeSpan timeout) =>
            SpinWait.SpinUntil(() => _ping.MatchedSubscriptions > 0 && _pong.MatchedPublishers > 0, timeout);

        public void RoundTrip(long sequence, TimeSpan timeout)
        {
            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting[sequence] = waiter;
            _ping.Publish(new Ping(0, sequence, sequence, 1));
            if (!waiter.Task.Wait(timeout))
            {
                _waiting.TryRemove(sequence, out _);
                throw new TimeoutException($"no echo of ping {sequence} on {PongTopic} within {timeout.TotalSeconds} s");
            }
        }

        public void Dispose()
        {
            _pong.Dispose();
            _ping.Dispose();
        }
    }

    /// <summary>The topic payload: as many bytes as a request with its 16-byte header (client, sequence, a, b).</summary>
    private sealed record Ping(long Client, long Sequence, long A, long B) : IRosMessage<Ping>
    {
        public static string TypeName => "sparsh_robot_bench/msg/Ping";

        public static string Definition => "int64 client\nint64 sequence\nint64 a\nint64 b\n";

        public void Serialize(CdrWriter writer)
        {
            writer.WriteInt64(Client);
            writer.WriteInt64(Sequence);
            writer.WriteInt64(A);
            writer.WriteInt64(B);
        }

        public static Ping Deserialize(ref CdrReader reader) =>
            new(reader.ReadInt64("client"), reader.ReadInt64("sequence"), reader.ReadInt64("a"), reader.ReadInt64("b"));
    }
}
