using SparshRobot.Ros.Node;
using SparshRobot.Ros.Transport;

namespace SparshRobot.Ros.Launch;

/// <summary>Nodes of package sparsh_robot that only need this layer.</summary>
public static class BuiltinNodes
{
    /// <summary>
    /// Adds <c>relay</c>: republishes every message from topic <c>in</c> to topic <c>out</c> unchanged (like
    /// topic_tools relay); parameters <c>type</c> (ROS type, required) and <c>qos</c> (profile, default
    /// <c>default</c>). Remap <c>in</c>/<c>out</c> to choose the topics.
    /// </summary>
    public static NodeRegistry RegisterBuiltins(this NodeRegistry registry) =>
        registry.Register("relay", "republish topic 'in' to 'out' (parameters: type, qos)", c =>
        {
            using var node = new RosNode(c.Context, "relay", options: c.NodeOptions);
            var type = node.DeclareParameter("type", "", "ROS type of the relayed topic, e.g. sensor_msgs/msg/Image");
            var qos = QosProfile.Parse(node.DeclareParameter("qos", "default"));
            if (type.Length == 0)
            {
                node.Logger.Error("parameter 'type' is required (e.g. -p type:=sensor_msgs/msg/Image)");
                return Task.FromResult(2);
            }
            using var executor = new Executor();
            var output = node.CreateRawPublisher("out", type, qos);
            var input = node.CreateRawSubscription("in", type, m => output.Write(m.Data.Span), qos);
            node.Logger.Info($"relaying {input.Topic} -> {node.ResolveTopicName("out")} ({type}, {qos})");
            executor.Add(node);
            executor.Spin(c.Cancellation);
            return Task.FromResult(0);
        });
}
