using System.CommandLine;
using SparshRobot.Ros.Dds;

namespace SparshRobot.Cli.Commands;

/// <summary>
/// <c>sparsh-robot node list</c>: the ROS 2 nodes on the domain, like <c>ros2 node list</c>, from the
/// <c>ros_discovery_info</c> announcements of every process (ours and rmw's, Humble or later layout).
/// </summary>
public static class NodeCommand
{
    public static Command Create()
    {
        var command = new Command("node", "Inspect the ROS 2 nodes on a DDS domain.");
        command.Subcommands.Add(List());
        return command;
    }

    private static Command List()
    {
        var domain = TopicCommand.DomainOption();
        var localhost = TopicCommand.LocalhostOption();
        var counts = new Option<bool>("--endpoints", "-e") { Description = "Show each node's reader and writer counts." };
        var wait = new Option<double>("--wait") { Description = "Seconds to listen for announcements.", DefaultValueFactory = _ => 1.5 };
        var command = new Command("list", "List the nodes announced on the domain (fully qualified names, sorted).")
        {
            domain, localhost, counts, wait,
        };
        command.SetAction(result => TopicCommand.Guard("node", () =>
        {
            using var transport = TopicCommand.Open(result, domain, localhost);
            var nodes = transport.DiscoverNodes(TimeSpan.FromSeconds(result.GetValue(wait)))
                .SelectMany(p => p.Nodes)
                .OrderBy(n => n.FullyQualifiedName, StringComparer.Ordinal);
            foreach (var node in nodes)
            {
                Console.WriteLine(result.GetValue(counts)
                    ? $"{node.FullyQualifiedName} ({node.Readers.Count} readers, {node.Writers.Count} writers)"
                    : node.FullyQualifiedName);
            }
            return 0;
        }));
        return command;
    }
}
