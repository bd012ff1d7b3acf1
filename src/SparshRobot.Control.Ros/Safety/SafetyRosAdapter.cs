using SparshRobot.Control.Safety;
using SparshRobot.Core.Robot;
using SparshRobot.Ros.Messages.GeometryMsgs;
using SparshRobot.Ros.Messages.StdMsgs;
using SparshRobot.Ros.Messages.StdSrvs;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Transport;
using RosString = SparshRobot.Ros.Messages.StdMsgs.String;
using RosTime = SparshRobot.Ros.Messages.BuiltinInterfaces.Time;

namespace SparshRobot.Control.Ros.Safety;

/// <summary>Topics and rates of a <see cref="SafetyRosAdapter"/>.</summary>
/// <param name="EStop">std_msgs/Bool, true = stop; reliable and transient-local (a latched stop reaches late joiners).</param>
/// <param name="Reset">std_srvs/Trigger: releases a latched e-stop, or replies why not.</param>
/// <param name="Heartbeat">std_msgs/Header from the operator's station (its frame_id names the station); its arrival time on this node's clock counts, not its stamp, so the two machines' clocks need not agree.</param>
/// <param name="Status">std_msgs/String: every transition with its reason; reliable and transient-local, the last <see cref="StatusDepth"/> kept for late joiners.</param>
/// <param name="PollHz">How often the inputs are re-checked without a command (a hold then begins within its deadline plus one period).</param>
public sealed record SafetyTopics(
    string EStop = "/safety/estop",
    string Reset = "/safety/reset",
    string Heartbeat = "/safety/heartbeat",
    string Status = "/safety/status",
    double PollHz = 100,
    int StatusDepth = 10)
{
    /// <summary>The e-stop's QoS: a stop published before this node started is still seen.</summary>
    public static QosProfile EStopQos => QosProfile.Latched;
}

/// <summary>
/// The ROS side of a <see cref="SafeHand"/>: e-stop topic, reset service, operator heartbeat, watched topics and the
/// status topic, plus a timer that keeps holding (and starts a hold) while no command comes. Thin: every decision is
/// the guard's. Wire it beside whatever commands the hand (<c>new SafetyRosAdapter(node, safeHand)</c>); in dry run give
/// the <see cref="SafeHand"/> a <see cref="ShadowCommandPublisher"/> as its shadow sink.
/// </summary>
public sealed class SafetyRosAdapter : IDisposable
{
    private readonly RosNode _node;
    private readonly SafeHand _hand;
    private readonly Publisher<RosString> _status;
    private readonly RosTimer _timer;

    public SafetyRosAdapter(RosNode node, SafeHand hand, SafetyTopics? topics = null)
    {
        _node = node;
        _hand = hand;
        Topics = topics ?? new SafetyTopics();
        if (!(Topics.PollHz > 0))
        {
            throw new ArgumentException($"safety poll rate {Topics.PollHz} Hz: expected a positive rate", nameof(topics));
        }
        _status = node.CreatePublisher<RosString>(Topics.Status, QosProfile.Latched with { Depth = Topics.StatusDepth });
        hand.Transitioned += e => _status.Publish(new RosString(e.ToString()));
        node.CreateSubscription<Bool>(Topics.EStop, m => hand.EStop(m.Data, Topics.EStop), SafetyTopics.EStopQos);
        node.CreateSubscription<Header>(Topics.Heartbeat, _ => hand.Heartbeat());
        node.CreateService<TriggerRequest, TriggerResponse>(Topics.Reset, _ =>
        {
            var result = hand.Reset();
            return new TriggerResponse(result.Accepted, result.Message);
        });
        _timer = node.CreateTimer(TimeSpan.FromSeconds(1 / Topics.PollHz), () => hand.Poll());
        var o = hand.Guard.Options;
        node.Logger.Info($"safety: {(o.DryRun ? "DRY RUN (commands go to the shadow sink only), " : "")}e-stop {Topics.EStop}, reset {Topics.Reset}, " +
            $"heartbeat {Topics.Heartbeat} ({(o.HeartbeatTimeout > 0 ? $"timeout {o.HeartbeatTimeout} s" : "not required")}), status {Topics.Status}; " +
            $"watching {(hand.Guard.Watched.Any() ? string.Join(", ", hand.Guard.Watched.Select(w => $"{w.Key} ({w.Value} s)")) : "no input streams")}");
    }

    public SafetyTopics Topics { get; }

    /// <summary>
    /// Feeds stream <paramref name="stream"/> from every message on <paramref name="topic"/> (of ROS type
    /// <paramref name="rosTypeName"/>, e.g. sensor_msgs/msg/Image), by arrival time. A stream the options do not watch
    /// needs a <paramref name="deadline"/>; give the publisher's QoS where it is best effort (camera images).
    /// </summary>
    public void WatchTopic(string stream, string topic, string rosTypeName, double? deadline = null, QosProfile? qos = null)
    {
        if (deadline is { } d)
        {
            _hand.Watch(stream, d);
        }
        else if (!_hand.Guard.IsWatched(stream))
        {
            throw new ArgumentException($"{_node.FullyQualifiedName}: stream '{stream}' ({topic}) has no deadline in safety.watchdog; give one");
        }
        _node.CreateRawSubscription(topic, rosTypeName, _ => _hand.Feed(stream), qos);
    }

    /// <summary>
    /// The safety options of <paramref name="node"/>: its <c>safety</c> section in the parameters file its
    /// <c>safety_params_file</c> parameter names; null when that is empty (no safety layer: the simulator, tests).
    /// </summary>
    public static SafetyOptions? LoadOptions(RosNode node)
    {
        var path = node.DeclareParameter("safety_params_file", "", "ROS 2 parameters file whose safety section (under this node's ros__parameters, or /**) sets the safety limits (docs/safety.md); empty: no safety layer");
        return path.Length == 0 ? null : SafetyOptions.Load(path, node.FullyQualifiedName);
    }

    public void Dispose() => _timer.Dispose();
}

/// <summary>
/// The dry-run sink: publishes each command on shadow topics of the same types the real command path uses
/// (geometry_msgs/PoseStamped, TwistStamped, std_msgs/Float64), so a dry run can be watched and recorded without the robot moving.
/// </summary>
public sealed class ShadowCommandPublisher(RosNode node, string prefix = "/safety/shadow", string frameId = "world")
{
    private readonly Publisher<PoseStamped> _pose = node.CreatePublisher<PoseStamped>(prefix + "/ee_target");
    private readonly Publisher<TwistStamped> _twist = node.CreatePublisher<TwistStamped>(prefix + "/ee_twist");
    private readonly Publisher<Float64> _grip = node.CreatePublisher<Float64>(prefix + "/grip_target");

    public HandCommand Write(HandCommand command)
    {
        var header = new Header(RosTime.From(node.Clock.Now()), frameId);
        if (command.GripTarget is { } grip)
        {
            _grip.Publish(new Float64(grip));
        }
        if (command.PoseTarget is { } pose)
        {
            _pose.Publish(new(header, Pose.From(pose)));
        }
        if (command.TwistTarget is { } twist)
        {
            _twist.Publish(new(header, Twist.From(twist)));
        }
        return command;
    }
}
