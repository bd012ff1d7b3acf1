using System.CommandLine;
using SparshRobot.Ros.Dds;
using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Services;

namespace SparshRobot.Cli.Commands;

/// <summary>
/// The short-lived node that <c>service</c> and <c>param</c> call services from, named like ros2cli's
/// (<c>_ros2cli_&lt;pid&gt;</c>) on the DDS domain of <c>--domain-id</c>/<c>--localhost</c>.
/// </summary>
internal sealed class CliNode : IDisposable
{
    private readonly RosContext _context;

    public CliNode(ParseResult result, Option<uint> domain, Option<bool> localhost)
    {
        Transport = TopicCommand.Open(result, domain, localhost);
        _context = new RosContext(Transport);
        // A tool's helper node serves no parameters of its own (it would only add six services to the graph).
        Node = new RosNode(_context, $"_ros2cli_{Environment.ProcessId}", options: new NodeOptions { StartParameterServices = false });
    }

    public DdsTransport Transport { get; }

    public RosNode Node { get; }

    internal static Option<double> TimeoutOption() => new("--timeout")
    {
        Description = "Seconds to wait for the service to appear and then for its reply.",
        DefaultValueFactory = _ => 5,
    };

    /// <summary>Calls <paramref name="service"/> once; a service that never appears or answers is an error naming it.</summary>
    public async Task<TResponse> CallAsync<TRequest, TResponse>(string service, TRequest request, TimeSpan timeout)
        where TRequest : IRosMessage<TRequest>
        where TResponse : IRosMessage<TResponse>
    {
        using var client = Node.CreateClient<TRequest, TResponse>(service);
        await WaitAsync(client, timeout).ConfigureAwait(false);
        return await client.CallAsync(request, timeout).ConfigureAwait(false);
    }

    /// <summary>
    /// A <paramref name="kind"/> type the registry lacks: without its definition nothing can be encoded for it, so
    /// the error says so and lists the registered types of that kind.
    /// </summary>
    public static ArgumentException Unregistered(string kind, string typeName, IEnumerable<string> registered) =>
        new($"{kind} type '{typeName}' is not in the message registry, and without its definition nothing can be encoded for it; " +
            $"registered {kind} types: {string.Join(", ", registered)}");

    public static async Task WaitAsync<TResponse>(ServiceClientBase<TResponse> client, TimeSpan timeout)
    {
        if (!await client.WaitForServiceAsync(timeout).ConfigureAwait(false))
        {
            throw new TimeoutException($"service {client.Name} ({client.ServiceType}) did not become available within {timeout.TotalSeconds:0.###} s");
        }
    }

    public void Dispose()
    {
        Node.Dispose();
        _context.Dispose();
    }
}
