using System.Diagnostics;
using System.Runtime.InteropServices;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Transport;

namespace SparshRobot.Ros.Launch;

public enum LaunchMode
{
    /// <summary>All sparsh_robot nodes in this process, on one in-process transport: invisible to other ROS 2
    /// processes (composition, tests).</summary>
    InProcess,

    /// <summary>Each node in its own process (<see cref="ChildCommand"/>), talking over DDS, as <c>ros2 launch</c>
    /// runs nodes; the CLI's default.</summary>
    Processes,
}

/// <summary>How to start a registered node as a process: e.g. <c>sparsh-robot run sparsh_robot</c> and the exec is appended.</summary>
public sealed record ChildCommand(string FileName, IReadOnlyList<string> PrefixArguments);

/// <summary>
/// Runs a <see cref="LaunchDescription"/>: every action starts at once, output is prefixed per node, a node that
/// exits non-zero (or throws) stops the whole launch with its exit code unless it is marked respawn (then it is
/// restarted after its respawn delay). Cancellation (Ctrl-C) stops every node: in-process nodes through their
/// token, processes with SIGTERM and, after a grace period, SIGKILL.
/// </summary>
public sealed class LaunchRunner(NodeRegistry registry, LaunchMode mode, TextWriter output, ChildCommand? child = null)
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    /// <summary>Rejects nodes this launcher cannot run, naming where they are declared, before anything starts.</summary>
    public void Validate(LaunchDescription description)
    {
        foreach (var node in description.Actions.OfType<LaunchNode>())
        {
            if (node.Package != NodeRegistry.Package)
            {
                throw new LaunchException($"{node.Source}: package '{node.Package}' is not available (ROS 2 is not installed); only pkg=\"{NodeRegistry.Package}\" nodes can be launched");
            }
            if (!registry.TryGet(node.Executable, out _))
            {
                throw new LaunchException($"{node.Source}: '{node.Executable}' is not an executable of {NodeRegistry.Package} (known: {string.Join(", ", registry.Entries.Select(e => e.Executable))})");
            }
        }
        if (mode == LaunchMode.Processes && child is null && description.Actions.OfType<LaunchNode>().Any())
        {
            throw new LaunchException("process mode needs the command that runs a node");
        }
    }

    /// <summary>Runs until all actions finish, one fails, or <paramref name="cancellation"/> fires; returns the exit code.</summary>
    public async Task<int> RunAsync(LaunchDescription description, CancellationToken cancellation)
    {
        Validate(description);
        var scratch = new DirectoryInfo(Path.Combine(Path.GetTempPath(), $"sparsh-launch-{Guid.NewGuid():N}"));
        scratch.Create();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        using var context = new RosContext(new InProcessTransport(), clock: null);
        var failure = 0;
        try
        {
            var supervisors = description.Actions.Select(action => Task.Run(async () =>
            {
                var code = await SuperviseAsync(action, context, scratch, stop.Token).ConfigureAwait(false);
                if (code != 0 && Interlocked.CompareExchange(ref failure, code, 0) == 0)
                {
                    output.WriteLine($"[launch] {action.Label} ({action.Source}) failed with exit code {code}; stopping the launch");
                    stop.Cancel();
                }
            })).ToList();
            await Task.WhenAll(supervisors).ConfigureAwait(false);
            return failure;
        }
        finally
        {
            context.Shutdown();
            scratch.Delete(recursive: true);
        }
    }

    private async Task<int> SuperviseAsync(LaunchAction action, RosContext context, DirectoryInfo scratch, CancellationToken stop)
    {
        while (true)
        {
            var code = await RunOnceAsync(action, context, scratch, stop).ConfigureAwait(false);
            if (stop.IsCancellationRequested)
            {
                return 0;
            }
            if (!action.Respawn)
            {
                return code;
            }
            output.WriteLine($"[launch] {action.Label} exited with code {code}; respawning in {action.RespawnDelaySeconds} s");
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(action.RespawnDelaySeconds), stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return 0;
            }
        }
    }

    private Task<int> RunOnceAsync(LaunchAction action, RosContext context, DirectoryInfo scratch, CancellationToken stop) => action switch
    {
        LaunchNode node when mode == LaunchMode.InProcess => RunInProcessAsync(node, context, scratch, stop),
        LaunchNode node => RunProcessAsync(node.Label, child!.FileName, [.. child.PrefixArguments, node.Executable, .. node.CommandLine(scratch)],
            new Dictionary<string, string>(node.Environment) { [TransportFactory.EnvironmentVariable] = TransportFactory.Dds }, stop),
        LaunchExecutable exe => RunProcessAsync(exe.Label, exe.Command, exe.Arguments, exe.Environment, stop),
        _ => throw new InvalidOperationException($"unknown action {action.GetType().Name}"),
    };

    private async Task<int> RunInProcessAsync(LaunchNode node, RosContext context, DirectoryInfo scratch, CancellationToken stop)
    {
        registry.TryGet(node.Executable, out var entry);
        var writer = new PrefixedWriter(output, node.Label);
        if (node.Environment.Count > 0)
        {
            writer.WriteLineDirect($"<env> ({string.Join(", ", node.Environment.Keys)}) is ignored for in-process nodes; use --mode processes");
        }
        try
        {
            var arguments = RosArguments.Parse(node.CommandLine(scratch));
            return await Task.Run(() => entry.Main(new NodeLaunchContext(context, arguments, writer, stop)), CancellationToken.None).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return 0;
        }
        catch (Exception e)
        {
            writer.WriteLineDirect($"terminated by {e.GetType().Name}: {e.Message}");
            return 1;
        }
        finally
        {
            writer.Flush();
        }
    }

    private async Task<int> RunProcessAsync(string label, string fileName, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, CancellationToken stop)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        var writer = new PrefixedWriter(output, label);
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Forward(writer, e.Data);
        process.ErrorDataReceived += (_, e) => Forward(writer, e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            writer.WriteLineDirect($"could not start '{fileName}': {e.Message}");
            return 127;
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using (stop.Register(() => Interrupt(process)))
        {
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        return process.ExitCode;
    }

    private static void Forward(PrefixedWriter writer, string? line)
    {
        if (line is not null)
        {
            writer.WriteLineDirect(line);
        }
    }

    /// <summary>
    /// SIGTERM first so the node shuts down cleanly (nodes treat it like Ctrl-C; SIGINT would be ignored by children
    /// of a launch started in the background of a non-interactive shell), SIGKILL after the grace period.
    /// </summary>
    private static void Interrupt(Process process)
    {
        try
        {
            if (process.HasExited)
            {
                return;
            }
            _ = Kill(process.Id, 15);
            _ = Task.Delay(StopGrace).ContinueWith(_ =>
            {
                try
                {
                    if (!process.HasExited)
                    {
                        process.Kill(entireProcessTree: true);
                    }
                }
                catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
                {
                    // already gone
                }
            }, TaskScheduler.Default);
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
        {
            // exited between the check and the signal
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
