using System.CommandLine;
using SparshRobot.Cli.Errors;
using SparshRobot.Ros.Dds.Native;
using SparshRobot.Ros.Launch;
using SparshRobot.Ros.Transport;

namespace SparshRobot.Cli.Commands;

/// <summary>
/// <c>sparsh-robot launch FILE.launch.xml [name:=value ...] [--mode processes|inprocess]</c>: parses the launch file
/// (errors name file and line) and runs it until every node ends, one fails, or Ctrl-C. By default each node is its
/// own process on DDS, as <c>ros2 launch</c> runs them, so other ROS 2 processes see the nodes.
/// </summary>
public static class LaunchCommand
{
    private const string Processes = "processes";

    private const string InProcess = "inprocess";

    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "A ROS 2 launch XML file." };
        var arguments = new Argument<string[]>("arguments") { Description = "Launch arguments as name:=value.", Arity = ArgumentArity.ZeroOrMore };
        var mode = new Option<string>("--mode")
        {
            Description = $"{Processes}: one process per node over DDS, visible to other ROS 2 processes; {InProcess}: all sparsh_robot nodes in this process on the in-process transport, invisible outside it (composition, tests).",
            DefaultValueFactory = _ => Processes,
        };
        mode.AcceptOnlyFromAmong(Processes, InProcess);
        var show = new Option<bool>("--print") { Description = "Print what would run (each node's command line) and exit." };
        var command = new Command("launch", "Run a ROS 2 launch XML file.") { file, arguments, mode, show };
        command.SetAction(async (result, _) =>
        {
            var given = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in result.GetValue(arguments) ?? [])
            {
                var sep = pair.IndexOf(":=", StringComparison.Ordinal);
                if (sep <= 0)
                {
                    await Console.Error.WriteLineAsync($"launch argument '{pair}' must have the form name:=value");
                    return 2;
                }
                given[pair[..sep]] = pair[(sep + 2)..];
            }
            var launchMode = result.GetValue(mode) == Processes ? LaunchMode.Processes : LaunchMode.InProcess;
            var (fileName, prefix) = RunCommand.SelfCommand();
            var runner = new LaunchRunner(RunCommand.Nodes, launchMode, Console.Out, new ChildCommand(fileName, [.. prefix, "run", NodeRegistry.Package]));
            LaunchDescription description;
            try
            {
                description = LaunchParser.ParseFile(result.GetValue(file)!.FullName, given);
                runner.Validate(description);
            }
            catch (LaunchException e)
            {
                foreach (var line in UserErrors.Describe(e))
                {
                    await Console.Error.WriteLineAsync(line);
                }
                return 2;
            }
            if (result.GetValue(show))
            {
                var scratch = Directory.CreateTempSubdirectory("sparsh-launch-print");
                foreach (var action in description.Actions)
                {
                    Console.WriteLine(action switch
                    {
                        LaunchNode n => $"{n.Label}: {n.Package}/{n.Executable} {string.Join(' ', n.CommandLine(scratch))}",
                        LaunchExecutable x => $"{x.Label}: {x.Command} {string.Join(' ', x.Arguments)}",
                        _ => action.ToString(),
                    });
                }
                return 0;
            }
            // Each child would fail alone with its own `run` options in the message; say it once, with launch's.
            if (launchMode == LaunchMode.Processes && description.Actions.OfType<LaunchNode>().Any() && !CycloneLibrary.IsShimAvailable)
            {
                await Console.Error.WriteLineAsync(TransportFactory.DdsUnavailable(CycloneLibrary.ShimLoadError, $"--mode {InProcess}").Message);
                return 2;
            }
            using var stop = new ShutdownSignals();
            return await runner.RunAsync(description, stop.Token);
        });
        return command;
    }
}
