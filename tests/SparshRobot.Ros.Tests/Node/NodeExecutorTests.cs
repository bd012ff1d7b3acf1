using SparshRobot.Core.Time;
using SparshRobot.Ros.Dds;
using SparshRobot.Ros.Messages.GeometryMsgs;
using SparshRobot.Ros.Messages.SensorMsgs;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Tests.Dds;
using SparshRobot.Ros.Tests.Transport;
using SparshRobot.Ros.Transport;
using Header = SparshRobot.Ros.Messages.StdMsgs.Header;
using Time = SparshRobot.Ros.Messages.BuiltinInterfaces.Time;

namespace SparshRobot.Ros.Tests.Node;

[TestFixture]
[Category("dds")]
public class NodeExecutorTests
{
    private static PoseStamped Pose(int i) => TestMessages.PoseStamped(new Header(new Time(i, 0), "map"), i, 0, 0, 0, 0, 0, 1);

    [Test]
    public void InProcessDeliversTheSameObjectWithoutSerializing()
    {
        using var context = new RosContext(new InProcessTransport());
        using var executor = new Executor();
        using var talker = new RosNode(context, "talker", "/robot");
        using var listener = new RosNode(context, "listener", "/robot");
        var received = new List<PoseStamped>();
        listener.CreateSubscription<PoseStamped>("pose", received.Add);
        var pub = talker.CreatePublisher<PoseStamped>("/robot/pose");
        executor.Add(talker);
        executor.Add(listener);

        var sent = Pose(1);
        pub.Publish(sent);
        executor.SpinSome(TimeSpan.FromMilliseconds(50));
        Assert.That(received, Has.Count.EqualTo(1));
        Assert.That(received[0], Is.SameAs(sent));
    }

    [Test]
    public void KeepLastDropsTheOldestWhenTheCallbackFallsBehind()
    {
        using var context = new RosContext(new InProcessTransport());
        using var executor = new Executor();
        using var node = new RosNode(context, "n");
        var received = new List<int>();
        var sub = node.CreateSubscription<PoseStamped>("p", m => received.Add(m.Header.Stamp.Sec), QosProfile.SensorData);
        var pub = node.CreatePublisher<PoseStamped>("p", QosProfile.SensorData);
        executor.Add(node);
        for (var i = 0; i < 8; i++)
        {
            pub.Publish(Pose(i));
        }
        executor.SpinSome(TimeSpan.FromMilliseconds(50));
        Assert.That(received, Is.EqualTo(new[] { 3, 4, 5, 6, 7 }), "sensor_data keeps the last 5");
        Assert.That(sub.Dropped, Is.EqualTo(3));
    }

    [Test]
    public void InProcessHonoursQosMatchingAndTransientLocal()
    {
        using var context = new RosContext(new InProcessTransport());
        using var executor = new Executor();
        using var node = new RosNode(context, "n");
        executor.Add(node);
        var bestEffort = node.CreatePublisher<PoseStamped>("a", QosProfile.SensorData);
        var reliableGot = 0;
        node.CreateSubscription<PoseStamped>("a", _ => reliableGot++, QosProfile.Default);
        Assert.That(bestEffort.MatchedSubscriptions, Is.Zero);
        bestEffort.Publish(Pose(1));

        var latched = node.CreatePublisher<PoseStamped>("b", QosProfile.Latched);
        latched.Publish(Pose(1));
        latched.Publish(Pose(2));
        var late = new List<int>();
        node.CreateSubscription<PoseStamped>("b", m => late.Add(m.Header.Stamp.Sec), QosProfile.Latched);
        executor.SpinSome(TimeSpan.FromMilliseconds(50));
        Assert.That(reliableGot, Is.Zero);
        Assert.That(late, Is.EqualTo(new[] { 2 }), "a late transient-local subscriber gets the last sample");
    }

