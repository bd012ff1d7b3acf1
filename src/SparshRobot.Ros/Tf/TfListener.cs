using SparshRobot.Ros.Messages.Tf2Msgs;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Transport;

namespace SparshRobot.Ros.Tf;

/// <summary>
/// Fills a <see cref="TfBuffer"/> from <c>/tf</c> and <c>/tf_static</c> on a node (whose executor must spin, as for any
/// subscription), with tf2_ros' listener QoS. A malformed transform is logged and skipped, not fatal.
/// </summary>
public sealed class TfListener : IDisposable
{
    /// <summary>tf2_ros DynamicListenerQoS: reliable, volatile, keep last 100.</summary>
    public static QosProfile DynamicQos { get; } = new(Reliability.Reliable, Durability.Volatile, History.KeepLast, 100);

    /// <summary>
    /// tf2_ros StaticListenerQoS: reliable, transient local, keep last 100 (geometry2 <c>tf2_ros/qos.hpp</c>; the
    /// broadcaster side keeps only 1, and sends every static transform of a process in that one message).
    /// </summary>
    public static QosProfile StaticQos { get; } = new(Reliability.Reliable, Durability.TransientLocal, History.KeepLast, 100);

    private readonly RosNode _node;
    private readonly IDisposable _dynamic;
    private readonly IDisposable _static;

    /// <param name="buffer">The buffer to fill; a new one on the node's clock with tf2's 10 s history when null.</param>
    public TfListener(RosNode node, TfBuffer? buffer = null, string tfTopic = "/tf", string tfStaticTopic = "/tf_static")
    {
        _node = node;
        Buffer = buffer ?? new TfBuffer(node.Clock.Kind);
        _dynamic = node.CreateSubscription<TFMessage>(tfTopic, m => Add(m, tfTopic, isStatic: false), DynamicQos);
        _static = node.CreateSubscription<TFMessage>(tfStaticTopic, m => Add(m, tfStaticTopic, isStatic: true), StaticQos);
    }

    public TfBuffer Buffer { get; }

    /// <summary>Raised on the node's executor after a message's transforms went into the buffer (true: from the static topic).</summary>
    public event Action<bool>? Updated;

    public void Dispose()
    {
        _dynamic.Dispose();
        _static.Dispose();
    }

    private void Add(TFMessage message, string topic, bool isStatic)
    {
        foreach (var transform in message.Transforms)
        {
            try
            {
                Buffer.Add(transform, isStatic);
            }
            catch (ArgumentException e)
            {
                _node.Logger.Warn($"{topic}: skipped a transform: {e.Message}");
            }
        }
        Updated?.Invoke(isStatic);
    }
}
