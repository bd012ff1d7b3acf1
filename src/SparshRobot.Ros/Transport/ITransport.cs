using SparshRobot.Ros.Messages;

namespace SparshRobot.Ros.Transport;

/// <summary>
/// Moves messages between publishers and subscriptions on fully qualified ROS topic names (<c>/robot/cmd_vel</c>).
/// Nodes only see this interface; which implementation runs is configuration (<see cref="TransportFactory"/>).
/// Callbacks arrive on a transport thread and must return quickly (nodes queue them for their executor).
/// </summary>
public interface ITransport : IDisposable
{
    /// <summary><c>inprocess</c> or <c>dds</c>.</summary>
    string Kind { get; }

    ITransportWriter<T> CreateWriter<T>(string topic, QosProfile qos)
        where T : IRosMessage<T>;

    /// <summary>
    /// A writer for already serialized CDR (header included) of the ROS type <paramref name="rosTypeName"/>;
    /// <paramref name="options"/> make it one half of a service or give it USER_DATA.
    /// </summary>
    IRawWriter CreateRawWriter(string topic, string rosTypeName, QosProfile qos, RawEndpointOptions? options = null);

    IDisposable Subscribe<T>(string topic, QosProfile qos, Action<T> onMessage)
        where T : IRosMessage<T>;

    /// <summary>Serialized messages of <paramref name="rosTypeName"/> on <paramref name="topic"/>, whatever their C# type.</summary>
    IRawReader SubscribeRaw(string topic, string rosTypeName, QosProfile qos, Action<RawMessage> onMessage, RawEndpointOptions? options = null);

    /// <summary>Messages that failed to decode and were dropped (each one is also logged).</summary>
    long MalformedDropped { get; }
}

public interface ITransportWriter<in T> : IDisposable
{
    void Write(T message);

    /// <summary>Subscriptions currently matched (same topic, type and compatible QoS).</summary>
    int MatchedSubscriptions { get; }
}

public interface IRawWriter : IDisposable
{
    /// <summary>Writes one serialized message, CDR encapsulation header included.</summary>
    void Write(ReadOnlySpan<byte> cdr);

    int MatchedSubscriptions { get; }

    /// <summary>
    /// A number unique among this transport's endpoints: the DDS instance handle, which rmw_cyclonedds puts in a
    /// service request as the client's id.
    /// </summary>
    ulong InstanceHandle { get; }

    /// <summary>The USER_DATA text of every reader this writer is matched with (empty strings for none).</summary>
    IReadOnlyList<string> MatchedUserData();
}

/// <summary>A raw subscription with what a service needs to know about the writers it hears.</summary>
public interface IRawReader : IDisposable
{
    int MatchedPublishers { get; }

    /// <summary>The USER_DATA text of every writer this reader is matched with.</summary>
    IReadOnlyList<string> MatchedUserData();

    /// <summary>
    /// The USER_DATA of the writer a message came from (<see cref="RawMessage.PublicationHandle"/>), or null once
    /// that writer is no longer matched.
    /// </summary>
    string? PublisherUserData(ulong publicationHandle);
}

/// <summary>What a raw endpoint is on the wire: a ROS topic or one half of a service.</summary>
public enum EndpointRole
{
    /// <summary><c>rt/&lt;name&gt;</c> in DDS.</summary>
    Topic,

    /// <summary>The requests of service <c>&lt;name&gt;</c>: <c>rq/&lt;name&gt;Request</c> in DDS.</summary>
    ServiceRequest,

    /// <summary>The replies of service <c>&lt;name&gt;</c>: <c>rr/&lt;name&gt;Reply</c> in DDS.</summary>
    ServiceReply,
}

/// <summary>Settings of a raw endpoint beyond topic, type and QoS.</summary>
public sealed record RawEndpointOptions
{
    public EndpointRole Role { get; init; } = EndpointRole.Topic;

    /// <summary>USER_DATA in rmw's <c>key=value;</c> form (e.g. <c>clientid=…;</c>); null for none.</summary>
    public string? UserData { get; init; }

    /// <summary>
    /// When true, a reader's <see cref="RawMessage.Data"/> is valid only until its callback returns: the transport
    /// reuses its buffer for the next message instead of allocating one per message (large messages, e.g. images,
    /// otherwise cost a large-object allocation each and the garbage collections that follow). A callback that keeps
    /// the bytes must copy them. Transports without buffer reuse ignore it (their data stays valid). The DDS transport
    /// lends the received bytes in place (no copy at all); reading a lent message after its callback returned throws
    /// <see cref="ObjectDisposedException"/>.
    /// </summary>
    public bool BorrowData { get; init; }

    /// <summary>
    /// When true, a reader's callback runs on the thread that receives the message (DDS: Cyclone's receive thread, or
    /// a local writer's thread inside its write) instead of the transport's own receive thread, saving one thread
    /// wake-up per message. The callback must be short and must not block: while it runs that thread receives
    /// nothing else (acknowledgements, replies, discovery), so waiting there for a service reply or on a blocking
    /// reliable write deadlocks, and it must not create or dispose endpoints of its transport. Callbacks of one reader
    /// never overlap.
    /// Transports without such a thread ignore it.
    /// </summary>
    public bool DeliverOnReceiveThread { get; init; }
}

/// <summary>
/// A serialized message as received: CDR with its 4-byte header, the writer's source timestamp (ns), and the
/// writer as the receiving reader knows it (<see cref="IRawReader.PublisherUserData"/>).
/// </summary>
public readonly record struct RawMessage(string Topic, string RosTypeName, ReadOnlyMemory<byte> Data, long SourceTimestampNs, ulong PublicationHandle = 0);

/// <summary>Where transports report dropped input. Defaults to standard error in the ROS console format.</summary>
public static class TransportLog
{
    private static Action<string> _sink = line => Console.Error.WriteLine(line);

    /// <summary>Replaces the sink (the launch runner prefixes lines with the node name this way).</summary>
    public static Action<string> Sink
    {
        get => _sink;
        set => _sink = value ?? throw new ArgumentNullException(nameof(value));
    }

    public static void Warn(string source, string message) =>
        _sink($"[WARN] [{DateTime.UtcNow:HH:mm:ss.fff}] [{source}]: {message}");
}
