using System.CommandLine;
using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Messages.Dynamic;

namespace SparshRobot.Cli.Commands;

/// <summary>
/// <c>sparsh-robot service list|type|call</c> over DDS, like <c>ros2 service</c>: services are found from their
/// <c>rq/…Request</c> / <c>rr/…Reply</c> endpoints, calls take the request as YAML and print the reply as YAML.
/// </summary>
public static class ServiceCommand
{
    public static Command Create()
    {
        var command = new Command("service", "List, inspect and call ROS 2 services over DDS.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Type());
        command.Subcommands.Add(Call());
        return command;
    }

    private static Option<double> WaitOption() => new("--wait") { Description = "Seconds to listen to discovery.", DefaultValueFactory = _ => 1.5 };

    private static Argument<string> ServiceArgument() => new("service") { Description = "Service name, e.g. /add_two_ints." };

    private static Command List()
    {
        var domain = TopicCommand.DomainOption();
        var localhost = TopicCommand.LocalhostOption();
        var types = new Option<bool>("--show-types", "-t") { Description = "Show each service's type." };
        var wait = WaitOption();
        var command = new Command("list", "List the services offered or called on the domain.") { domain, localhost, types, wait };
        command.SetAction(result => TopicCommand.Guard("service", () =>
        {
            using var transport = TopicCommand.Open(result, domain, localhost);
            foreach (var service in transport.DiscoverServices(TimeSpan.FromSeconds(result.GetValue(wait))))
            {
                Console.WriteLine(result.GetValue(types) ? $"{service.Service} [{service.ServiceType}]" : service.Service);
            }
            return 0;
        }));
        return command;
    }

    private static Command Type()
    {
        var domain = TopicCommand.DomainOption();
        var localhost = TopicCommand.LocalhostOption();
        var service = ServiceArgument();
        var wait = WaitOption();
        var command = new Command("type", "Print a service's type.") { service, domain, localhost, wait };
        command.SetAction(result => TopicCommand.Guard("service", () =>
        {
            using var transport = TopicCommand.Open(result, domain, localhost);
            var name = result.GetValue(service)!;
            var types = transport.DiscoverServices(TimeSpan.FromSeconds(result.GetValue(wait)))
                .Where(s => s.Service == name).Select(s => s.ServiceType).Distinct().ToList();
            if (types.Count == 0)
            {
                throw new ArgumentException($"no server or client of service '{name}' was discovered");
            }
            types.ForEach(Console.WriteLine);
            return 0;
        }));
        return command;
    }

    private static Command Call()
    {
        var domain = TopicCommand.DomainOption();
        var localhost = TopicCommand.LocalhostOption();
        var service = ServiceArgument();
        var type = new Argument<string>("service_type") { Description = "Service type, e.g. example_interfaces/srv/AddTwoInts." };
        var values = new Argument<string?>("values")
        {
            Description = "Request values as YAML, e.g. \"{a: 1, b: 2}\" (missing fields take their defaults).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var timeout = CliNode.TimeoutOption();
        var rate = new Option<double?>("--rate", "-r") { Description = "Repeat the call at this rate in Hz until Ctrl-C (or --count calls)." };
        var count = new Option<int?>("--count", "-n") { Description = "Make this many calls, then exit (default: 1, or until Ctrl-C with --rate)." };
        var command = new Command("call", "Call a service with a request given as YAML and print the reply as YAML, once or repeatedly.")
        {
            service, type, values, timeout, rate, count, domain, localhost,
        };
        command.SetAction(result => TopicCommand.Guard("service", () =>
        {
            var typeName = result.GetValue(type)!;
            if (!MessageRegistry.Default.TryGetService(typeName, out var serviceType))
            {
                throw CliNode.Unregistered("service", typeName, MessageRegistry.Default.Services.Select(s => s.Name));
            }
            var hz = result.GetValue(rate);
            if (hz is { } given && !(given > 0 && double.IsFinite(given)))
            {
                throw new ArgumentException($"--rate must be a positive number of calls per second, got {hz}");
            }
            if (result.GetValue(count) is < 1 and var bad)
            {
                throw new ArgumentException($"--count must be at least 1, got {bad}");
            }
            var calls = result.GetValue(count) ?? (hz is null ? 1 : 0);
            var request = MessageYaml.ParseValues(result.GetValue(values) ?? "");
            // Encoding first rejects bad values (naming the field) before waiting for the service; printed decoded, defaults filled in.
            var shown = DynamicMessageDecoder.ForType(serviceType.RequestType).Decode(DynamicMessageEncoder.ForType(serviceType.RequestType).Encode(request));
            var patience = TimeSpan.FromSeconds(result.GetValue(timeout));
            using var stop = new ShutdownSignals();
            using var cli = new CliNode(result, domain, localhost);
            using var client = cli.Node.CreateClient(result.GetValue(service)!, serviceType);
            Console.WriteLine("waiting for service to become available...");
            CliNode.WaitAsync(client, patience).GetAwaiter().GetResult();
            var period = hz is { } h ? TimeSpan.FromSeconds(1 / h) : TimeSpan.Zero;
            var next = DateTime.UtcNow;
            // calls == 0: until Ctrl-C, as ros2 service call -r does.
            for (var i = 0; (calls == 0 || i < calls) && !stop.Requested; i++)
            {
                var wait = next - DateTime.UtcNow;
                if (i > 0 && stop.Token.WaitHandle.WaitOne(wait > TimeSpan.Zero ? wait : TimeSpan.Zero))
                {
                    break;
                }
                next += period;
                Console.WriteLine($"requester: making request: {serviceType.RequestType}");
                Console.Write(MessageYaml.ToYaml(shown));
                OrderedDictionary<string, object?> reply;
                try
                {
                    reply = client.CallAsync(request, patience, stop.Token).GetAwaiter().GetResult();
                }
                catch (OperationCanceledException) when (stop.Requested)
                {
                    break;
                }
                Console.WriteLine();
                Console.WriteLine($"response: {serviceType.ResponseType}");
                Console.Write(MessageYaml.ToYaml(reply));
                if (hz is not null)
                {
                    Console.WriteLine();
                }
            }
            return 0;
        }));
        return command;
    }
}
