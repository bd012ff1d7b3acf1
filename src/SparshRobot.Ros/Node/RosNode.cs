using SparshRobot.Core.Time;
using SparshRobot.Ros.Actions;
using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Messages.Actions;
using SparshRobot.Ros.Messages.Services;
using SparshRobot.Ros.Messages.UniqueIdentifierMsgs;
using SparshRobot.Ros.Parameters;
using SparshRobot.Ros.Services;
using SparshRobot.Ros.Transport;

namespace SparshRobot.Ros.Node;

/// <summary>Per-node settings beyond name and namespace.</summary>
public sealed record NodeOptions
{
    /// <summary>This node's ROS arguments; null uses the context's (process-wide) arguments.</summary>
    public RosArguments? Arguments { get; init; }

    /// <summary>Where the node's log lines go; null is standard error (the rcutils default).</summary>
    public TextWriter? LogOutput { get; init; }

    /// <summary>Extra parameter overrides with the lowest precedence (e.g. from a launch file's <c>&lt;param&gt;</c>).</summary>
    public IReadOnlyList<ParameterOverride> ParameterOverrides { get; init; } = [];

    /// <summary>
    /// Serve the six parameter services and publish <c>/parameter_events</c> (rclcpp's default); off only for nodes
    /// that must stay invisible to parameter tools, e.g. a CLI's short-lived helper node.
    /// </summary>
    public bool StartParameterServices { get; init; } = true;
}

/// <summary>
/// A ROS 2 node: a named participant of the graph with publishers, subscriptions, timers and parameters. Topic
/// names resolve as in rcl (relative names go under the namespace, <c>~</c> under the node, then remap rules).
/// Callbacks run on the executor the node is added to; the node never knows which transport carries its messages.
/// </summary>
public class RosNode : IDisposable
{
    private readonly List<IDisposable> _endpoints = [];
    private readonly List<RosTimer> _timers = [];
    private readonly List<Executable> _executables = [];
    private readonly RosArguments _arguments;
    private readonly INodeAnnouncement? _announcement;
    private readonly ParameterServices? _parameterServices;
    private bool _disposed;

    public RosNode(RosContext context, string name, string ns = "", NodeOptions? options = null)
    {
        Context = context;
        options ??= new NodeOptions();
        _arguments = options.Arguments ?? context.Arguments;
        Name = _arguments.NodeName ?? name;
        Names.ValidateNodeName(Name);
        Namespace = _arguments.Namespace ?? Names.NormalizeNamespace(ns);
        FullyQualifiedName = Names.FullyQualifiedNodeName(Namespace, Name);
        Logger = new RosLogger(FullyQualifiedName.TrimStart('/').Replace('/', '.'), context.Clock, options.LogOutput ?? Console.Error);
        Parameters = new ParameterStore(FullyQualifiedName,
            options.ParameterOverrides.Where(o => o.Matches(FullyQualifiedName)).Concat(_arguments.OverridesFor(FullyQualifiedName)));
        // On DDS, ROS 2 tools (ros2 node list/info) learn this node's name and endpoints from the announcement.
        _announcement = (context.Transport as INodeGraphTransport)?.AnnounceNode(Namespace, Name);
        _parameterServices = options.StartParameterServices ? new ParameterServices(this) : null;
    }

    public RosContext Context { get; }

    public string Name { get; }

    /// <summary>The namespace, always absolute (<c>/</c> for the root).</summary>
    public string Namespace { get; }

    public string FullyQualifiedName { get; }

    public IClock Clock => Context.Clock;

    public RosLogger Logger { get; }

    public ParameterStore Parameters { get; }

    /// <summary>The executor running this node's callbacks, once added to one.</summary>
    public Executor? Executor { get; internal set; }

    /// <summary>Expands <paramref name="topic"/> against this node's name and namespace, then applies remap rules.</summary>
    public string ResolveTopicName(string topic) =>
        _arguments.Remap(Names.ExpandTopicName(topic, Name, Namespace), Name, Namespace);

    public Publisher<T> CreatePublisher<T>(string topic, QosProfile? qos = null)
        where T : IRosMessage<T>
    {
        ThrowIfDisposed();
        var resolved = ResolveTopicName(topic);
        qos ??= QosProfile.Default;
        var publisher = new Publisher<T>(resolved, qos, Context.Transport.CreateWriter<T>(resolved, qos), p => Forget(p));
        Remember(publisher);
        return publisher;
    }

