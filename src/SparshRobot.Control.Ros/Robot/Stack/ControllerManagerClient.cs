using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Messages.BuiltinInterfaces;
using SparshRobot.Ros.Messages.ControllerManagerMsgs;
using SparshRobot.Ros.Node;

namespace SparshRobot.Control.Ros.Robot.Stack;

/// <summary>Where ros2_control's controller_manager runs and which distro's message layouts it speaks.</summary>
public sealed record ControllerManagerOptions
{
    /// <summary>The controller_manager node's name; its services are <c>&lt;name&gt;/list_controllers</c> and so on.</summary>
    public string ControllerManager { get; init; } = "/controller_manager";

    /// <summary>The layout of ControllerState and SwitchController (they changed between Humble and Jazzy 4.28); <c>$ROS_DISTRO</c>'s by default.</summary>
    public InterfaceDistro Distro { get; init; } = InterfaceDistros.FromEnvironment();

    /// <summary>How long to wait for a service to appear, and then for its answer.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);
}

/// <summary>One loaded controller as <c>list_controllers</c> reports it.</summary>
/// <param name="State"><c>unconfigured</c>, <c>inactive</c>, <c>active</c> or <c>finalized</c>.</param>
public sealed record ControllerInfo(string Name, string State, string Type, IReadOnlyList<string> ClaimedInterfaces)
{
    public const string Active = "active";

    public bool IsActive => State == Active;
}

/// <summary>A required controller that is not active: its state, or null when it is not loaded at all.</summary>
public sealed record ControllerProblem(string Name, string? State);

/// <summary>Thrown when required controllers are missing or not active; the message says how to fix each.</summary>
public sealed class ControllersNotActiveException(string message, IReadOnlyList<ControllerProblem> problems) : InvalidOperationException(message)
{
    public IReadOnlyList<ControllerProblem> Problems { get; } = problems;
}

/// <summary>
/// A client of ros2_control's controller_manager: lists the controllers, checks that the ones an adapter commands
/// through are active before it streams, and switches controllers. Calls complete on the transport, so a node need
/// not spin for them.
/// </summary>
public sealed class ControllerManagerClient : IDisposable
{
    private readonly Func<CancellationToken, Task<IReadOnlyList<ControllerInfo>>> _list;
    private readonly Func<IReadOnlyList<string>, IReadOnlyList<string>, int, CancellationToken, Task<(bool Ok, string Message)>> _switch;
    private readonly IDisposable[] _clients;

    public ControllerManagerClient(RosNode node, ControllerManagerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        Options = options ?? new ControllerManagerOptions();
        if (string.IsNullOrWhiteSpace(Options.ControllerManager))
        {
            throw new ArgumentException("ControllerManagerOptions.ControllerManager is empty; expected the controller_manager node's name, e.g. /controller_manager", nameof(options));
        }
        (_list, _switch, _clients) = Options.Distro == InterfaceDistro.Humble ? Bind<Humble>(node) : Bind<Jazzy>(node);
    }

    public ControllerManagerOptions Options { get; }

    public async Task<IReadOnlyList<ControllerInfo>> ListControllersAsync(CancellationToken cancellation = default) =>
        await _list(cancellation).ConfigureAwait(false);

