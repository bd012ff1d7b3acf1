using System.Collections.Concurrent;
using System.Diagnostics;
using SparshRobot.Control.Laws;
using SparshRobot.Control.Ros.Robot;
using SparshRobot.Control.Ros.Safety;
using SparshRobot.Control.Safety;
using SparshRobot.Core.Geometry;
using SparshRobot.Core.Robot;
using SparshRobot.Ros.Dds;
using SparshRobot.Ros.Messages.GeometryMsgs;
using SparshRobot.Ros.Messages.StdMsgs;
using SparshRobot.Ros.Messages.StdSrvs;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Transport;
using CoreTwist = SparshRobot.Core.Geometry.Twist;
using Header = SparshRobot.Ros.Messages.StdMsgs.Header;
using RosString = SparshRobot.Ros.Messages.StdMsgs.String;
using RosTime = SparshRobot.Ros.Messages.BuiltinInterfaces.Time;

namespace SparshRobot.Control.Ros.Tests.Safety;

/// <summary>The safety adapter on a ROS graph: an operator node, the guarded hand's node, and the command topics watched.</summary>
public sealed class SafetyRosAdapterTests
{
    /// <summary>The robot on its command topics (<see cref="RosRobotHand"/>), reporting a fresh pose at every read.</summary>
    private sealed class TopicHand(RosNode node) : IHand
    {
        private readonly RosRobotHand _robot = new(new RobotCommandWriter(node, RobotInterfaceOptions.Default));

        public EeObservation Read()
        {
            _robot.Observe(new EeObservation(node.Clock.Now(), new Pose3(new Vec3(0, 0, 0.1), Quat.Identity), 0, 0));
            return _robot.Read();
        }

        public HandCommand Write(HandCommand command) => _robot.Write(command);
    }

    /// <summary>A graph with a spinning executor; nodes are added as the test makes them.</summary>
    private sealed class Graph : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Executor _executor = new();
        private readonly Task _spin;

        public Graph(bool dds)
        {
            Context = new RosContext(dds
                ? new DdsTransport(new DdsTransportOptions((uint)Random.Shared.Next(100, 200), DiscoveryRange.Localhost))
                : new InProcessTransport());
            _spin = Task.Run(() => _executor.Spin(_stop.Token));
        }

        public RosContext Context { get; }

        public RosNode Node(string name)
        {
            var node = new RosNode(Context, name);
            _executor.Add(node);
            return node;
        }