    public Subscription<T> CreateSubscription<T>(string topic, Action<T> callback, QosProfile? qos = null)
        where T : IRosMessage<T>
    {
        ThrowIfDisposed();
        var subscription = new Subscription<T>(this, ResolveTopicName(topic), qos ?? QosProfile.Default, callback, s => Forget(s));
        Remember(subscription);
        return subscription;
    }

    /// <summary>A publisher of already serialized CDR of <paramref name="rosTypeName"/> (relays, bag playback).</summary>
    public IRawWriter CreateRawPublisher(string topic, string rosTypeName, QosProfile? qos = null)
    {
        ThrowIfDisposed();
        var writer = Context.Transport.CreateRawWriter(ResolveTopicName(topic), rosTypeName, qos ?? QosProfile.Default);
        Remember(writer);
        return writer;
    }

    public RawSubscription CreateRawSubscription(string topic, string rosTypeName, Action<RawMessage> callback, QosProfile? qos = null)
    {
        ThrowIfDisposed();
        var subscription = new RawSubscription(this, ResolveTopicName(topic), rosTypeName, qos ?? QosProfile.Default, callback, s => Forget(s));
        Remember(subscription);
        return subscription;
    }

    /// <summary>
    /// Serves <paramref name="service"/> (resolved like a topic name) with a handler that answers at once; it runs
    /// on this node's executor.
    /// </summary>
    public ServiceServer<TRequest, TResponse> CreateService<TRequest, TResponse>(string service, Func<TRequest, TResponse> handler, QosProfile? qos = null)
        where TRequest : IRosMessage<TRequest>
        where TResponse : IRosMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(handler);
        return CreateService<TRequest, TResponse>(service, (request, _) => Task.FromResult(handler(request)), qos);
    }

    /// <summary>
    /// Serves <paramref name="service"/> with a handler that may answer later: it starts on this node's executor,
    /// and the reply goes out when its task completes (its token is cancelled when the service is disposed).
    /// </summary>
    public ServiceServer<TRequest, TResponse> CreateService<TRequest, TResponse>(string service,
        Func<TRequest, CancellationToken, Task<TResponse>> handler, QosProfile? qos = null)
        where TRequest : IRosMessage<TRequest>
        where TResponse : IRosMessage<TResponse>
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(handler);
        var server = new ServiceServer<TRequest, TResponse>(this, ResolveTopicName(service), qos ?? QosProfile.ServicesDefault, handler, s => Forget(s));
        Remember(server);
        return server;
    }

    /// <summary>A client of <paramref name="service"/> (resolved like a topic name).</summary>
    public ServiceClient<TRequest, TResponse> CreateClient<TRequest, TResponse>(string service, QosProfile? qos = null)
        where TRequest : IRosMessage<TRequest>
        where TResponse : IRosMessage<TResponse>
    {
        ThrowIfDisposed();
        var client = new ServiceClient<TRequest, TResponse>(this, ResolveTopicName(service), qos ?? QosProfile.ServicesDefault, c => Forget(c));
        Remember(client);
        return client;
    }

    /// <summary>
    /// A client of <paramref name="service"/> of a service type known only at run time (from a registry, the
    /// built-in one unless given): requests and replies are field trees (<c>service call</c>, bridges).
    /// </summary>
    public DynamicServiceClient CreateClient(string service, RosServiceType serviceType, MessageRegistry? registry = null, QosProfile? qos = null)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(serviceType);
        var client = new DynamicServiceClient(this, ResolveTopicName(service), serviceType, registry ?? MessageRegistry.Default,
            qos ?? QosProfile.ServicesDefault, c => Forget(c));
        Remember(client);
        return client;
    }

    /// <summary>
    /// Serves action <paramref name="action"/> (resolved like a topic name). <paramref name="execute"/> runs each
    /// accepted goal off the executor and returns how it ended; a callback that throws aborts its goal.
    /// <paramref name="acceptGoal"/> and <paramref name="acceptCancel"/> decide on new goals and on cancel requests
    /// (both accept when null).
    /// </summary>
    public ActionServer<TGoal, TResult, TFeedback> CreateActionServer<TGoal, TResult, TFeedback>(string action,
        Func<ServerGoalHandle<TGoal, TFeedback>, Task<ActionOutcome<TResult>>> execute,
        Func<UUID, TGoal, bool>? acceptGoal = null,
        Func<ServerGoalHandle<TGoal, TFeedback>, bool>? acceptCancel = null,
        ActionServerOptions? options = null)
        where TGoal : IRosMessage<TGoal>
        where TResult : IRosMessage<TResult>
        where TFeedback : IRosMessage<TFeedback>
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(execute);
        var server = new ActionServer<TGoal, TResult, TFeedback>(this, ResolveTopicName(action), execute, acceptGoal, acceptCancel, options, s => Forget(s));
        Remember(server);
        return server;
    }

    /// <summary>A client of action <paramref name="action"/> (resolved like a topic name).</summary>
    public ActionClient<TGoal, TResult, TFeedback> CreateActionClient<TGoal, TResult, TFeedback>(string action)
        where TGoal : IRosMessage<TGoal>
        where TResult : IRosMessage<TResult>
        where TFeedback : IRosMessage<TFeedback>
    {
        ThrowIfDisposed();
        var client = new ActionClient<TGoal, TResult, TFeedback>(this, ResolveTopicName(action), c => Forget(c));
        Remember(client);
        return client;
    }

    /// <summary>
    /// A client of action <paramref name="action"/> of an action type known only at run time (from a registry, the
    /// built-in one unless given): goals, feedback and results are field trees (<c>action send_goal</c>).
    /// </summary>
    public DynamicActionClient CreateActionClient(string action, RosActionType actionType, MessageRegistry? registry = null)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(actionType);
        var client = new DynamicActionClient(this, ResolveTopicName(action), actionType, registry ?? MessageRegistry.Default, c => Forget(c));
        Remember(client);
        return client;
    }

    public RosTimer CreateTimer(TimeSpan period, Action callback)
    {
        ThrowIfDisposed();
        var timer = new RosTimer(this, period, callback, t => Forget(t));
        Executor?.WakeTimers();
        return timer;
    }

    /// <summary>Declares a parameter whose type is fixed by <paramref name="defaultValue"/>; returns its effective value.</summary>
    public T DeclareParameter<T>(string name, T defaultValue, string description = "", bool readOnly = false)
        where T : notnull =>
        Parameters.Declare(name, defaultValue, description, readOnly);

    public T GetParameter<T>(string name) => Parameters.Get<T>(name);

    internal IReadOnlyList<RosTimer> Timers
    {
        get
        {
            lock (_timers)
            {
                return [.. _timers];
            }
        }
    }

    internal void AddTimer(RosTimer timer)
    {
        lock (_timers)
        {
            _timers.Add(timer);
        }
        Remember(timer);
    }

    internal void Register(Executable executable)
    {
        lock (_executables)
        {
            _executables.Add(executable);
        }
    }

    internal void Unregister(Executable executable)
    {
        lock (_executables)
        {
            _executables.Remove(executable);
        }
    }

    /// <summary>Queues entities that received work before the node joined an executor.</summary>
    internal void NotifyPending()
    {
        Executable[] all;
        lock (_executables)
        {
            all = [.. _executables];
        }
        foreach (var e in all)
        {
            e.Notify();
        }
    }

    private void Remember(IDisposable endpoint)
    {
        lock (_endpoints)
        {
            _endpoints.Add(endpoint);
        }
        foreach (var transportEndpoint in TransportEndpointsOf(endpoint))
        {
            _announcement?.Add(transportEndpoint);
        }
    }

    private void Forget(IDisposable endpoint)
    {
        lock (_endpoints)
        {
            _endpoints.Remove(endpoint);
        }
        foreach (var transportEndpoint in TransportEndpointsOf(endpoint))
        {
            _announcement?.Remove(transportEndpoint);
        }
        if (endpoint is RosTimer timer)
        {
            lock (_timers)
            {
                _timers.Remove(timer);
            }
        }
    }

    private static IEnumerable<object> TransportEndpointsOf(IDisposable endpoint) =>
        endpoint is ITransportBacked backed ? backed.TransportEndpoints : [endpoint];

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _parameterServices?.Dispose();
        Executor?.Remove(this);
        IDisposable[] endpoints;
        lock (_endpoints)
        {
            endpoints = [.. _endpoints];
            _endpoints.Clear();
        }
        foreach (var endpoint in endpoints)
        {
            endpoint.Dispose();
        }
        _announcement?.Dispose();
        lock (_timers)
        {
            _timers.Clear();
        }
        GC.SuppressFinalize(this);
    }
}
