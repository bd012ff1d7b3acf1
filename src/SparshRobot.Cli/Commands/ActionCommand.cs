using System.Collections;
using System.CommandLine;
using SparshRobot.Ros.Actions;
using SparshRobot.Ros.Dds.Graph;
using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Messages.ActionMsgs;
using SparshRobot.Ros.Messages.Dynamic;

namespace SparshRobot.Cli.Commands;

/// <summary>
/// <c>sparsh-robot action list|info|send_goal</c> over DDS, like <c>ros2 action</c>: actions are found from their
/// <c>_action/feedback</c> topics (servers write it, clients read it); goals are given as YAML and feedback and
/// results printed as YAML.
/// </summary>
public static class ActionCommand
{
    public static Command Create()
    {
        var command = new Command("action", "List, inspect and send goals to ROS 2 actions over DDS.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Info());
        command.Subcommands.Add(SendGoal());
        return command;
    }

    private static Option<double> WaitOption() => new("--wait") { Description = "Seconds to listen to discovery.", DefaultValueFactory = _ => 1.5 };

    private static Option<bool> TypesOption() => new("--show-types", "-t") { Description = "Show the action type." };

    private static Argument<string> ActionArgument() => new("action") { Description = "Action name, e.g. /gripper/gripper_cmd." };

    private static Command List()
    {
        var domain = TopicCommand.DomainOption();
        var localhost = TopicCommand.LocalhostOption();
        var types = TypesOption();
        var wait = WaitOption();
        var command = new Command("list", "List the actions served or used on the domain.") { domain, localhost, types, wait };
        command.SetAction(result => TopicCommand.Guard("action", () =>
        {
            using var transport = TopicCommand.Open(result, domain, localhost);
            foreach (var action in transport.DiscoverActions(TimeSpan.FromSeconds(result.GetValue(wait))))
            {
                Console.WriteLine(result.GetValue(types) ? $"{action.Action} [{action.ActionType}]" : action.Action);
            }
            return 0;
        }));
        return command;
    }

    private static Command Info()
    {
        var domain = TopicCommand.DomainOption();
        var localhost = TopicCommand.LocalhostOption();
        var action = ActionArgument();
        var types = TypesOption();
        var wait = WaitOption();
        var command = new Command("info", "Print an action's clients and servers, by node.") { action, types, domain, localhost, wait };
        command.SetAction(result => TopicCommand.Guard("action", () =>
        {
            using var transport = TopicCommand.Open(result, domain, localhost);
            var name = result.GetValue(action)!;
            var patience = TimeSpan.FromSeconds(result.GetValue(wait));
            var endpoints = transport.DiscoverEndpoints(patience)
                .Select(e => (Endpoint: e, Action: DdsEndpointDiscovery.ActionOf(e)))
                .Where(e => e.Action?.Action == name)
                .ToList();
            if (endpoints.Count == 0)
            {
                throw new ArgumentException($"no server or client of action '{name}' was discovered");
            }
            // Like rcl_action, endpoints are listed by the node that announces them in ros_discovery_info.
            var nodes = TopicCommand.NodesByGid(transport.DiscoverNodes(patience));
            Console.WriteLine($"Action: {name}");
            foreach (var (title, servers) in new[] { ("Action clients", false), ("Action servers", true) })
            {
                var byNode = endpoints
                    .Where(e => e.Endpoint.IsWriter == servers && nodes.ContainsKey(e.Endpoint.Gid))
                    .GroupBy(e => nodes[e.Endpoint.Gid].FullyQualifiedName, StringComparer.Ordinal)
                    .OrderBy(g => g.Key, StringComparer.Ordinal)
                    .ToList();
                Console.WriteLine($"{title}: {byNode.Count}");
                foreach (var node in byNode)
                {
                    Console.WriteLine(result.GetValue(types)
                        ? $"    {node.Key} [{string.Join(", ", node.Select(e => e.Action!.Value.ActionType).Distinct())}]"
                        : $"    {node.Key}");
                }
            }
            return 0;
        }));
        return command;
    }

    private static Command SendGoal()
    {
        var domain = TopicCommand.DomainOption();
        var localhost = TopicCommand.LocalhostOption();
        var action = ActionArgument();
        var type = new Argument<string>("action_type") { Description = "Action type, e.g. control_msgs/action/GripperCommand." };
        var goal = new Argument<string?>("goal")
        {
            Description = "Goal values as YAML, e.g. \"{command: {position: 0.02}}\" (missing fields take their defaults).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var feedback = new Option<bool>("--feedback", "-f") { Description = "Print the goal's feedback messages." };
        var timeout = new Option<double>("--timeout")
        {
            Description = "Seconds to wait for an action server and for it to answer the goal (the result is awaited until it comes or Ctrl-C).",
            DefaultValueFactory = _ => 5,
        };
        var command = new Command("send_goal",
            "Send a goal given as YAML, print its feedback and result; Ctrl-C cancels the goal. Exits 0 only when the goal succeeded.")
        {
            action, type, goal, feedback, timeout, domain, localhost,
        };
        command.SetAction(result => TopicCommand.Guard("action", () =>
        {
            var typeName = result.GetValue(type)!;
            if (!MessageRegistry.Default.TryGetAction(typeName, out var actionType))
            {
                throw CliNode.Unregistered("action", typeName, MessageRegistry.Default.Actions.Select(a => a.Name));
            }
            var values = MessageYaml.ParseValues(result.GetValue(goal) ?? "");
            // Encoding first rejects bad values (naming the field) before waiting for a server; printed decoded, defaults filled in.
            var shown = DynamicMessageDecoder.ForType(actionType.GoalType).Decode(DynamicMessageEncoder.ForType(actionType.GoalType).Encode(values));
            var patience = TimeSpan.FromSeconds(result.GetValue(timeout));
            using var stop = new ShutdownSignals();
            using var cli = new CliNode(result, domain, localhost);
            using var client = cli.Node.CreateActionClient(result.GetValue(action)!, actionType);
            try
            {
                return Send(client, values, shown, result.GetValue(feedback), patience, stop.Token);
            }
            catch (OperationCanceledException) when (stop.Requested)
            {
                return 1; // interrupted while waiting for a server: nothing was sent
            }
        }));
        return command;
    }

    private static int Send(DynamicActionClient client, IDictionary? goal, OrderedDictionary<string, object?> shown, bool feedback,
        TimeSpan patience, CancellationToken stop)
    {
        Console.WriteLine("Waiting for an action server to become available...");
        if (!client.WaitForServerAsync(patience, stop).GetAwaiter().GetResult())
        {
            throw new TimeoutException($"action {client.Name} ({client.ActionType}) had no server within {patience.TotalSeconds:0.###} s");
        }
        Console.WriteLine($"Sending goal:\n     {MessageYaml.ToYaml(shown)}");
        var output = new GoalOutput();
        // Not canceled by Ctrl-C: once the request is out the server may accept it, and an accepted goal must be canceled, not left running.
        var sending = client.SendGoalAsync(goal, feedback ? (_, f) => output.Feedback($"Feedback:\n    {MessageYaml.ToYaml(f)}\n") : null, patience);
        var interrupted = false;
        try
        {
            sending.Wait(stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            interrupted = true;
        }
        var handle = sending.GetAwaiter().GetResult();
        if (!handle.Accepted)
        {
            Console.WriteLine("Goal was rejected.");
            return 1;
        }
        output.Accepted($"Goal accepted with ID: {Convert.ToHexStringLower(handle.GoalId.Uuid.Span)}\n\n");
        if (interrupted)
        {
            Cancel(client, handle, patience, output);
            return 1;
        }
        try
        {
            var outcome = client.GetResultAsync(handle.GoalId, timeout: null, stop).GetAwaiter().GetResult();
            output.Write($"Result:\n    {MessageYaml.ToYaml(outcome.Result)}\nGoal finished with status: {GoalStatus.Name(outcome.Status)}\n");
            return outcome.Status == GoalStatus.StatusSucceeded ? 0 : 1;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            if (!GoalStatus.IsTerminal(handle.Status))
            {
                Cancel(client, handle, patience, output);
            }
            return 1;
        }
    }

    /// <summary>
    /// Keeps the goal's output in ros2's order: feedback arrives on the transport's threads and can come before the
    /// send_goal reply, so it is held until the acceptance line is out, and lines are never interleaved.
    /// </summary>
    private sealed class GoalOutput
    {
        private readonly Lock _gate = new();
        private List<string>? _held = [];

        public void Feedback(string text)
        {
            lock (_gate)
            {
                if (_held is { } held)
                {
                    held.Add(text);
                }
                else
                {
                    Console.Write(text);
                }
            }
        }

        public void Accepted(string text)
        {
            lock (_gate)
            {
                Console.Write(text);
                _held?.ForEach(Console.Write);
                _held = null;
            }
        }

        public void Write(string text)
        {
            lock (_gate)
            {
                Console.Write(text);
            }
        }
    }

    /// <summary>Ctrl-C on an accepted goal: ask the server to cancel it, as ros2 does, and say whether it agreed.</summary>
    private static void Cancel(DynamicActionClient client, ClientGoalHandle<OrderedDictionary<string, object?>> handle, TimeSpan patience,
        GoalOutput output)
    {
        output.Write("Canceling goal...\n");
        var response = client.CancelGoalAsync(handle, patience).GetAwaiter().GetResult();
        if (response.GoalsCanceling.Any(g => g.GoalId == handle.GoalId))
        {
            output.Write("Goal canceled.\n");
        }
        else
        {
            Console.Error.WriteLine($"action: {client.Name} did not cancel goal {handle.GoalId} (return code {response.ReturnCode}: {CancelCode(response.ReturnCode)})");
        }
    }

    private static string CancelCode(sbyte code) => code switch
    {
        CancelGoalResponse.ErrorNone => "ERROR_NONE",
        CancelGoalResponse.ErrorRejected => "ERROR_REJECTED",
        CancelGoalResponse.ErrorUnknownGoalId => "ERROR_UNKNOWN_GOAL_ID",
        CancelGoalResponse.ErrorGoalTerminated => "ERROR_GOAL_TERMINATED",
        _ => "unknown",
    };
}
