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

    /// <summary>A writer for already serialized CDR (header included) of the ROS type <paramref name="rosTypeName"/>.</summary>
    IRawWriter CreateRawWriter(string topic, string rosTypeName, QosProfile qos);

    IDisposable Subscribe<T>(string topic, QosProfile qos, Action<T> onMessage)
        where T : IRosMessage<T>;

    /// <summary>Serialized messages of <paramref name="rosTypeName"/> on <paramref name="topic"/>, whatever their C# type.</summary>
    IDisposable SubscribeRaw(string topic, string rosTypeName, QosProfile qos, Action<RawMessage> onMessage);

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
}

/// <summary>A serialized message as received: CDR with its 4-byte header, and the writer's source timestamp (ns).</summary>
public readonly record struct RawMessage(string Topic, string RosTypeName, ReadOnlyMemory<byte> Data, long SourceTimestampNs);

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
