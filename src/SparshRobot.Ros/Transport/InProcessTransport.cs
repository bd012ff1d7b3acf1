using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages;

namespace SparshRobot.Ros.Transport;

/// <summary>
/// Delivers messages between nodes of one process without serializing: a subscriber of the same C# type receives
/// the very object that was published (messages are immutable records, so sharing is safe). CDR is produced only
/// when a raw subscriber (a bag recorder, <c>topic echo</c>) or a subscriber with another C# type for the same ROS
/// type is present, and then once per message. QoS matching follows DDS: a reliable reader ignores best-effort
/// writers, a transient-local reader ignores volatile writers; transient-local writers replay their history to
/// late joiners.
/// </summary>
public sealed class InProcessTransport : ITransport
{
    private readonly Dictionary<string, TopicBus> _topics = new(StringComparer.Ordinal);
    private long _malformed;
    private long _nextHandle;
    private volatile bool _disposed;

    public string Kind => "inprocess";

    public long MalformedDropped => Interlocked.Read(ref _malformed);

    public ITransportWriter<T> CreateWriter<T>(string topic, QosProfile qos)
        where T : IRosMessage<T>
    {
        var bus = Bus(topic, T.TypeName, EndpointRole.Topic);
        var writer = new TypedWriter<T>(this, bus, qos, null);
        bus.AddWriter(writer);
        return writer;
    }

    public IRawWriter CreateRawWriter(string topic, string rosTypeName, QosProfile qos, RawEndpointOptions? options = null)
    {
        var bus = Bus(topic, rosTypeName, options?.Role ?? EndpointRole.Topic);
        var writer = new RawWriter(this, bus, qos, options?.UserData);
        bus.AddWriter(writer);
        return writer;
    }

    public IDisposable Subscribe<T>(string topic, QosProfile qos, Action<T> onMessage)
        where T : IRosMessage<T>
    {
        var bus = Bus(topic, T.TypeName, EndpointRole.Topic);
        return bus.AddSubscriber(new TypedSubscriber<T>(this, bus, qos, onMessage));
    }

    public IRawReader SubscribeRaw(string topic, string rosTypeName, QosProfile qos, Action<RawMessage> onMessage, RawEndpointOptions? options = null)
    {
        var bus = Bus(topic, rosTypeName, options?.Role ?? EndpointRole.Topic);
        return bus.AddSubscriber(new RawSubscriber(bus, qos, options?.UserData, onMessage));
    }

    public void Dispose() => _disposed = true;