        public void Dispose()
        {
            _stop.Cancel();
            _spin.Wait();
            _executor.Dispose();
            Context.Dispose();
        }
    }

    private static SafetyOptions Options(double heartbeat = 0, bool dryRun = false) =>
        new(MotionLimitOptions.Default, HoldGrip: 1.5, HeartbeatTimeout: heartbeat, Deadlines: new Dictionary<string, double>(), DryRun: dryRun);

    private static void WaitFor(Func<bool> condition, string what, double seconds = 10)
    {
        var wall = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.That(wall.Elapsed.TotalSeconds, Is.LessThan(seconds), $"timed out waiting for {what}");
            Thread.Sleep(5);
        }
    }

    [TestCase(false)]
    [TestCase(true)]
    [CancelAfter(60_000)]
    public async Task A_latched_e_stop_reaches_a_late_joiner_holds_and_resets_only_once_released(bool dds, CancellationToken cancellation)
    {
        using var graph = new Graph(dds);
        var operatorNode = graph.Node("operator");
        var estop = operatorNode.CreatePublisher<Bool>("/safety/estop", SafetyTopics.EStopQos);
        var twists = new ConcurrentQueue<TwistStamped>();
        var grips = new ConcurrentQueue<Float64>();
        var status = new ConcurrentQueue<string>();
        operatorNode.CreateSubscription<TwistStamped>("/robot/ee_twist", twists.Enqueue);
        operatorNode.CreateSubscription<Float64>("/gripper/force_target", grips.Enqueue);
        operatorNode.CreateSubscription<RosString>("/safety/status", m => status.Enqueue(m.Data), QosProfile.Latched with { Depth = 10 });
        // The stop is pressed before the robot side is up.
        estop.Publish(new Bool(true));

        var robotNode = graph.Node("robot");
        var hand = new SafeHand(new TopicHand(robotNode), Options(), robotNode.Clock);
        using var adapter = new SafetyRosAdapter(robotNode, hand);
        WaitFor(() => hand.State == SafetyState.EStopLatched, "the latched e-stop to reach the late joiner");
        WaitFor(() => !twists.IsEmpty, "the hold on the command topic");
        Assert.That(twists.All(t => t.Twist.ToCore() == CoreTwist.Zero), Is.True);
        Assert.That(hand.Write(new HandCommand(TwistTarget: new CoreTwist(new Vec3(0.05, 0, 0), Vec3.Zero), GripTarget: 4)).TwistTarget, Is.EqualTo(CoreTwist.Zero));
        WaitFor(() => grips.Any(g => g.Data == 1.5), "the hold grip");

        var reset = operatorNode.CreateClient<TriggerRequest, TriggerResponse>("/safety/reset");
        var refused = await reset.CallAsync(new TriggerRequest(), TimeSpan.FromSeconds(10), cancellation);
        Assert.That(refused.Success, Is.False);
        Assert.That(refused.Message, Does.Contain("still asserted"));
        estop.Publish(new Bool(false));
        WaitFor(() => !hand.Guard.EStopAsserted, "the release to arrive");
        Assert.That(hand.State, Is.EqualTo(SafetyState.EStopLatched), "releasing alone does not reset");
        var accepted = await reset.CallAsync(new TriggerRequest(), TimeSpan.FromSeconds(10), cancellation);
        Assert.That(accepted.Success, Is.True, accepted.Message);
        Assert.That(hand.State, Is.Not.EqualTo(SafetyState.EStopLatched));
        WaitFor(() => status.Any(s => s.Contains("e-stop reset", StringComparison.Ordinal)), "the reset on the status topic");
        Assert.That(status.First(), Does.Contain("Ok -> EStopLatched: e-stop asserted (/safety/estop)"));
    }

    [TestCase(false)]
    [CancelAfter(60_000)]
    public void A_lost_heartbeat_stops_the_arm_within_its_timeout_and_a_silent_topic_within_its_deadline(bool dds)
    {
        using var graph = new Graph(dds);
        var operatorNode = graph.Node("operator");
        var heartbeat = operatorNode.CreatePublisher<Header>("/safety/heartbeat");
        var joints = operatorNode.CreatePublisher<Bool>("/joint_ok");
        var zeroAt = new ConcurrentQueue<long>();
        operatorNode.CreateSubscription<TwistStamped>("/robot/ee_twist", t =>
        {
            if (t.Twist.ToCore() == CoreTwist.Zero)
            {
                zeroAt.Enqueue(Stopwatch.GetTimestamp());
            }
        });
        var robotNode = graph.Node("robot");
        var hand = new SafeHand(new TopicHand(robotNode), Options(heartbeat: 0.3), robotNode.Clock);
        using var adapter = new SafetyRosAdapter(robotNode, hand);
        adapter.WatchTopic("joints", "/joint_ok", Bool.TypeName, deadline: 0.3);
        var move = new HandCommand(TwistTarget: new CoreTwist(new Vec3(0.02, 0, 0), Vec3.Zero));

        void Beat() => heartbeat.Publish(new Header(RosTime.From(operatorNode.Clock.Now()), "station"));
        void Joint() => joints.Publish(new Bool(true));

        // Feeds both inputs and commands at 50 Hz until the hand moves freely for a second, then stops feeding
        // one of them (keeping the other) and returns how long after that the command topic carried the hold.
        double StopDelay(Action keep, Action silenced, string reason)
        {
            var fresh = 0;
            for (var i = 0; fresh < 50; i++)
            {
                Assert.That(i, Is.LessThan(500), () => $"never moved freely: {hand.Guard.HoldReason}");
                keep();
                silenced();
                hand.Write(move);
                fresh = hand.State == SafetyState.Holding ? 0 : fresh + 1;
                Thread.Sleep(20);
            }
            zeroAt.Clear();
            var silentSince = Stopwatch.GetTimestamp();
            var wall = Stopwatch.StartNew();
            while (zeroAt.IsEmpty)
            {
                Assert.That(wall.Elapsed.TotalSeconds, Is.LessThan(5), $"no hold for {reason}");
                keep();
                Thread.Sleep(20);
            }
            Assert.That(hand.Guard.HoldReason, Does.Contain(reason));
            var delay = Stopwatch.GetElapsedTime(silentSince, zeroAt.First()).TotalSeconds;
            TestContext.Out.WriteLine($"{reason}: first zero twist {delay:F3} s after the input stopped ({hand.Guard.HoldReason})");
            return delay;
        }

        // The input stopped at most one feeding period (20 ms) before the clock started; the hold is due at the
        // deadline plus a poll (10 ms) and delivery. The upper bound leaves room for a loaded machine (a clean-clone
        // run beside an evaluation measured 0.53 s) while still failing a deadline counted twice (0.6 s).
        const double late = 0.3 + 0.29;
        Assert.That(StopDelay(Joint, Beat, "heartbeat silent"), Is.InRange(0.25, late), "a lost heartbeat stops the arm within its 0.3 s timeout");
        Assert.That(StopDelay(Beat, Joint, "joints input silent"), Is.InRange(0.25, late), "a silent topic stops the arm within its 0.3 s deadline");
        Assert.That(hand.Guard.Holds(HoldCause.Heartbeat), Is.EqualTo(1));
        Assert.That(hand.Guard.Holds(HoldCause.Watchdog), Is.EqualTo(1));
    }

    [Test]
    [CancelAfter(30_000)]
    public void Dry_run_publishes_on_the_shadow_topics_and_never_on_the_real_command_topics()
    {
        using var graph = new Graph(false);
        var observer = graph.Node("observer");
        var real = new ConcurrentQueue<string>();
        var shadow = new ConcurrentQueue<string>();
        observer.CreateSubscription<TwistStamped>("/robot/ee_twist", _ => real.Enqueue("twist"));
        observer.CreateSubscription<PoseStamped>("/robot/ee_target", _ => real.Enqueue("pose"));
        observer.CreateSubscription<Float64>("/gripper/force_target", _ => real.Enqueue("grip"));
        observer.CreateSubscription<TwistStamped>("/safety/shadow/ee_twist", _ => shadow.Enqueue("twist"));
        observer.CreateSubscription<PoseStamped>("/safety/shadow/ee_target", _ => shadow.Enqueue("pose"));
        observer.CreateSubscription<Float64>("/safety/shadow/grip_target", _ => shadow.Enqueue("grip"));
        var estop = observer.CreatePublisher<Bool>("/safety/estop", SafetyTopics.EStopQos);
        var robotNode = graph.Node("robot");
        var hand = new SafeHand(new TopicHand(robotNode), Options(dryRun: true), robotNode.Clock, new ShadowCommandPublisher(robotNode).Write);
        using var adapter = new SafetyRosAdapter(robotNode, hand);
        for (var i = 0; i < 20; i++)
        {
            hand.Write(new HandCommand(TwistTarget: new CoreTwist(new Vec3(0.05, 0, 0), Vec3.Zero), GripTarget: 3));
            hand.Write(new HandCommand(PoseTarget: new Pose3(new Vec3(0, 0, 0.1), Quat.Identity), GripTarget: 3));
            Thread.Sleep(5);
        }
        estop.Publish(new Bool(true));
        WaitFor(() => hand.State == SafetyState.EStopLatched, "the e-stop");
        Thread.Sleep(200);
        WaitFor(() => shadow.Count(s => s == "twist") >= 20 && shadow.Count(s => s == "pose") >= 20 && shadow.Count(s => s == "grip") >= 40, "the shadow commands");
        Assert.That(real, Is.Empty, "dry run: nothing on the real command topics, not even the holds");
    }
}
