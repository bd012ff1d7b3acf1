using System.CommandLine;
using System.Globalization;
using SparshRobot.Ros.Messages.Dynamic;
using SparshRobot.Ros.Messages.RclInterfaces;
using SparshRobot.Ros.Parameters;
using WireValue = SparshRobot.Ros.Messages.RclInterfaces.ParameterValue;

namespace SparshRobot.Cli.Commands;

/// <summary>
/// <c>sparsh-robot param list|get|set|dump|load</c>, like <c>ros2 param</c>: calls the node's parameter services
/// (<c>/&lt;node&gt;/list_parameters</c>, <c>get_parameters</c>, <c>set_parameters</c>); dump and load use the
/// ros2 parameters-file YAML.
/// </summary>
public static class ParamCommand
{
    public static Command Create()
    {
        var command = new Command("param", "List, get, set, dump and load a ROS 2 node's parameters over DDS.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Get());
        command.Subcommands.Add(Set());
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
            var nodeName = result.GetValue(node)!;
            if (!nodeName.StartsWith('/'))
            {
                nodeName = "/" + nodeName; // ros2 param accepts relative node names as relative to the root
            }
            using var cli = new CliNode(result, domain, localhost);
            return action(result, cli, nodeName, TimeSpan.FromSeconds(result.GetValue(timeout)));
        }));
        return command;
    }

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

    private static SetParametersResult SetValue(CliNode cli, string node, string name, Ros.Parameters.ParameterValue value, TimeSpan timeout)
    {
        var results = cli.CallAsync<SetParametersRequest, SetParametersResponse>($"{node}/set_parameters",
            new SetParametersRequest([new Parameter(name, WireValue.From(value))]), timeout).GetAwaiter().GetResult().Results;
        return results.Count == 1 ? results[0] : throw new FormatException($"{node}/set_parameters answered {results.Count} results for 1 parameter");
    }

    private static Command List() => ForNode("list", "List a node's parameter names.", [], (_, cli, node, timeout) =>
    {
        Console.WriteLine($"{node}:");
        foreach (var name in ListNames(cli, node, timeout))
        {
            Console.WriteLine($"  {name}");
        }
        return 0;
    });

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