    [Test]
    public void TimersFollowASimulatedClock()
    {
        var clock = new SimulatedClock();
        using var context = new RosContext(new InProcessTransport(), clock: clock);
        using var executor = new Executor();
        using var node = new RosNode(context, "n");
        var ticks = 0;
        node.CreateTimer(TimeSpan.FromMilliseconds(100), () => ticks++);
        executor.Add(node);
        executor.SpinSome(TimeSpan.FromMilliseconds(20));
        Assert.That(ticks, Is.Zero, "no simulated time has passed");
        for (var i = 0; i < 5; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(100));
            executor.SpinSome(TimeSpan.FromMilliseconds(5));
        }
        Assert.That(ticks, Is.EqualTo(5));
        clock.Advance(TimeSpan.FromSeconds(10));
        executor.SpinSome(TimeSpan.FromMilliseconds(5));
        Assert.That(ticks, Is.EqualTo(6), "missed periods are skipped, not replayed");
    }

    [Test]
    public void MultiThreadedExecutorRunsEntitiesInParallelButNeverOneEntityTwice()
    {
        using var context = new RosContext(new InProcessTransport());
        using var executor = new Executor(threads: 4);
        using var node = new RosNode(context, "n");
        var inside = new int[2];
        var maxInside = new int[2];
        var overlapAcross = 0;
        var done = new CountdownEvent(40);
        void Handler(int which)
        {
            var now = Interlocked.Increment(ref inside[which]);
            InterlockedMax(ref maxInside[which], now);
            if (Volatile.Read(ref inside[1 - which]) > 0)
            {
                Interlocked.Exchange(ref overlapAcross, 1);
            }
            Thread.Sleep(5);
            Interlocked.Decrement(ref inside[which]);
            done.Signal();
        }
        var qos = QosProfile.Default with { Depth = 100 };
        node.CreateSubscription<PoseStamped>("a", _ => Handler(0), qos);
        node.CreateSubscription<PoseStamped>("b", _ => Handler(1), qos);
        var a = node.CreatePublisher<PoseStamped>("a", qos);
        var b = node.CreatePublisher<PoseStamped>("b", qos);
        executor.Add(node);
        using var stop = new CancellationTokenSource();
        var spin = Task.Run(() => executor.Spin(stop.Token));
        for (var i = 0; i < 20; i++)
        {
            a.Publish(Pose(i));
            b.Publish(Pose(i));
        }
        Assert.That(done.Wait(TimeSpan.FromSeconds(10)), "callbacks did not all run");
        stop.Cancel();
        spin.Wait(TimeSpan.FromSeconds(5));
        Assert.That(maxInside, Is.EqualTo(new[] { 1, 1 }), "one subscription ran concurrently with itself");
        Assert.That(overlapAcross, Is.EqualTo(1), "two subscriptions never ran in parallel on 4 threads");
    }

    [Test]
    public void CallbackExceptionStopsSpinAndIsRethrown()
    {
        using var context = new RosContext(new InProcessTransport());
        using var executor = new Executor();
        using var node = new RosNode(context, "n");
        node.CreateSubscription<PoseStamped>("a", _ => throw new InvalidOperationException("boom"));
        executor.Add(node);
        node.CreatePublisher<PoseStamped>("a").Publish(Pose(1));
        var e = Assert.Throws<InvalidOperationException>(() => executor.Spin(CancellationToken.None));
        Assert.That(e!.Message, Is.EqualTo("boom"));
    }

    [Test]
    public void TransportIsConfigurationNotCode()
    {
        var domain = DdsTestSupport.NewDomainId();
        Environment.SetEnvironmentVariable("ROS_DOMAIN_ID", domain.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Environment.SetEnvironmentVariable("ROS_AUTOMATIC_DISCOVERY_RANGE", "LOCALHOST");
        Environment.SetEnvironmentVariable(TransportFactory.EnvironmentVariable, null);
        try
        {
            using var inproc = RosContext.FromCommandLine(["--ros-args", "-p", "transport:=inprocess"]);
            Assert.That(inproc.Transport.Kind, Is.EqualTo("inprocess"));

            // No option at all is DDS: a node started the ROS 2 way is on the domain, and hears an explicit DDS node.
            using var a = RosContext.FromCommandLine([]);
            using var b = RosContext.FromCommandLine(["--ros-args", "-p", "transport:=dds"]);
            Assert.That(a.Transport.Kind, Is.EqualTo("dds"));
            Assert.That(((DdsTransport)a.Transport).Options.DomainId, Is.EqualTo(domain));

            // The same node code talks across two DDS participants.
            using var talker = new RosNode(a, "talker");
            using var listener = new RosNode(b, "listener");
            using var executor = new Executor();
            executor.Add(listener);
            var got = new List<PoseStamped>();
            listener.CreateSubscription<PoseStamped>("chatter", got.Add);
            var pub = talker.CreatePublisher<PoseStamped>("chatter");
            Assert.That(DdsTestSupport.WaitUntil(() => pub.MatchedSubscriptions == 1, TimeSpan.FromSeconds(10)));
            pub.Publish(Pose(42));
            Assert.That(DdsTestSupport.WaitUntil(() => executor.SpinSome(TimeSpan.FromMilliseconds(10)) > 0 || got.Count > 0, TimeSpan.FromSeconds(10)));
            Assert.That(got.Single(), Is.EqualTo(Pose(42)));
            Assert.Throws<ArgumentException>(() => RosContext.FromCommandLine(["--ros-args", "-p", "transport:=carrier_pigeon"]));
        }
        finally
        {
            Environment.SetEnvironmentVariable("ROS_DOMAIN_ID", null);
            Environment.SetEnvironmentVariable("ROS_AUTOMATIC_DISCOVERY_RANGE", null);
        }
    }

    [Test]
    public void TheEnvironmentSelectsInProcessAndAParameterOverridesIt()
    {
        Environment.SetEnvironmentVariable(TransportFactory.EnvironmentVariable, "inprocess");
        try
        {
            Assert.That(TransportFactory.SelectKind(RosArguments.Parse([])), Is.EqualTo(TransportFactory.InProcess));
            Assert.That(TransportFactory.SelectKind(RosArguments.Parse(["--ros-args", "-p", "transport:=dds"])), Is.EqualTo(TransportFactory.Dds));
            Environment.SetEnvironmentVariable(TransportFactory.EnvironmentVariable, "pigeon");
            var e = Assert.Throws<ArgumentException>(() => TransportFactory.SelectKind(RosArguments.Parse([])));
            Assert.That(e!.Message, Does.Contain("$SPARSH_TRANSPORT").And.Contain("'pigeon'").And.Contain("'inprocess' or 'dds'"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(TransportFactory.EnvironmentVariable, null);
        }
    }

    [Test]
    public void ADdsTransportThatCannotStartSaysWhyAndHowToRunInProcess()
    {
        var e = TransportFactory.DdsUnavailable("Cyclone DDS (libddsc) not found: tried libddsc.so", TransportFactory.InProcessOption);
        Assert.That(e.Message, Does.Contain("DDS transport").And.Contain("cannot start").And.Contain("libddsc) not found"));
        Assert.That(e.Message, Does.Contain("--ros-args -p transport:=inprocess").And.Contain("SPARSH_TRANSPORT=inprocess"));

        // The option the message names is one that really selects the in-process transport.
        var named = TransportFactory.InProcessOption.Split(' ')[..3];
        Assert.That(TransportFactory.SelectKind(RosArguments.Parse(named)), Is.EqualTo(TransportFactory.InProcess));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
