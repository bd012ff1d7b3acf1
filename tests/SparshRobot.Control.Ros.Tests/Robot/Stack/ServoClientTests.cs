using System.Collections.Concurrent;
using SparshRobot.Control.Ros.Robot.Stack;
using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Messages.MoveitMsgs;
using SparshRobot.Ros.Messages.StdMsgs;
using SparshRobot.Ros.Messages.StdSrvs;

namespace SparshRobot.Control.Ros.Tests.Robot.Stack;

/// <summary>The client against a fake servo_node written with our own node API, over DDS, with each distro's services and status.</summary>
public class ServoClientTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static ServoClientOptions Options(InterfaceDistro distro) => new() { Distro = distro, Timeout = Patience };

    /// <summary>Serves both APIs' services on the fake node, recording each call; <paramref name="refuse"/> makes them fail.</summary>
    private static ConcurrentQueue<string> ServeServo(StackGraph graph, bool refuse = false)
    {
        var calls = new ConcurrentQueue<string>();
        var node = graph.Stack;
        node.CreateService<TriggerRequest, TriggerResponse>("/servo_node/start_servo", _ =>
        {
            calls.Enqueue("start_servo");
            return new TriggerResponse(!refuse, refuse ? "robot state is not up to date" : "");
        });
        node.CreateService<TriggerRequest, TriggerResponse>("/servo_node/stop_servo", _ =>
        {
            calls.Enqueue("stop_servo");
            return new TriggerResponse(true, "");
        });
        node.CreateService<ServoCommandTypeRequest, ServoCommandTypeResponse>("/servo_node/switch_command_type", r =>
        {
            calls.Enqueue($"switch_command_type {r.CommandType}");
            return new ServoCommandTypeResponse(!refuse);
        });
        node.CreateService<SetBoolRequest, SetBoolResponse>("/servo_node/pause_servo", r =>
        {
            calls.Enqueue($"pause_servo {r.Data}");
            return new SetBoolResponse(true, "");
        });
        return calls;
    }

    [TestCase(InterfaceDistro.Humble, new[] { "start_servo", "stop_servo" })]
    [TestCase(InterfaceDistro.Jazzy, new[] { "switch_command_type 1", "pause_servo False", "pause_servo True" })]
    [CancelAfter(60_000)]
    public async Task StartsTwistServoingAndStopsIt(InterfaceDistro distro, string[] expected, CancellationToken cancellation)
    {
        using var graph = new StackGraph("servo_node");
        var calls = ServeServo(graph);
        using var servo = new ServoClient(graph.Client, Options(distro));
        graph.Spin();

        await servo.StartTwistAsync(cancellation);
        await servo.StopAsync(cancellation);

        Assert.That(calls, Is.EqualTo(expected));
        Assert.That(servo.TwistTopic, Is.EqualTo("/servo_node/delta_twist_cmds"));
    }

    [TestCase(InterfaceDistro.Humble, "/servo_node/start_servo failed: robot state is not up to date")]
    [TestCase(InterfaceDistro.Jazzy, "/servo_node/switch_command_type refused command type TWIST (1)")]
    [CancelAfter(60_000)]
    public void ARefusedStartSaysWhichServiceAndWhy(InterfaceDistro distro, string expected, CancellationToken cancellation)
    {
        using var graph = new StackGraph("servo_node");
        ServeServo(graph, refuse: true);
        using var servo = new ServoClient(graph.Client, Options(distro));
        graph.Spin();

        var e = Assert.ThrowsAsync<InvalidOperationException>(() => servo.StartTwistAsync(cancellation))!;

        Assert.That(e.Message, Is.EqualTo(expected));
    }

    [Test]
    [CancelAfter(60_000)]
    public void HumbleInt8StatusCodesRaiseEventsOnChangeWithHalts()
    {
        using var graph = new StackGraph("servo_node");
        var status = graph.Stack.CreatePublisher<Int8>("/servo_node/status", ServoClient.CommandQos);
        var events = StatusEvents(graph, InterfaceDistro.Humble, out var servo);
        using (servo)
        {
            // Humble: 3 decelerates for a collision, 4 halts for it, 5 is a joint bound; 0 repeats every cycle.
            foreach (sbyte code in new sbyte[] { 0, 0, 3, 4, 5, 0 })
            {
                Publish(servo, () => status.Publish(new Int8(code)), code);
            }

            Assert.That(events.Select(e => (e.Code, e.Severity, e.Text)), Is.EqualTo(new (sbyte, ServoSeverity, string)[]
            {
                (0, ServoSeverity.Normal, "No warnings"),
                (3, ServoSeverity.Decelerate, "Close to a collision, decelerating"),
                (4, ServoSeverity.Halt, "Collision detected, emergency stop"),
                (5, ServoSeverity.Halt, "Close to a joint bound (position or velocity), halting"),
                (0, ServoSeverity.Normal, "No warnings"),
            }));
            Assert.That(events.Select(e => e.IsHalt), Is.EqualTo(new[] { false, false, true, true, false }));
        }
    }

    [Test]
    [CancelAfter(60_000)]
    public void JazzyServoStatusRaisesEventsWithServosText()
    {
        using var graph = new StackGraph("servo_node");
        var status = graph.Stack.CreatePublisher<ServoStatus>("/servo_node/status", ServoClient.CommandQos);
        var events = StatusEvents(graph, InterfaceDistro.Jazzy, out var servo);
        using (servo)
        {
            (sbyte Code, string Text)[] sent =
            [
                (ServoStatus.NoWarning, "No warnings"),
                (ServoStatus.DecelerateForLeavingSingularity, "Moving away from a singularity, decelerating"),
                (ServoStatus.HaltForSingularity, "Very close to a singularity, emergency stop"),
                (ServoStatus.JointBound, "panda_joint4 close to a position limit. Halting."),
                (ServoStatus.Invalid, ""),
            ];
            foreach (var (code, text) in sent)
            {
                Publish(servo, () => status.Publish(new ServoStatus(code, text)), code);
            }

            Assert.That(events.Select(e => (e.Code, e.Severity, e.Text)), Is.EqualTo(new (sbyte, ServoSeverity, string)[]
            {
                (0, ServoSeverity.Normal, "No warnings"),
                (3, ServoSeverity.Decelerate, "Moving away from a singularity, decelerating"),
                (2, ServoSeverity.Halt, "Very close to a singularity, emergency stop"),
                (6, ServoSeverity.Halt, "panda_joint4 close to a position limit. Halting."),
                (-1, ServoSeverity.Invalid, "Invalid"),
            }));
        }
    }

    [TestCase(InterfaceDistro.Humble, 3, ServoSeverity.Decelerate)]
    [TestCase(InterfaceDistro.Jazzy, 3, ServoSeverity.Decelerate)]
    [TestCase(InterfaceDistro.Humble, 4, ServoSeverity.Halt)]
    [TestCase(InterfaceDistro.Jazzy, 4, ServoSeverity.Decelerate)]
    [TestCase(InterfaceDistro.Humble, 6, ServoSeverity.Decelerate)]
    [TestCase(InterfaceDistro.Jazzy, 6, ServoSeverity.Halt)]
    [TestCase(InterfaceDistro.Jazzy, 42, ServoSeverity.Invalid)]
    public void TheSameCodeMeansWhatItsDistroSays(InterfaceDistro distro, int code, ServoSeverity expected)
    {
        var status = ServoStatusEvent.From(distro, (sbyte)code);
        Assert.That(status.Severity, Is.EqualTo(expected));
        Assert.That(status.Text, code == 42 ? Is.EqualTo("unknown Servo status code 42") : Is.Not.Empty);
    }

    private static ConcurrentQueue<ServoStatusEvent> StatusEvents(StackGraph graph, InterfaceDistro distro, out ServoClient servo)
    {
        var events = new ConcurrentQueue<ServoStatusEvent>();
        servo = new ServoClient(graph.Client, Options(distro));
        servo.StatusChanged += events.Enqueue;
        graph.Spin();
        return events;
    }

    /// <summary>Servo's status topic keeps only the last sample, so each one is awaited before the next goes out.</summary>
    private static void Publish(ServoClient servo, Action publish, sbyte code)
    {
        var deadline = DateTime.UtcNow + Patience;
        do
        {
            publish();
        }
        while (!StackGraph.WaitUntil(() => servo.LastStatus?.Code == code, TimeSpan.FromMilliseconds(200)) && DateTime.UtcNow < deadline);
        Assert.That(servo.LastStatus?.Code, Is.EqualTo(code), "the status reached the client");
    }
}
