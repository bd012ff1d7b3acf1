using System.CommandLine;
using SparshRobot.Cli.Errors;
using SparshRobot.Control.Ros;
using SparshRobot.Policy.Policies;
using SparshRobot.Policy.Ros.Nodes;
using SparshRobot.Ros.Launch;
using SparshRobot.Sim.Ros.Nodes;
using SparshRobot.Tactile.Profiles;
using SparshRobot.Tactile.Ros.Drivers;

namespace SparshRobot.Cli.Commands;

/// <summary>
/// <c>sparsh-robot run sparsh_robot EXEC [args] [--ros-args ...]</c>: runs one registered node as this process, like
/// <c>ros2 run</c>. Launch's process mode starts nodes this way. The transport is configuration: DDS unless
/// <c>-p transport:=inprocess</c> or <c>SPARSH_TRANSPORT=inprocess</c> says otherwise (see TransportFactory).
/// </summary>
public static class RunCommand
{
    /// <summary>Every node program the CLI can run, by executable name (package sparsh_robot).</summary>
    public static NodeRegistry Nodes { get; } = new NodeRegistry()
        .RegisterBuiltins()
        .RegisterSimNodes(background => TactileCliSupport.LoadBackground(background, SensorProfile.Digit))
        .RegisterPolicyNodes(PolicyCheckpoint.Load, TactileCliSupport.LoadBackground)
        .RegisterControlNodes(TactileCliSupport.LoadBackground)
        .RegisterTactileDriverNodes();

    public static Command Create()
    {
        var package = new Argument<string>("package") { Description = $"Package; only '{NodeRegistry.Package}' exists here." };
        var executable = new Argument<string>("executable") { Description = "Node executable, e.g. relay." };
        var command = new Command("run", "Run one sparsh_robot node in this process, on DDS (ROS arguments after --ros-args; -p transport:=inprocess for the in-process transport).")
        {
            package,
            executable,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (result, _) =>
        {
            var pkg = result.GetValue(package)!;
            var exe = result.GetValue(executable)!;
            if (pkg != NodeRegistry.Package)
            {
                await Console.Error.WriteLineAsync($"package '{pkg}' is not available (ROS 2 is not installed); only '{NodeRegistry.Package}' can be run");
                return 2;
            }
            if (!Nodes.TryGet(exe, out var entry))
            {
                await Console.Error.WriteLineAsync($"'{exe}' is not an executable of {NodeRegistry.Package}; known: {string.Join(", ", Nodes.Entries.Select(e => e.Executable))}");
                return 2;
            }
            try
            {
                return await NodeRegistry.RunStandaloneAsync(entry, [.. result.UnmatchedTokens], Console.Error);
            }
            catch (Exception e) when (UserErrors.IsUserError(e))
            {
                foreach (var line in UserErrors.Describe(e))
                {
                    await Console.Error.WriteLineAsync($"{exe}: {line}");
                }
                return 2;
            }
        });
        return command;
    }

    /// <summary>How to start this CLI again as a child (apphost, or <c>dotnet sparsh-robot.dll</c>).</summary>
    public static (string FileName, IReadOnlyList<string> PrefixArguments) SelfCommand()
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("the path of this process is unknown");
        var entry = System.Reflection.Assembly.GetEntryAssembly()?.Location;
        var viaDotnet = Path.GetFileNameWithoutExtension(process) == "dotnet" && !string.IsNullOrEmpty(entry);
        return (process, viaDotnet ? [entry!] : []);
    }
}