    /// <summary>
    /// Returns the required controllers when all are active; otherwise throws <see cref="ControllersNotActiveException"/>
    /// naming each missing or inactive one, its state and the <c>ros2 control</c> command that fixes it.
    /// </summary>
    public async Task<IReadOnlyList<ControllerInfo>> EnsureActiveAsync(IEnumerable<string> required, CancellationToken cancellation = default)
    {
        var names = required.Distinct(StringComparer.Ordinal).ToArray();
        var loaded = await ListControllersAsync(cancellation).ConfigureAwait(false);
        var byName = loaded.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var problems = names
            .Select(n => byName.TryGetValue(n, out var c) ? (c.IsActive ? null : new ControllerProblem(n, c.State)) : new ControllerProblem(n, null))
            .OfType<ControllerProblem>()
            .ToArray();
        if (problems.Length == 0)
        {
            return names.Select(n => byName[n]).ToArray();
        }
        var loadedText = loaded.Count == 0 ? "none" : string.Join(", ", loaded.Select(c => $"{c.Name} ({c.State})"));
        throw new ControllersNotActiveException(
            $"controller_manager {Options.ControllerManager}: {problems.Length} of {names.Length} required controllers "
            + $"{(problems.Length == 1 ? "is" : "are")} not active (loaded: {loadedText}):\n"
            + string.Join("\n", problems.Select(p => "  " + Describe(p))),
            problems);
    }

    /// <summary>Activates and deactivates controllers in one step; throws with the controller_manager's reason when it refuses.</summary>
    /// <param name="strictness"><see cref="SwitchControllerRequest{TDistro}.Strict"/> (default) or <c>BestEffort</c>; Jazzy also takes <c>Auto</c>.</param>
    public async Task SwitchControllersAsync(IReadOnlyList<string> activate, IReadOnlyList<string> deactivate,
        int strictness = SwitchControllerRequest<Jazzy>.Strict, CancellationToken cancellation = default)
    {
        var (ok, message) = await _switch(activate, deactivate, strictness, cancellation).ConfigureAwait(false);
        if (!ok)
        {
            throw new InvalidOperationException(
                $"controller_manager {Options.ControllerManager} refused to switch controllers (activate [{string.Join(", ", activate)}], "
                + $"deactivate [{string.Join(", ", deactivate)}]): {(message.Length > 0 ? message : "no reason given; its log says why")}");
        }
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }

    private static string Describe(ControllerProblem problem) => problem.State switch
    {
        null => $"'{problem.Name}' is not loaded; fix: ros2 control load_controller --set-state active {problem.Name}",
        "unconfigured" => $"'{problem.Name}' is unconfigured; fix: ros2 control set_controller_state {problem.Name} inactive, "
            + $"then ros2 control switch_controllers --activate {problem.Name}",
        _ => $"'{problem.Name}' is {problem.State}; fix: ros2 control switch_controllers --activate {problem.Name}",
    };

    private (Func<CancellationToken, Task<IReadOnlyList<ControllerInfo>>>,
        Func<IReadOnlyList<string>, IReadOnlyList<string>, int, CancellationToken, Task<(bool Ok, string Message)>>,
        IDisposable[]) Bind<TDistro>(RosNode node)
        where TDistro : IControllerManagerDistro
    {
        var prefix = Options.ControllerManager.TrimEnd('/');
        var list = node.CreateClient<ListControllersRequest, ListControllersResponse<TDistro>>($"{prefix}/list_controllers");
        var @switch = node.CreateClient<SwitchControllerRequest<TDistro>, SwitchControllerResponse<TDistro>>($"{prefix}/switch_controller");
        var hint = $"is ros2_control running with its controller_manager at {Options.ControllerManager}? "
            + "If it runs under another name, set ControllerManagerOptions.ControllerManager";
        return (
            async cancellation =>
            {
                var response = await StackServices.CallAsync(list, ListControllersRequest.Instance, TDistro.Distro, Options.Timeout, hint, cancellation)
                    .ConfigureAwait(false);
                return response.Controller.Select(c => new ControllerInfo(c.Name, c.State, c.Type, c.ClaimedInterfaces)).ToArray();
            },
            async (activate, deactivate, strictness, cancellation) =>
            {
                var request = new SwitchControllerRequest<TDistro>(activate, deactivate, strictness, ActivateAsap: false, Duration.Zero);
                var response = await StackServices.CallAsync(@switch, request, TDistro.Distro, Options.Timeout, hint, cancellation)
                    .ConfigureAwait(false);
                return (response.Ok, response.Message);
            },
            [list, @switch]);
    }
}
