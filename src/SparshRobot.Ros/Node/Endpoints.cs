using System.Collections.Concurrent;
using SparshRobot.Core.Time;
using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Transport;

namespace SparshRobot.Ros.Node;

/// <summary>A node-side endpoint over those the transport created (which the transport's node graph knows).</summary>
internal interface ITransportBacked
{
    /// <summary>One for a publisher or subscription; a service's or client's request and reply endpoints.</summary>
    IEnumerable<object> TransportEndpoints { get; }
}

/// <summary>Publishes <typeparamref name="T"/> on a resolved topic through the node's transport.</summary>
public sealed class Publisher<T> : IDisposable, ITransportBacked
    where T : IRosMessage<T>
{
    private readonly ITransportWriter<T> _writer;
    private readonly Action<Publisher<T>> _onDispose;

    internal Publisher(string topic, QosProfile qos, ITransportWriter<T> writer, Action<Publisher<T>> onDispose)
    {
        Topic = topic;
        Qos = qos;
        _writer = writer;
        _onDispose = onDispose;
    }

    /// <summary>The fully qualified topic after expansion and remapping.</summary>
    public string Topic { get; }

    public QosProfile Qos { get; }

    public int MatchedSubscriptions => _writer.MatchedSubscriptions;

    IEnumerable<object> ITransportBacked.TransportEndpoints => [_writer];

    public void Publish(T message) => _writer.Write(message);

    public void Dispose()
    {
        _writer.Dispose();
        _onDispose(this);
    }
}

/// <summary>
/// Receives <typeparamref name="T"/> on a resolved topic. Messages wait in a queue bounded by the QoS depth
/// (keep-last drops the oldest) until the node's executor runs the callback.
/// </summary>
public sealed class Subscription<T> : IDisposable, ITransportBacked
    where T : IRosMessage<T>
{
    private readonly MessagePump<T> _pump;
    private readonly IDisposable _transportSubscription;
    private readonly Action<Subscription<T>> _onDispose;

    internal Subscription(RosNode node, string topic, QosProfile qos, Action<T> callback, Action<Subscription<T>> onDispose)
    {
        Topic = topic;
        Qos = qos;
        _onDispose = onDispose;
        _pump = new MessagePump<T>(node, qos.EffectiveDepth, callback);
        node.Register(_pump);
        _transportSubscription = node.Context.Transport.Subscribe<T>(topic, qos, _pump.Enqueue);
    }

    IEnumerable<object> ITransportBacked.TransportEndpoints => [_transportSubscription];

    public string Topic { get; }

    public QosProfile Qos { get; }

    /// <summary>Messages dropped because the queue was full (keep-last semantics).</summary>
    public long Dropped => _pump.Dropped;

    public void Dispose()
    {
        _transportSubscription.Dispose();
        _pump.Close();
        _onDispose(this);
    }
}

/// <summary>
/// Serialized messages of any type on a resolved topic (for relays, recorders and tools), queued like
/// <see cref="Subscription{T}"/>.
/// </summary>
public sealed class RawSubscription : IDisposable, ITransportBacked
{
    private readonly MessagePump<RawMessage> _pump;
    private readonly IDisposable _transportSubscription;
    private readonly Action<RawSubscription> _onDispose;

    internal RawSubscription(RosNode node, string topic, string rosTypeName, QosProfile qos, Action<RawMessage> callback, Action<RawSubscription> onDispose)
    {
        Topic = topic;
        RosTypeName = rosTypeName;
        Qos = qos;
        _onDispose = onDispose;
        _pump = new MessagePump<RawMessage>(node, qos.EffectiveDepth, callback);
        node.Register(_pump);
        _transportSubscription = node.Context.Transport.SubscribeRaw(topic, rosTypeName, qos, _pump.Enqueue);
    }

    IEnumerable<object> ITransportBacked.TransportEndpoints => [_transportSubscription];

    public string Topic { get; }

    public string RosTypeName { get; }

    public QosProfile Qos { get; }

    public long Dropped => _pump.Dropped;

    public void Dispose()
    {
        _transportSubscription.Dispose();
        _pump.Close();
        _onDispose(this);
    }
}

/// <summary>The keep-last queue between a transport thread and the executor.</summary>
internal sealed class MessagePump<TMessage>(RosNode node, int depth, Action<TMessage> callback) : Executable(node)
{
    private readonly ConcurrentQueue<TMessage> _queue = new();
    private long _dropped;
    private volatile bool _closed;

    public long Dropped => Interlocked.Read(ref _dropped);

    protected override bool HasPending => !_closed && !_queue.IsEmpty;

    public void Enqueue(TMessage message)
    {
        if (_closed)
        {
            return;
        }
        _queue.Enqueue(message);
        while (_queue.Count > depth && _queue.TryDequeue(out _))
        {
            Interlocked.Increment(ref _dropped);
        }
        Notify();
    }

    protected override void RunOne()
    {
        if (!_closed && _queue.TryDequeue(out var message))
        {
            callback(message);
        }
    }

    public void Close()
    {
        _closed = true;
        _queue.Clear();
        Node.Unregister(this);
    }
}

/// <summary>
/// A periodic callback on the node's clock (wall, monotonic or simulated). Like rclcpp, a timer that falls behind
/// by more than a period skips the missed ticks instead of bursting.
/// </summary>
public sealed class RosTimer : IDisposable
{
    private readonly Tick _tick;
    private readonly Action<RosTimer> _onDispose;

    internal RosTimer(RosNode node, TimeSpan period, Action callback, Action<RosTimer> onDispose)
    {
        _onDispose = onDispose;
        if (period <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, "a timer period must be positive");
        }
        Period = period;
        _tick = new Tick(node, period.Ticks * 100, callback);
        node.AddTimer(this);
        node.Register(_tick);
    }

    public TimeSpan Period { get; }

    public bool IsCancelled => _tick.Cancelled;

    /// <summary>Checks the clock, queues a tick when due, and returns the (wall) time to wait before the next check.</summary>
    internal TimeSpan Poll() => _tick.Poll();

    public void Cancel() => _tick.Cancelled = true;

    public void Dispose()
    {
        Cancel();
        _tick.Remove();
        _onDispose(this);
    }

    private sealed class Tick(RosNode node, long periodNs, Action callback) : Executable(node)
    {
        private readonly IClock _clock = node.Clock;
        private long _nextNs = node.Clock.Now().TotalNanoseconds + periodNs;
        private int _pending;

        public volatile bool Cancelled;

        protected override bool HasPending => !Cancelled && Volatile.Read(ref _pending) > 0;

        public TimeSpan Poll()
        {
            if (Cancelled)
            {
                return TimeSpan.FromMilliseconds(100);
            }
            var now = _clock.Now().TotalNanoseconds;
            if (now >= _nextNs)
            {
                _nextNs += periodNs;
                if (_nextNs <= now)
                {
                    _nextNs = now + periodNs;
                }
                Interlocked.Exchange(ref _pending, 1);
                Notify();
            }
            // Simulated time does not follow the wall clock: look again soon instead of sleeping a period.
            return _clock.Kind == ClockKind.Simulated
                ? TimeSpan.FromMilliseconds(1)
                : TimeSpan.FromTicks(Math.Max(_nextNs - now, 0) / 100);
        }

        protected override void RunOne()
        {
            if (Interlocked.Exchange(ref _pending, 0) == 1 && !Cancelled)
            {
                callback();
            }
        }

        public void Remove() => Node.Unregister(this);
    }
}
