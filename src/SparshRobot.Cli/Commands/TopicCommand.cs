using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using SparshRobot.Cli.Errors;
using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Dds;
using SparshRobot.Ros.Dds.Graph;
using SparshRobot.Ros.Dds.Native;
using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Messages.Dynamic;
using SparshRobot.Ros.Parameters;
using SparshRobot.Ros.Transport;

namespace SparshRobot.Cli.Commands;

/// <summary>
/// <c>sparsh-robot topic list|info|echo|pub|hz</c> over DDS, like <c>ros2 topic</c>. Domain from <c>--domain-id</c> or
/// <c>ROS_DOMAIN_ID</c>; <c>--localhost</c> (or <c>ROS_AUTOMATIC_DISCOVERY_RANGE=LOCALHOST</c>) keeps discovery on
/// this machine.
/// </summary>
public static class TopicCommand
{
    public static Command Create()
    {
        var command = new Command("topic", "Inspect and publish ROS 2 topics over DDS.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Info());
        command.Subcommands.Add(Echo());
        command.Subcommands.Add(Pub());
        command.Subcommands.Add(Hz());
        return command;
    }

    internal static Option<uint> DomainOption() => new("--domain-id")
    {
        Description = "DDS domain (default: ROS_DOMAIN_ID or 0).",
        DefaultValueFactory = _ => DdsDomainConfig.DomainIdFromEnvironment(),
    };

    internal static Option<bool> LocalhostOption() => new("--localhost") { Description = "Discover only on this machine (unicast on 127.0.0.1)." };

    private static Argument<string> TopicArgument() => new("topic") { Description = "Topic name, e.g. /tactile/index/image_raw." };

    private static Option<string> QosOption(string defaultProfile) => new("--qos")
    {
        Description = "QoS: default, sensor_data, ... with overrides, e.g. 'reliable,keep_last:1'.",
        DefaultValueFactory = _ => defaultProfile,
    };

    internal static DdsTransport Open(ParseResult result, Option<uint> domain, Option<bool> localhost) =>
        new(new DdsTransportOptions(result.GetValue(domain),
            result.GetValue(localhost) ? DiscoveryRange.Localhost : DdsDomainConfig.RangeFromEnvironment(),
            Environment.GetEnvironmentVariable("CYCLONEDDS_URI")));

    private static Command List()
    {
        var domain = DomainOption();
        var localhost = LocalhostOption();
        var types = new Option<bool>("--show-types", "-t") { Description = "Show each topic's type." };
        var wait = new Option<double>("--wait") { Description = "Seconds to listen to discovery.", DefaultValueFactory = _ => 1.5 };
        var command = new Command("list", "List the ROS topics seen on the domain.") { domain, localhost, types, wait };
        command.SetAction(result => Guard(() =>
        {
            using var transport = Open(result, domain, localhost);
            foreach (var topic in transport.DiscoverTopics(TimeSpan.FromSeconds(result.GetValue(wait))))
            {
                Console.WriteLine(result.GetValue(types) ? $"{topic.Topic} [{topic.RosTypeName}]" : topic.Topic);
            }
            return 0;
        }));
        return command;
    }

    private static Command Info()
    {
        var domain = DomainOption();
        var localhost = LocalhostOption();
        var topic = TopicArgument();
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Show each endpoint: node, GID, QoS and type hash." };
        var wait = new Option<double>("--wait") { Description = "Seconds to listen to discovery.", DefaultValueFactory = _ => 1.5 };
        var command = new Command("info", "Print a topic's type and its publishers and subscriptions.") { topic, verbose, domain, localhost, wait };
        command.SetAction(result => Guard(() =>
        {
            using var transport = Open(result, domain, localhost);
            var name = result.GetValue(topic)!;
            var patience = TimeSpan.FromSeconds(result.GetValue(wait));
            var endpoints = transport.DiscoverEndpoints(patience).Where(e => DdsNames.FromDdsTopic(e.DdsTopic) == name).ToList();
            if (endpoints.Count == 0)
            {
                throw new ArgumentException($"no publisher or subscription of '{name}' was discovered");
            }
            var nodes = result.GetValue(verbose) ? NodesByGid(transport.DiscoverNodes(patience)) : [];
            Console.WriteLine($"Type: {string.Join(", ", endpoints.Select(e => e.RosType ?? e.DdsType).Distinct())}");
            foreach (var (title, kind, writers) in new[] { ("Publisher", "PUBLISHER", true), ("Subscription", "SUBSCRIPTION", false) })
            {
                var side = endpoints.Where(e => e.IsWriter == writers).ToList();
                Console.WriteLine();
                Console.WriteLine($"{title} count: {side.Count}");
                if (result.GetValue(verbose))
                {
                    side.ForEach(e => Console.Write(DescribeEndpoint(e, kind, nodes)));
                }
            }
            return 0;
        }));
        return command;
    }

    internal static Dictionary<Gid, NodeEntitiesInfo> NodesByGid(IEnumerable<ParticipantEntitiesInfo> participants)
    {
        var byGid = new Dictionary<Gid, NodeEntitiesInfo>();
        foreach (var node in participants.SelectMany(p => p.Nodes))
        {
            foreach (var gid in node.Readers.Concat(node.Writers))
            {
                byGid[gid] = node;
            }
        }
        return byGid;
    }

    /// <summary>One endpoint as <c>ros2 topic info -v</c> prints it.</summary>
    private static string DescribeEndpoint(DiscoveredEndpoint endpoint, string kind, IReadOnlyDictionary<Gid, NodeEntitiesInfo> nodes)
    {
        var node = nodes.GetValueOrDefault(endpoint.Gid);
        var userData = UserData.Parse(endpoint.UserData);
        // rmw reports a missing or unreadable typehash entry as the zero hash, which ros2 prints as INVALID.
        var hash = UserData.TryGetTypeHash(userData, out var h) && !h.IsZero ? h.ToString() : "INVALID";
        var guid = new byte[Gid.GuidSize];
        endpoint.Gid.WriteGuid(guid);
        var qos = endpoint.Qos;
        var history = qos.History == History.KeepAll ? "KEEP_ALL" : string.Create(CultureInfo.InvariantCulture, $"KEEP_LAST ({qos.Depth})");
        return $"""

            Node name: {node?.Name ?? "_NODE_NAME_UNKNOWN_"}
            Node namespace: {node?.Namespace ?? "_NODE_NAMESPACE_UNKNOWN_"}
            Topic type: {endpoint.RosType ?? endpoint.DdsType}
            Topic type hash: {hash}
            Endpoint type: {kind}
            GID: {string.Join('.', guid.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)))}
            QoS profile:
              Reliability: {(qos.Reliability == Reliability.Reliable ? "RELIABLE" : "BEST_EFFORT")}
              History (Depth): {history}
              Durability: {(qos.Durability == Durability.TransientLocal ? "TRANSIENT_LOCAL" : "VOLATILE")}
              Lifespan: Infinite
              Deadline: Infinite
              Liveliness: AUTOMATIC
              Liveliness lease duration: Infinite

            """;
    }

    private static Command Echo()
    {
        var domain = DomainOption();
        var localhost = LocalhostOption();
        var topic = TopicArgument();
        var type = new Argument<string?>("type") { Description = "ROS type (default: discovered).", Arity = ArgumentArity.ZeroOrOne };
        var qos = QosOption("sensor_data,depth:10");
        var count = new Option<int>("--times") { Description = "Stop after this many messages (0: until Ctrl-C)." };
        var raw = new Option<bool>("--raw") { Description = "Print the CDR bytes as hex." };
        var command = new Command("echo", "Print messages of a topic.") { topic, type, domain, localhost, qos, count, raw };
        command.SetAction(result => Guard(() =>
        {
            using var transport = Open(result, domain, localhost);
            var name = result.GetValue(topic)!;
            var rosType = result.GetValue(type) ?? DiscoverType(transport, name);
            var limit = result.GetValue(count);
            var received = 0;
            // Built-in types print as ros2 topic echo YAML; others only as sizes (and bytes with --raw).
            var decoder = MessageRegistry.Default.TryGet(rosType, out _) ? DynamicMessageDecoder.ForType(rosType) : null;
            using var done = new ShutdownSignals();
            using var sub = transport.SubscribeRaw(name, rosType, QosProfile.Parse(result.GetValue(qos)!), message =>
            {
                if (done.Requested)
                {
                    return;
                }
                Console.Write(Render(decoder, rosType, message.Data));
                if (result.GetValue(raw))
                {
                    Console.WriteLine(Convert.ToHexString(message.Data.Span).ToLowerInvariant());
                }
                Console.WriteLine("---");
                if (limit > 0 && Interlocked.Increment(ref received) >= limit)
                {
                    done.Stop();
                }
            });
            done.Token.WaitHandle.WaitOne();
            return 0;
        }));
        return command;
    }

    private static string Render(DynamicMessageDecoder? decoder, string rosType, ReadOnlyMemory<byte> data)
    {
        if (decoder is null)
        {
            return $"# {data.Length} bytes of {rosType} CDR ({rosType} is not a built-in type; --raw prints the bytes)\n";
        }
        try
        {
            return MessageYaml.ToYaml(decoder.Decode(data.Span), truncateLength: 128);
        }
        catch (CdrFormatException e)
        {
            return $"# malformed {rosType} message dropped: {e.Message}\n";
        }
    }

    private static Command Pub()
    {
        var domain = DomainOption();
        var localhost = LocalhostOption();
        var topic = TopicArgument();
        var type = new Argument<string>("type") { Description = "ROS type, e.g. geometry_msgs/msg/PoseStamped." };
        var values = new Argument<string?>("values")
        {
            Description = "Field values as YAML, e.g. \"{data: hello}\" (built-in types; missing fields take their defaults).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var hex = new Option<string?>("--cdr-hex") { Description = "The message as CDR hex, header included (00010000...)." };
        var file = new Option<FileInfo?>("--cdr-file") { Description = "The message as a CDR file, header included." };
        var rate = new Option<double>("--rate", "-r") { Description = "Publish rate in Hz.", DefaultValueFactory = _ => 1 };
        var times = new Option<int>("--times", "-t") { Description = "Publish this many times then exit (0: until Ctrl-C).", DefaultValueFactory = _ => 0 };
        var qos = QosOption("default");
        var command = new Command("pub", "Publish a message repeatedly, given as YAML values (like ros2 topic pub) or as raw CDR.")
        {
            topic, type, values, hex, file, rate, times, qos, domain, localhost,
        };
        command.SetAction(result => Guard(() =>
        {
            var data = result.GetValue(hex) is { } h ? Convert.FromHexString(h.Replace(" ", "", StringComparison.Ordinal))
                : result.GetValue(file) is { } f ? File.ReadAllBytes(f.FullName)
                : DynamicMessageEncoder.ForType(result.GetValue(type)!).Encode(MessageYaml.ParseValues(result.GetValue(values) ?? ""));
            if (data.Length < 4 || data[1] != 0x01)
            {
                throw new ArgumentException("the message must start with the CDR header 00 01 00 00 (little-endian classic CDR)");
            }
            using var transport = Open(result, domain, localhost);
            using var writer = transport.CreateRawWriter(result.GetValue(topic)!, result.GetValue(type)!, QosProfile.Parse(result.GetValue(qos)!));
            var period = TimeSpan.FromSeconds(1 / Math.Max(result.GetValue(rate), 1e-3));
            var limit = result.GetValue(times);
            using var stop = new ShutdownSignals();
            // Give discovery a moment so the first message is not published to nobody.
            SpinWait.SpinUntil(() => writer.MatchedSubscriptions > 0 || stop.Requested, TimeSpan.FromSeconds(2));
            for (var i = 0; (limit == 0 || i < limit) && !stop.Requested; i++)
            {
                writer.Write(data);
                Console.WriteLine($"publishing #{i + 1}: {data.Length} bytes to {writer.MatchedSubscriptions} subscription(s)");
                stop.Token.WaitHandle.WaitOne(period);
            }
            return 0;
        }));
        return command;
    }

    private static Command Hz()
    {
        var domain = DomainOption();
        var localhost = LocalhostOption();
        var topic = TopicArgument();
        var type = new Argument<string?>("type") { Description = "ROS type (default: discovered).", Arity = ArgumentArity.ZeroOrOne };
        var window = new Option<int>("--window", "-w") { Description = "Arrivals in the statistics window.", DefaultValueFactory = _ => 10_000 };
        var duration = new Option<double>("--duration") { Description = "Stop after this many seconds (0: until Ctrl-C)." };
        var qos = QosOption("sensor_data,depth:10");
        var command = new Command("hz", "Print the publishing rate of a topic.") { topic, type, window, duration, qos, domain, localhost };
        command.SetAction(result => Guard(() =>
        {
            using var transport = Open(result, domain, localhost);
            var name = result.GetValue(topic)!;
            var meter = new RateMeter(result.GetValue(window));
            using var sub = transport.SubscribeRaw(name, result.GetValue(type) ?? DiscoverType(transport, name), QosProfile.Parse(result.GetValue(qos)!),
                _ => meter.Record(Stopwatch.GetTimestamp()));
            using var stop = new ShutdownSignals();
            if (result.GetValue(duration) > 0)
            {
                stop.StopAfter(TimeSpan.FromSeconds(result.GetValue(duration)));
            }
            while (!stop.Token.WaitHandle.WaitOne(TimeSpan.FromSeconds(1)))
            {
                Console.WriteLine(meter.Snapshot(Stopwatch.Frequency) is { } s
                    ? string.Create(CultureInfo.InvariantCulture, $"average rate: {s.RateHz:F3}\n\tmin: {s.MinS:F3}s max: {s.MaxS:F3}s std dev: {s.StdDevS:F5}s window: {s.Window}")
                    : "no new messages");
            }
            return 0;
        }));
        return command;
    }

    internal static string DiscoverType(DdsTransport transport, string topic)
    {
        var found = transport.DiscoverTopics(TimeSpan.FromSeconds(2)).Where(t => t.Topic == topic).Select(t => t.RosTypeName).Distinct().ToList();
        return found.Count switch
        {
            1 => found[0],
            0 => throw new ArgumentException($"no publisher or subscriber of '{topic}' was discovered; give its type explicitly"),
            _ => throw new ArgumentException($"'{topic}' carries several types ({string.Join(", ", found)}); give one explicitly"),
        };
    }

    private static int Guard(Func<int> action) => Guard("topic", action);

    /// <summary>Runs a DDS tool command; bad input and DDS failures print "<paramref name="tool"/>: reason" and exit 2.</summary>
    internal static int Guard(string tool, Func<int> action)
    {
        return UserErrors.Run(action, line => Console.Error.WriteLine($"{tool}: {line}"), exitCode: 2);
    }
}
