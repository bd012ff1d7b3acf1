using SparshRobot.Core.Geometry;
using SparshRobot.Ros.Dds;
using SparshRobot.Ros.Messages.Tf2Msgs;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Tests.Services;
using SparshRobot.Ros.Tf;
using SparshRobot.Ros.Transport;
using static SparshRobot.Ros.Tests.Dds.DdsTestSupport;
using static SparshRobot.Ros.Tests.Tf.TfBufferTests;

namespace SparshRobot.Ros.Tests.Tf;

/// <summary>The listener over the in-process transport and over Cyclone DDS on loopback, with tf2_ros' publisher QoS.</summary>
[Category("dds")]
public class TfListenerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>tf2_ros StaticBroadcasterQoS: transient local, keep last 1.</summary>
    private static readonly QosProfile StaticBroadcaster = new(Reliability.Reliable, Durability.TransientLocal, History.KeepLast, 1);

    [TestCase(false)]
    [TestCase(true)]
    public void LateListenerGetsStaticTransformsAndFollowsDynamicOnes(bool dds)
    {
        using var context = new RosContext(dds ? new DdsTransport(Localhost(NewDomainId())) : new InProcessTransport());
        using var broadcaster = new RosNode(context, "robot_state_publisher");
        var statics = broadcaster.CreatePublisher<TFMessage>("/tf_static", StaticBroadcaster);
        var dynamics = broadcaster.CreatePublisher<TFMessage>("/tf", TfListener.DynamicQos);
        // Published before anyone listens: only transient-local durability can deliver it.
        statics.Publish(new TFMessage([
            Edge("world", "base", 0, new Vec3(0, 1, 0), Quat.Identity),
            Edge("flange", "tool", 0, new Vec3(0, 0, 0.1), Quat.Identity),
            Edge("world", "", 0, Vec3.Zero, Quat.Identity),
        ]));

        using var node = new SpunNode(context, "tf_listener");
        using var listener = new TfListener(node.Node);
        Assert.That(WaitUntil(() => listener.Buffer.Frames.Count == 4, Patience), Is.True,
            $"static transforms reach a late listener; it has {string.Join(", ", listener.Buffer.Frames)}");
        Assert.That(WaitUntil(() => dynamics.MatchedSubscriptions > 0, Patience), Is.True);
        for (var t = 1; t <= 3; t++)
        {
            dynamics.Publish(new TFMessage([Edge("base", "flange", t, new Vec3(0.1 * t, 0, 0), Quat.Identity)]));
        }

        Assert.That(WaitUntil(() => listener.Buffer.TryLookup("world", "tool", out var tool, out _) && tool!.Stamp.TotalSeconds == 3, Patience),
            Is.True, "the newest dynamic transform arrives");
        var latest = listener.Buffer.Lookup("world", "tool").Transform;
        Assert.That((latest.Position - new Vec3(0.3, 1, 0.1)).Norm, Is.LessThan(1e-12));
        var earlier = listener.Buffer.Lookup("world", "tool", Core.Time.Timestamp.FromSeconds(1.5, listener.Buffer.Clock)).Transform;
        Assert.That((earlier.Position - new Vec3(0.15, 1, 0.1)).Norm, Is.LessThan(1e-12));
        Assert.That(listener.Buffer.Frames, Is.EqualTo(new[] { "base", "flange", "tool", "world" }), "the malformed transform was skipped");
    }
}
