using SparshRobot.Ros.Node;

namespace SparshRobot.Ros.Launch;

/// <summary>What a registered node gets when it starts, in-process or as its own process.</summary>
/// <param name="Context">The shared context (transport, clock, shutdown) of the process or launch.</param>
/// <param name="Arguments">This node's ROS arguments (name, namespace, parameters, remaps from the launch file).</param>
/// <param name="Output">Where the node writes; the launcher prefixes each line with the node's name.</param>
/// <param name="Cancellation">Fires when the node must stop (Ctrl-C, or another node failed).</param>
public sealed record NodeLaunchContext(RosContext Context, RosArguments Arguments, TextWriter Output, CancellationToken Cancellation)
{
    /// <summary>Options that make a <see cref="RosNode"/> honour <see cref="Arguments"/> and log to <see cref="Output"/>.</summary>
    public NodeOptions NodeOptions => new() { Arguments = Arguments, LogOutput = Output };
}

/// <summary>A node program: runs until cancelled or done and returns its exit code (non-zero is a failure).</summary>
public delegate Task<int> NodeMain(NodeLaunchContext context);

public sealed record NodeEntry(string Executable, string Description, NodeMain Main);

/// <summary>
/// The executables of package <c>sparsh_robot</c>: a name (the launch file's <c>exec</c>) to a node program. The
/// same entry runs as a process under <c>sparsh-robot run sparsh_robot EXEC</c> (which <c>launch</c> starts per node
/// by default) or in-process under <c>launch --mode inprocess</c>.
/// </summary>
public sealed class NodeRegistry
{
    public const string Package = "sparsh_robot";

    private readonly Dictionary<string, NodeEntry> _entries = new(StringComparer.Ordinal);

    public NodeRegistry Register(string executable, string description, NodeMain main)
    {
        lock (_entries)
        {
            if (!_entries.TryAdd(executable, new NodeEntry(executable, description, main)))
            {
                throw new InvalidOperationException($"executable '{executable}' is already registered");
            }
        }
        return this;
    }

    public bool TryGet(string executable, out NodeEntry entry)
    {
        lock (_entries)
        {
            return _entries.TryGetValue(executable, out entry!);
        }
    }

    public IReadOnlyList<NodeEntry> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries.Values.OrderBy(e => e.Executable, StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>
    /// Runs one entry as this process's only node (<c>ros2 run</c>): parses <paramref name="argv"/>, opens the
    /// configured transport, and turns Ctrl-C / SIGTERM into cancellation.
    /// </summary>
    public static async Task<int> RunStandaloneAsync(NodeEntry entry, IReadOnlyList<string> argv, TextWriter output)
    {
        using var context = RosContext.FromCommandLine(argv);
        using var signals = context.HandleSignals();
        return await entry.Main(new NodeLaunchContext(context, context.Arguments, output, context.ShutdownToken)).ConfigureAwait(false);
    }
}
