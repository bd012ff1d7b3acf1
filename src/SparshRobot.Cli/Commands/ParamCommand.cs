using System.CommandLine;
using System.Globalization;
using System.Text;
using SparshRobot.Ros.Messages.Dynamic;
using SparshRobot.Ros.Messages.RclInterfaces;
using SparshRobot.Ros.Parameters;
using Kind = SparshRobot.Ros.Parameters.ParameterType;
using WireDescriptor = SparshRobot.Ros.Messages.RclInterfaces.ParameterDescriptor;
using WireValue = SparshRobot.Ros.Messages.RclInterfaces.ParameterValue;

namespace SparshRobot.Cli.Commands;

/// <summary>
/// <c>sparsh-robot param list|get|set|describe|delete|dump|load</c>, like <c>ros2 param</c>: calls the node's
/// parameter services (<c>/&lt;node&gt;/list_parameters</c>, <c>get_parameters</c>, <c>set_parameters</c>,
/// <c>describe_parameters</c>); dump and load use the ros2 parameters-file YAML.
/// </summary>
public static class ParamCommand
{
    public static Command Create()
    {
        var command = new Command("param", "List, get, set, describe, delete, dump and load a ROS 2 node's parameters over DDS.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Get());
        command.Subcommands.Add(Set());
        command.Subcommands.Add(Describe());
        command.Subcommands.Add(Delete());
        command.Subcommands.Add(Dump());
        command.Subcommands.Add(Load());
        return command;
    }

    private static Argument<string> NodeArgument() => new("node") { Description = "Fully qualified node name, e.g. /robot/controller." };

    private static Argument<string> NameArgument() => new("parameter") { Description = "Parameter name, e.g. gains.kp." };

    /// <summary>Builds a subcommand whose action calls services of one node with a <see cref="CliNode"/>.</summary>
    private static Command ForNode(string name, string description, Argument[] arguments, Func<ParseResult, CliNode, string, TimeSpan, int> action)
    {
        var domain = TopicCommand.DomainOption();
        var localhost = TopicCommand.LocalhostOption();
        var node = NodeArgument();
        var timeout = CliNode.TimeoutOption();
        var command = new Command(name, description) { node, timeout, domain, localhost };
        foreach (var argument in arguments)
        {
            command.Arguments.Add(argument);
        }
        command.SetAction(result => TopicCommand.Guard("param", () =>
        {
            using var cli = new CliNode(result, domain, localhost);
            return action(result, cli, Absolute(result.GetValue(node)!), TimeSpan.FromSeconds(result.GetValue(timeout)));
        }));
        return command;
    }

    /// <summary>ros2 param takes a relative node name as relative to the root.</summary>
    private static string Absolute(string node) => node.StartsWith('/') ? node : "/" + node;

    private static List<string> ListNames(CliNode cli, string node, TimeSpan timeout) =>
        [.. cli.CallAsync<ListParametersRequest, ListParametersResponse>($"{node}/list_parameters",
            new ListParametersRequest([], ListParametersRequest.DepthRecursive), timeout).GetAwaiter().GetResult().Result.Names.Order(StringComparer.Ordinal)];

    private static IReadOnlyList<WireValue> GetValues(CliNode cli, string node, IReadOnlyList<string> names, TimeSpan timeout)
    {
        var values = cli.CallAsync<GetParametersRequest, GetParametersResponse>($"{node}/get_parameters", new GetParametersRequest(names), timeout)
            .GetAwaiter().GetResult().Values;
        return values.Count is 0 || values.Count == names.Count
            ? values
            : throw new FormatException($"{node}/get_parameters answered {values.Count} values for {names.Count} names");
    }

    /// <summary>Sets one parameter; a NOT_SET value asks the node to undeclare it (rclcpp's rule).</summary>
    private static SetParametersResult SetValue(CliNode cli, string node, string name, Ros.Parameters.ParameterValue value, TimeSpan timeout)
    {
        var results = cli.CallAsync<SetParametersRequest, SetParametersResponse>($"{node}/set_parameters",
            new SetParametersRequest([new Parameter(name, WireValue.From(value))]), timeout).GetAwaiter().GetResult().Results;
        return results.Count == 1 ? results[0] : throw new FormatException($"{node}/set_parameters answered {results.Count} results for 1 parameter");
    }

    private static Command List()
    {
        var domain = TopicCommand.DomainOption();
        var localhost = TopicCommand.LocalhostOption();
        var node = new Argument<string?>("node")
        {
            Description = "Fully qualified node name, e.g. /robot/controller (default: every node that serves list_parameters).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var timeout = CliNode.TimeoutOption();
        var wait = new Option<double>("--wait") { Description = "Seconds to listen to discovery when no node is given.", DefaultValueFactory = _ => 1.5 };
        var command = new Command("list", "List a node's parameter names, or every node's grouped by node.") { node, timeout, wait, domain, localhost };
        command.SetAction(result => TopicCommand.Guard("param", () =>
        {
            using var cli = new CliNode(result, domain, localhost);
            var patience = TimeSpan.FromSeconds(result.GetValue(timeout));
            var nodes = result.GetValue(node) is { } one ? [Absolute(one)] : ParameterNodes(cli, TimeSpan.FromSeconds(result.GetValue(wait)));
            var failed = 0;
            foreach (var name in nodes)
            {
                List<string> names;
                try
                {
                    names = ListNames(cli, name, patience);
                }
                catch (TimeoutException e) when (nodes.Count > 1)
                {
                    // One node that stopped answering does not hide the others' parameters.
                    Console.Error.WriteLine($"param: {e.Message}");
                    failed++;
                    continue;
                }
                Console.WriteLine($"{name}:");
                names.ForEach(n => Console.WriteLine($"  {n}"));
            }
            return failed == 0 ? 0 : 1;
        }));
        return command;
    }

    /// <summary>
    /// The nodes in ros_discovery_info that serve <c>list_parameters</c>, sorted; hidden ones (a name starting with
    /// <c>_</c>, such as this tool's own node) left out, as ros2 param list leaves them out.
    /// </summary>
    private static List<string> ParameterNodes(CliNode cli, TimeSpan wait)
    {
        var services = cli.Transport.DiscoverServices(wait).Select(s => s.Service).ToHashSet(StringComparer.Ordinal);
        return [.. cli.Transport.DiscoverNodes(wait).SelectMany(p => p.Nodes)
            .Where(n => !n.Name.StartsWith('_') && services.Contains($"{n.FullyQualifiedName}/list_parameters"))
            .Select(n => n.FullyQualifiedName).Distinct().Order(StringComparer.Ordinal)];
    }

    private static Command Get()
    {
        var name = NameArgument();
        return ForNode("get", "Print a parameter's type and value.", [name], (result, cli, node, timeout) =>
        {
            var values = GetValues(cli, node, [result.GetValue(name)!], timeout);
            Console.WriteLine(values.Count == 0 ? "Parameter not set" : Describe(values[0].ToValue()));
            return 0;
        });
    }

    /// <summary>The value as <c>ros2 param get</c> prints it.</summary>
    internal static string Describe(Ros.Parameters.ParameterValue value) => value.Value switch
    {
        null => "Parameter not set",
        bool b => $"Boolean value is: {(b ? "True" : "False")}",
        long l => string.Create(CultureInfo.InvariantCulture, $"Integer value is: {l}"),
        double d => $"Double value is: {MessageYaml.PythonFloat(d)}",
        string s => $"String value is: {s}",
        byte[] bytes => $"Byte values are: [{string.Join(", ", bytes.Select(b => b.ToString(CultureInfo.InvariantCulture)))}]",
        bool[] bools => $"Boolean values are: [{string.Join(", ", bools.Select(b => b ? "True" : "False"))}]",
        long[] longs => $"Integer values are: array('q', [{string.Join(", ", longs.Select(l => l.ToString(CultureInfo.InvariantCulture)))}])",
        double[] doubles => $"Double values are: array('d', [{string.Join(", ", doubles.Select(MessageYaml.PythonFloat))}])",
        string[] strings => $"String values are: [{string.Join(", ", strings.Select(s => $"'{s}'"))}]",
        _ => $"Unknown parameter type: {value}",
    };

    private static Command Set()
    {
        var name = NameArgument();
        var value = new Argument<string>("value") { Description = "The value as YAML, typed as in parameters files: 5, 1.5, true, hello, [1, 2]." };
        return ForNode("set", "Set a parameter.", [name, value], (result, cli, node, timeout) =>
        {
            var parsed = ParameterYaml.ParseValue(result.GetValue(value)!, "value");
            var outcome = SetValue(cli, node, result.GetValue(name)!, parsed, timeout);
            Console.WriteLine(outcome.Successful ? "Set parameter successful" : $"Setting parameter failed: {outcome.Reason}");
            return outcome.Successful ? 0 : 1;
        });
    }

    private static Command Describe()
    {
        var names = new Argument<string[]>("parameters") { Description = "Parameter names, e.g. gains.kp gains.ki.", Arity = ArgumentArity.OneOrMore };
        return ForNode("describe", "Print parameters' types, descriptions and constraints.", [names], (result, cli, node, timeout) =>
        {
            var wanted = result.GetValue(names)!;
            var descriptors = cli.CallAsync<DescribeParametersRequest, DescribeParametersResponse>($"{node}/describe_parameters",
                new DescribeParametersRequest(wanted), timeout).GetAwaiter().GetResult().Descriptors;
            if (descriptors.Count != wanted.Length)
            {
                // rclcpp answers nothing at all when any name is undeclared.
                Console.Error.WriteLine($"param: {node} did not describe {string.Join(", ", wanted)} (a parameter that is not declared makes it answer none)");
                return 1;
            }
            foreach (var descriptor in descriptors)
            {
                Console.Write(DescribeDescriptor(descriptor));
            }
            return 0;
        });
    }

    /// <summary>A descriptor as <c>ros2 param describe</c> prints it.</summary>
    internal static string DescribeDescriptor(WireDescriptor descriptor)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Parameter name: {descriptor.Name}\n");
        text.Append(CultureInfo.InvariantCulture, $"  Type: {TypeWord(descriptor.Type)}\n");
        if (descriptor.Description.Length > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"  Description: {descriptor.Description}\n");
        }
        text.Append("  Constraints:\n");
        if (descriptor.ReadOnly)
        {
            text.Append("    Read only: true\n");
        }
        var range = descriptor.FloatingPointRange.Select(r => (From: MessageYaml.PythonFloat(r.FromValue), To: MessageYaml.PythonFloat(r.ToValue),
                Step: r.Step == 0 ? null : MessageYaml.PythonFloat(r.Step)))
            .Concat(descriptor.IntegerRange.Select(r => (From: Invariant(r.FromValue), To: Invariant(r.ToValue), Step: r.Step == 0 ? null : Invariant(r.Step))))
            .FirstOrDefault();
        if (range.From is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"    Min value: {range.From}\n    Max value: {range.To}\n");
            if (range.Step is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $"    Step: {range.Step}\n");
            }
        }
        if (descriptor.AdditionalConstraints.Length > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"    Additional constraints: {descriptor.AdditionalConstraints}\n");
        }
        return text.ToString();

        static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);
    }

    /// <summary>A <c>ParameterType</c> constant in ros2param's words.</summary>
    private static string TypeWord(byte type) => (Kind)type switch
    {
        Kind.NotSet => "not set",
        Kind.Bool => "boolean",
        Kind.Integer => "integer",
        Kind.Double => "double",
        Kind.String => "string",
        Kind.ByteArray => "byte array",
        Kind.BoolArray => "boolean array",
        Kind.IntegerArray => "integer array",
        Kind.DoubleArray => "double array",
        Kind.StringArray => "string array",
        _ => $"unknown type {type}",
    };

    private static Command Delete()
    {
        var name = NameArgument();
        return ForNode("delete", "Undeclare a parameter (only a dynamically typed one, as in rclcpp).", [name], (result, cli, node, timeout) =>
        {
            var outcome = SetValue(cli, node, result.GetValue(name)!, Ros.Parameters.ParameterValue.NotSet, timeout);
            var suffix = outcome.Reason.Length > 0 ? ": " + outcome.Reason : "";
            if (outcome.Successful)
            {
                Console.WriteLine("Deleted parameter successfully" + suffix);
                return 0;
            }
            Console.Error.WriteLine("Deleting parameter failed" + suffix);
            return 1;
        });
    }

    private static Command Dump()
    {
        var output = new Option<FileInfo?>("--output-file") { Description = "Write the YAML here instead of standard output." };
        var command = ForNode("dump", "Print a node's parameters as a ros2 parameters file.", [], (result, cli, node, timeout) =>
        {
            var names = ListNames(cli, node, timeout);
            var values = names.Count == 0 ? [] : GetValues(cli, node, names, timeout);
            var yaml = ParameterYaml.Dump(node, names.Zip(values, (n, v) => KeyValuePair.Create(n, v.ToValue())).Where(p => p.Value.Value is not null));
            if (result.GetValue(output) is { } file)
            {
                File.WriteAllText(file.FullName, yaml);
            }
            else
            {
                Console.Write(yaml);
            }
            return 0;
        });
        command.Options.Add(output);
        return command;
    }

    private static Command Load()
    {
        var file = new Argument<FileInfo>("parameter_file") { Description = "A ros2 parameters file (node: ros__parameters: ...)." };
        return ForNode("load", "Set the parameters a ros2 parameters file gives for the node, one by one.", [file], (result, cli, node, timeout) =>
        {
            var path = result.GetValue(file)!.FullName;
            var parameters = ParameterYaml.LoadFile(path).Where(p => p.Matches(node)).ToList();
            if (parameters.Count == 0)
            {
                throw new ArgumentException($"{path} sets no parameters for {node} (expected a '{node}:' or '/**:' key with ros__parameters)");
            }
            var failed = 0;
            foreach (var parameter in parameters)
            {
                var outcome = SetValue(cli, node, parameter.Name, parameter.Value, timeout);
                Console.WriteLine(outcome.Successful
                    ? $"Set parameter {parameter.Name} successful"
                    : $"Set parameter {parameter.Name} failed: {outcome.Reason}");
                failed += outcome.Successful ? 0 : 1;
            }
            return failed == 0 ? 0 : 1;
        });
    }
}
