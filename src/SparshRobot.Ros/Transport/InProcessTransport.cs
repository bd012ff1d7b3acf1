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
    private volatile bool _disposed;

    public string Kind => "inprocess";

    public long MalformedDropped => Interlocked.Read(ref _malformed);

    public ITransportWriter<T> CreateWriter<T>(string topic, QosProfile qos)
        where T : IRosMessage<T>
    {
        var bus = Bus(topic, T.TypeName);
        var writer = new TypedWriter<T>(this, bus, qos);
        bus.AddWriter(writer);
        return writer;
    }

    public IRawWriter CreateRawWriter(string topic, string rosTypeName, QosProfile qos)
    {
        var bus = Bus(topic, rosTypeName);
        var writer = new RawWriter(this, bus, qos);
        bus.AddWriter(writer);
        return writer;
    }

    public IDisposable Subscribe<T>(string topic, QosProfile qos, Action<T> onMessage)
        where T : IRosMessage<T>
    {
        var bus = Bus(topic, T.TypeName);
        return bus.AddSubscriber(new TypedSubscriber<T>(this, bus, qos, onMessage));
    }

    public IDisposable SubscribeRaw(string topic, string rosTypeName, QosProfile qos, Action<RawMessage> onMessage)
    {
        var bus = Bus(topic, rosTypeName);
        return bus.AddSubscriber(new RawSubscriber(bus, qos, onMessage));
    }

    public void Dispose() => _disposed = true;

    private TopicBus Bus(string topic, string rosTypeName)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (_topics)
        {
            if (!_topics.TryGetValue(topic, out var bus))
            {
                bus = new TopicBus(topic, rosTypeName);
                _topics.Add(topic, bus);
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
    private sealed class Sample(object? message, Func<object, byte[]>? serialize, byte[]? cdr, long stampNs)
    {
        private byte[]? _cdr = cdr;

        public object? Message { get; } = message;

        public long StampNs { get; } = stampNs;

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

        public IDisposable AddSubscriber(Subscriber subscriber)
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

        private sealed class Unsubscriber(TopicBus bus, Subscriber subscriber) : IDisposable
        {
            public void Dispose()
            {
                lock (bus._gate)
                {
                    bus._subscribers = [.. bus._subscribers.Where(s => s != subscriber)];
                }
            }
        }
    }

    private abstract class Subscriber(QosProfile qos)
    {
        public QosProfile Qos { get; } = qos;

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

    private sealed class RawSubscriber(TopicBus bus, QosProfile qos, Action<RawMessage> onMessage) : Subscriber(qos)
    {
        public override void Deliver(Sample sample) => onMessage(new RawMessage(bus.Name, bus.RosTypeName, sample.Cdr, sample.StampNs));
    }

    private abstract class Writer(InProcessTransport owner, TopicBus bus, QosProfile qos) : IDisposable
    {
        private readonly Queue<Sample> _history = new();
        private bool _disposed;

        public int MatchedSubscriptions => bus.CountMatched(qos);

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

    private sealed class TypedWriter<T>(InProcessTransport owner, TopicBus bus, QosProfile qos) : Writer(owner, bus, qos), ITransportWriter<T>
        where T : IRosMessage<T>
    {
        private static readonly Func<object, byte[]> SerializeBoxed = m => RosSerializer.Serialize((T)m);

        public void Write(T message) => Publish(new Sample(message, SerializeBoxed, null, NowNs()));
    }

    private sealed class RawWriter(InProcessTransport owner, TopicBus bus, QosProfile qos) : Writer(owner, bus, qos), IRawWriter
    {
        public void Write(ReadOnlySpan<byte> cdr) => Publish(new Sample(null, null, cdr.ToArray(), NowNs()));
    }

    private static long NowNs() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
}
