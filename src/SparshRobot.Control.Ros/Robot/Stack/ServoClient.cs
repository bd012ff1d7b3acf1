using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Messages.MoveitMsgs;
using SparshRobot.Ros.Messages.StdMsgs;
using SparshRobot.Ros.Messages.StdSrvs;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Services;
using SparshRobot.Ros.Transport;

namespace SparshRobot.Control.Ros.Robot.Stack;

/// <summary>Where MoveIt Servo runs and which of its two APIs it offers.</summary>
public sealed record ServoClientOptions
{
    /// <summary>The servo node's name; its services and topics are <c>&lt;name&gt;/start_servo</c>, <c>&lt;name&gt;/status</c> and so on.</summary>
    public string ServoNode { get; init; } = "/servo_node";

    /// <summary>Humble: <c>start_servo</c>/<c>stop_servo</c> and an Int8 status; Jazzy: <c>switch_command_type</c>, <c>pause_servo</c>, ServoStatus.</summary>
    public InterfaceDistro Distro { get; init; } = InterfaceDistros.FromEnvironment();

    /// <summary>How long to wait for a service to appear, and then for its answer.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// Starts and stops MoveIt Servo for twist commands and watches its status. <see cref="StatusChanged"/> fires on
/// the node's executor whenever the status code changes (Servo repeats its status every cycle); halts are what a
/// supervisor treats as recovery triggers. Commands go to <see cref="TwistTopic"/> with <see cref="CommandQos"/>.
/// </summary>
public sealed class ServoClient : IDisposable
{
    /// <summary>What Servo's topics use, SystemDefaultsQoS as Cyclone resolves it: reliable, volatile, keep last 1.</summary>
    public static QosProfile CommandQos { get; } = new(Reliability.Reliable, Durability.Volatile, History.KeepLast, 1);

    private readonly List<IDisposable> _endpoints = [];
    private readonly ServiceClient<TriggerRequest, TriggerResponse>? _start;
    private readonly ServiceClient<TriggerRequest, TriggerResponse>? _stop;
    private readonly ServiceClient<ServoCommandTypeRequest, ServoCommandTypeResponse>? _switchCommandType;
    private readonly ServiceClient<SetBoolRequest, SetBoolResponse>? _pause;
    private readonly string _prefix;
    private readonly string _hint;
    private ServoStatusEvent? _last;

    public ServoClient(RosNode node, ServoClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        Options = options ?? new ServoClientOptions();
        if (string.IsNullOrWhiteSpace(Options.ServoNode))
        {
            throw new ArgumentException("ServoClientOptions.ServoNode is empty; expected the servo node's name, e.g. /servo_node", nameof(options));
        }
        _prefix = Options.ServoNode.TrimEnd('/');
        _hint = $"is MoveIt Servo ({Options.Distro} API) running as {Options.ServoNode}? If it runs under another name, set ServoClientOptions.ServoNode";
        // Clients are made up front so that a stop during recovery does not wait for discovery.
        var status = $"{_prefix}/status";
        if (Options.Distro == InterfaceDistro.Humble)
        {
            _endpoints.Add(node.CreateSubscription<Int8>(status, m => OnStatus(m.Data, ""), CommandQos));
            _endpoints.Add(_start = node.CreateClient<TriggerRequest, TriggerResponse>($"{_prefix}/start_servo"));
            _endpoints.Add(_stop = node.CreateClient<TriggerRequest, TriggerResponse>($"{_prefix}/stop_servo"));
        }
        else
        {
            _endpoints.Add(node.CreateSubscription<ServoStatus>(status, m => OnStatus(m.Code, m.Message), CommandQos));
            _endpoints.Add(_switchCommandType = node.CreateClient<ServoCommandTypeRequest, ServoCommandTypeResponse>($"{_prefix}/switch_command_type"));
            _endpoints.Add(_pause = node.CreateClient<SetBoolRequest, SetBoolResponse>($"{_prefix}/pause_servo"));
        }
    }

    public ServoClientOptions Options { get; }

    /// <summary>Servo's twist input, <c>~/delta_twist_cmds</c> (geometry_msgs/TwistStamped) in both APIs.</summary>
    public string TwistTopic => $"{_prefix}/delta_twist_cmds";

    /// <summary>The newest status, or null before the first.</summary>
    public ServoStatusEvent? LastStatus => Volatile.Read(ref _last);

    public event Action<ServoStatusEvent>? StatusChanged;

    /// <summary>Humble: <c>start_servo</c>. Jazzy: <c>switch_command_type</c> TWIST, then <c>pause_servo</c> false (unpause).</summary>
    public async Task StartTwistAsync(CancellationToken cancellation = default)
    {
        if (Options.Distro == InterfaceDistro.Humble)
        {
            await TriggerAsync(_start!, cancellation).ConfigureAwait(false);
            return;
        }
        var switched = await CallAsync(_switchCommandType!, new ServoCommandTypeRequest(ServoCommandTypeRequest.Twist), cancellation).ConfigureAwait(false);
        if (!switched.Success)
        {
            throw new InvalidOperationException($"{_switchCommandType!.Name} refused command type TWIST ({ServoCommandTypeRequest.Twist})");
        }
        await PauseAsync(false, cancellation).ConfigureAwait(false);
    }

    /// <summary>Humble: <c>stop_servo</c>. Jazzy: <c>pause_servo</c> true.</summary>
    public Task StopAsync(CancellationToken cancellation = default) => Options.Distro == InterfaceDistro.Humble
        ? TriggerAsync(_stop!, cancellation)
        : PauseAsync(true, cancellation);

    public void Dispose()
    {
        foreach (var endpoint in _endpoints)
        {
            endpoint.Dispose();
        }
    }

    private void OnStatus(sbyte code, string message)
    {
        if (Volatile.Read(ref _last)?.Code == code)
        {
            return;
        }
        var status = ServoStatusEvent.From(Options.Distro, code, message);
        Volatile.Write(ref _last, status);
        StatusChanged?.Invoke(status);
    }

    private async Task TriggerAsync(ServiceClient<TriggerRequest, TriggerResponse> service, CancellationToken cancellation)
    {
        var response = await CallAsync(service, TriggerRequest.Instance, cancellation).ConfigureAwait(false);
        if (!response.Success)
        {
            throw new InvalidOperationException($"{service.Name} failed: {(response.Message.Length > 0 ? response.Message : "no reason given")}");
        }
    }

    private async Task PauseAsync(bool pause, CancellationToken cancellation)
    {
        var response = await CallAsync(_pause!, new SetBoolRequest(pause), cancellation).ConfigureAwait(false);
        if (!response.Success)
        {
            throw new InvalidOperationException(
                $"{_pause!.Name} ({(pause ? "pause" : "unpause")}) failed: {(response.Message.Length > 0 ? response.Message : "no reason given")}");
        }
    }

    private Task<TResponse> CallAsync<TRequest, TResponse>(ServiceClient<TRequest, TResponse> client, TRequest request, CancellationToken cancellation)
        where TRequest : IRosMessage<TRequest>
        where TResponse : IRosMessage<TResponse> =>
        StackServices.CallAsync(client, request, Options.Distro, Options.Timeout, _hint, cancellation);
}