    private TopicBus Bus(string topic, string rosTypeName, EndpointRole role)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        // A service's request and reply channels are buses of their own beside a topic of the same name.
        var key = role == EndpointRole.Topic ? topic : $"{role}:{topic}";
        lock (_topics)
        {
            if (!_topics.TryGetValue(key, out var bus))
            {
                bus = new TopicBus(topic, rosTypeName);
                _topics.Add(key, bus);
            }
            else if (bus.RosTypeName != rosTypeName)
            {
                throw new InvalidOperationException(
                    $"topic '{topic}' already carries {bus.RosTypeName}; an endpoint of type {rosTypeName} cannot join it");
            }
            return bus;
        }
    }

    private void CountMalformed(string topic, CdrFormatException e)
    {
        Interlocked.Increment(ref _malformed);
        TransportLog.Warn("inprocess", $"dropped a malformed message on {topic}: {e.Message}");
    }

    /// <summary>One published message: the object when there is one, the CDR made at most once on demand.</summary>
    private sealed class Sample(object? message, Func<object, byte[]>? serialize, byte[]? cdr, long stampNs, ulong writer)
    {
        private byte[]? _cdr = cdr;

        public object? Message { get; } = message;

        public long StampNs { get; } = stampNs;

        public ulong Writer { get; } = writer;

        public byte[] Cdr => _cdr ??= serialize!(Message!);
    }

    private sealed class TopicBus(string name, string rosTypeName)
    {
        private readonly object _gate = new();
        private Subscriber[] _subscribers = [];
        private readonly List<Writer> _writers = [];

        public string Name { get; } = name;

        public string RosTypeName { get; } = rosTypeName;

        public Subscriber[] Subscribers => Volatile.Read(ref _subscribers);

        public void AddWriter(Writer writer)
        {
            lock (_gate)
            {
                _writers.Add(writer);
            }
        }

        public void RemoveWriter(Writer writer)
        {
            lock (_gate)
            {
                _writers.Remove(writer);
            }
        }

        public Writer[] Writers()
        {
            lock (_gate)
            {
                return [.. _writers];
            }
        }

        public Unsubscriber AddSubscriber(Subscriber subscriber)
        {
            Writer[] latched;
            lock (_gate)
            {
                _subscribers = [.. _subscribers, subscriber];
                latched = subscriber.Qos.Durability == Durability.TransientLocal ? [.. _writers] : [];
            }
            foreach (var writer in latched)
            {
                writer.Replay(subscriber);
            }
            return new Unsubscriber(this, subscriber);
        }

        public int CountMatched(QosProfile offered) => Subscribers.Count(s => QosProfile.AreCompatible(offered, s.Qos, out _));

        public sealed class Unsubscriber(TopicBus bus, Subscriber subscriber) : IRawReader
        {
            private IEnumerable<Writer> Matched() => bus.Writers().Where(w => QosProfile.AreCompatible(w.Qos, subscriber.Qos, out _));

            public int MatchedPublishers => Matched().Count();

            public IReadOnlyList<string> MatchedUserData() => [.. Matched().Select(w => w.UserData ?? "")];

            public string? PublisherUserData(ulong publicationHandle) =>
                Matched().FirstOrDefault(w => w.Handle == publicationHandle) is { } writer ? writer.UserData ?? "" : null;

            public void Dispose()
            {
                lock (bus._gate)
                {
                    bus._subscribers = [.. bus._subscribers.Where(s => s != subscriber)];
                }
            }
        }
    }

    private abstract class Subscriber(QosProfile qos, string? userData = null)
    {
        public QosProfile Qos { get; } = qos;

        public string? UserData { get; } = userData;

        public abstract void Deliver(Sample sample);
    }

    private sealed class TypedSubscriber<T>(InProcessTransport owner, TopicBus bus, QosProfile qos, Action<T> onMessage) : Subscriber(qos)
        where T : IRosMessage<T>
    {
        public override void Deliver(Sample sample)
        {
            if (sample.Message is T typed)
            {
                onMessage(typed);
                return;
            }
            T decoded;
            try
            {
                decoded = RosSerializer.Deserialize<T>(sample.Cdr);
            }
            catch (CdrFormatException e)
            {
                owner.CountMalformed(bus.Name, e);
                return;
            }
            onMessage(decoded);
        }
    }

    private sealed class RawSubscriber(TopicBus bus, QosProfile qos, string? userData, Action<RawMessage> onMessage) : Subscriber(qos, userData)
    {
        public override void Deliver(Sample sample) =>
            onMessage(new RawMessage(bus.Name, bus.RosTypeName, sample.Cdr, sample.StampNs, sample.Writer));
    }

    private abstract class Writer(InProcessTransport owner, TopicBus bus, QosProfile qos, string? userData) : IDisposable
    {
        private readonly Queue<Sample> _history = new();
        private bool _disposed;

        public int MatchedSubscriptions => bus.CountMatched(qos);

        public QosProfile Qos => qos;

        public string? UserData => userData;

        public ulong Handle { get; } = (ulong)Interlocked.Increment(ref owner._nextHandle);

        public IReadOnlyList<string> MatchedUserData() =>
            [.. bus.Subscribers.Where(s => QosProfile.AreCompatible(qos, s.Qos, out _)).Select(s => s.UserData ?? "")];

        protected void Publish(Sample sample)
        {
            ObjectDisposedException.ThrowIf(_disposed || owner._disposed, this);
            if (qos.Durability == Durability.TransientLocal)
            {
                lock (_history)
                {
                    _history.Enqueue(sample);
                    while (_history.Count > qos.EffectiveDepth)
                    {
                        _history.Dequeue();
                    }
                }
            }
            foreach (var subscriber in bus.Subscribers)
            {
                if (QosProfile.AreCompatible(qos, subscriber.Qos, out _))
                {
                    subscriber.Deliver(sample);
                }
            }
        }

        public void Replay(Subscriber subscriber)
        {
            if (qos.Durability != Durability.TransientLocal || !QosProfile.AreCompatible(qos, subscriber.Qos, out _))
            {
                return;
            }
            Sample[] history;
            lock (_history)
            {
                history = [.. _history];
            }
            foreach (var sample in history.TakeLast(subscriber.Qos.EffectiveDepth))
            {
                subscriber.Deliver(sample);
            }
        }

        public void Dispose()
        {
            _disposed = true;
            bus.RemoveWriter(this);
        }
    }

    private sealed class TypedWriter<T>(InProcessTransport owner, TopicBus bus, QosProfile qos, string? userData)
        : Writer(owner, bus, qos, userData), ITransportWriter<T>
        where T : IRosMessage<T>
    {
        private static readonly Func<object, byte[]> SerializeBoxed = m => RosSerializer.Serialize((T)m);

        public void Write(T message) => Publish(new Sample(message, SerializeBoxed, null, NowNs(), Handle));
    }

    private sealed class RawWriter(InProcessTransport owner, TopicBus bus, QosProfile qos, string? userData)
        : Writer(owner, bus, qos, userData), IRawWriter
    {
        public ulong InstanceHandle => Handle;

        public void Write(ReadOnlySpan<byte> cdr) => Publish(new Sample(null, null, cdr.ToArray(), NowNs(), Handle));
    }

    private static long NowNs() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
}
