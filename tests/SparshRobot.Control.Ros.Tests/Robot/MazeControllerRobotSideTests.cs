using System.Collections.Concurrent;
using SparshRobot.Control.Ros.Robot.Stack;
using SparshRobot.Core.Geometry;
using SparshRobot.Core.Time;
using SparshRobot.Ros.Launch;
using SparshRobot.Ros.Messages.ControllerManagerMsgs;
using SparshRobot.Ros.Messages.GeometryMsgs;
using SparshRobot.Ros.Messages.MoveitMsgs;
using SparshRobot.Ros.Messages.SensorMsgs;
using SparshRobot.Ros.Messages.StdMsgs;
using SparshRobot.Ros.Messages.StdSrvs;
using SparshRobot.Ros.Messages.Tf2Msgs;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Transport;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Testing;
using Header = SparshRobot.Ros.Messages.StdMsgs.Header;
using RosString = SparshRobot.Ros.Messages.StdMsgs.String;
using RosTime = SparshRobot.Ros.Messages.BuiltinInterfaces.Time;

namespace SparshRobot.Control.Ros.Tests.Robot;

/// <summary>
/// The <c>maze_controller</c> node as a lab starts it against its own stack, played by the test on the in-process
/// transport: the pose from /tf, MoveIt Servo started and its halts halting the controller, the controllers checked,
/// and the safety layer's dry run.
/// </summary>
public class MazeControllerRobotSideTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>Runs the node until <paramref name="body"/> returns or the node stops, beside a lab node that <paramref name="wire"/> sets up.</summary>
    private static async Task RunController(string[] parameters, Action<RosNode> wire, Func<RosNode, Task> body, CancellationToken cancellation)
    {
        var registry = new NodeRegistry().RegisterControlNodes((_, profile) => BackgroundStore.FromImageFile(TestPaths.DigitBackground, profile));
        Assert.That(registry.TryGet(ControlNodes.MazeController, out var entry), Is.True);
        var arguments = RosArguments.Parse(["--ros-args", .. parameters.SelectMany(p => new[] { "-p", p })]);
        using var context = new RosContext(new InProcessTransport(), arguments);
        using var lab = new RosNode(context, "lab");
        wire(lab);
        using var executor = new Executor();
        executor.Add(lab);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var spin = Task.Run(() => executor.Spin(stop.Token));
        var log = new StringWriter();
        var node = Task.Run(() => entry.Main(new NodeLaunchContext(context, arguments, TextWriter.Synchronized(log), stop.Token)));
        try
        {
            // A node that stops early (a refused start) ends the run with its exception.
            await await Task.WhenAny(body(lab), node);
        }
        finally
        {
            stop.Cancel();
            await spin;
            try
            {
                await node;
            }
            finally
            {
                TestContext.Out.WriteLine(log.ToString());
            }
        }
    }

    private static void Await(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"waited {Patience.TotalSeconds} s for {what}");
            Thread.Sleep(5);
        }
    }

    private static TFMessage Tf(double seconds, Vec3 position) => new([new TransformStamped(new Header(RosTime.From(Timestamp.FromSeconds(seconds, ClockKind.Wall)), "base"), "pinch",
        new Transform(Vector3.From(position), Quaternion.From(Quat.Identity)))]);

    [Test]
    [CancelAfter(60_000)]
    public async Task StartsServoReadsThePoseFromTfAndHaltsWhileServoHalts(CancellationToken cancellation)
    {
        var calls = new ConcurrentQueue<string>();
        var twists = new ConcurrentQueue<TwistStamped>();
        var states = new ConcurrentQueue<string>();
        Publisher<TFMessage>? tf = null;
        Publisher<ServoStatus>? status = null;
        await RunController(["stack:=tactile-servo", "arm_interface:=servo", "start_servo:=true", "ros_distro:=jazzy", "pose_source:=tf", "base_frame:=base", "ee_frame:=pinch",
            "servo_rate_hz:=0.0"], lab =>
        {
            lab.CreateService<ServoCommandTypeRequest, ServoCommandTypeResponse>("/servo_node/switch_command_type", r =>
            {
                calls.Enqueue($"switch_command_type {r.CommandType}");
                return new ServoCommandTypeResponse(true);
            });
            lab.CreateService<SetBoolRequest, SetBoolResponse>("/servo_node/pause_servo", r =>
            {
                calls.Enqueue($"pause_servo {r.Data}");
                return new SetBoolResponse(true, "");
            });
            lab.CreateSubscription<TwistStamped>("/servo_node/delta_twist_cmds", twists.Enqueue);
            lab.CreateSubscription<RosString>("/control/state", m => states.Enqueue(m.Data));
            tf = lab.CreatePublisher<TFMessage>("/tf", SparshRobot.Ros.Tf.TfListener.DynamicQos);
            status = lab.CreatePublisher<ServoStatus>("/servo_node/status");
        }, async lab =>
        {
            Await(() => calls.Count == 2, "Servo to be switched to twists and unpaused");
            Assert.That(calls, Is.EqualTo(new[] { "switch_command_type 1", "pause_servo False" }));
            var t = 100.0;
            void Step()
            {
                t += 1.0 / 60;
                tf!.Publish(Tf(t, new Vec3(0.5, 0, 0.2)));
            }
            Step();
            Await(() => !twists.IsEmpty, "a twist answering the /tf pose");
            Assert.That(twists.First().Header.Stamp.ToTimestamp(ClockKind.Wall).TotalNanoseconds, Is.EqualTo(Timestamp.FromSeconds(t, ClockKind.Wall).TotalNanoseconds).Within(1));
            status!.Publish(new ServoStatus(5, "Very close to collision. Halting."));
            Await(() => { Step(); return states.Any(s => s.Contains("Halted", StringComparison.Ordinal)); }, "the controller to halt with Servo");
            status.Publish(new ServoStatus(0, "No warnings"));
            states.Clear();
            Await(() => { Step(); return states.Any(s => !s.Contains("Halted", StringComparison.Ordinal)); }, "the controller to resume with Servo");
            await Task.CompletedTask;
        }, cancellation);
    }

    [Test]
    [CancelAfter(60_000)]
    public void RefusesToStartWhenARequiredControllerIsNotActive(CancellationToken cancellation)
    {
        var e = Assert.ThrowsAsync<ControllersNotActiveException>(() => RunController(
            ["stack:=tactile-servo", "arm_interface:=forward_velocity", "required_controllers:=[forward_velocity_controller, gripper_force_controller]", "ros_distro:=jazzy",
                "stack_timeout:=5.0"],
            lab => lab.CreateService<ListControllersRequest, ListControllersResponse<Jazzy>>("/controller_manager/list_controllers", _ => new(
            [
                new ControllerState<Jazzy>("forward_velocity_controller", "active", "forward_command_controller/ForwardCommandController", false, 0, [], [], [], false, false, [], [], []),
                new ControllerState<Jazzy>("gripper_force_controller", "inactive", "forward_command_controller/ForwardCommandController", false, 0, [], [], [], false, false, [], [], []),
            ])),
            _ => Task.Delay(TimeSpan.FromSeconds(30), cancellation), cancellation))!;
        Assert.That(e.Message, Does.Contain("gripper_force_controller").And.Contain("inactive").And.Not.Contain("forward_velocity_controller is"));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task TheSafetyWatchdogHearsTheImagesTheControllerReads(CancellationToken cancellation)
    {
        var file = Path.Combine(TestPaths.NewTempDirectory("safety").FullName, "safety.yaml");
        File.WriteAllText(file, "maze_controller:\n  ros__parameters:\n    safety:\n      heartbeat_timeout: 0.0\n      watchdog:\n        tactile: 0.3\n        plan: 0.0\n        pose: 5.0\n");
        var status = new ConcurrentQueue<string>();
        Publisher<PoseStamped>? pose = null;
        Publisher<Image>? thumb = null;
        await RunController(["stack:=tactile-servo", $"safety_params_file:={file}"], lab =>
        {
            lab.CreateSubscription<RosString>("/safety/status", m => status.Enqueue(m.Data), QosProfile.Latched with { Depth = 10 });
            pose = lab.CreatePublisher<PoseStamped>("/robot/ee_pose");
            thumb = lab.CreatePublisher<Image>("/tactile/thumb/image_raw", QosProfile.SensorData);
        }, async lab =>
        {
            var t = 50.0;
            void Tick(bool withImage)
            {
                t += 1.0 / 60;
                var header = new Header(RosTime.From(Timestamp.FromSeconds(t, ClockKind.Wall)), "digit_thumb");
                if (withImage)
                {
                    thumb!.Publish(new Image(header, 240, 320, "rgb8", 0, 960, new byte[240 * 960]));
                }
                pose!.Publish(new PoseStamped(header with { FrameId = "world" }, Pose.From(new Pose3(new Vec3(0.5, 0, 0.2), Quat.Identity))));
                Thread.Sleep(10);
            }
            Await(() => { Tick(withImage: false); return status.Any(s => s.Contains("-> Holding", StringComparison.Ordinal) && s.Contains("tactile", StringComparison.Ordinal)); },
                "a hold for the silent tactile stream");
            Await(() => { Tick(withImage: true); return status.Any(s => s.Contains("Holding -> ", StringComparison.Ordinal)); }, "the images to release the hold");
            await Task.CompletedTask;
        }, cancellation);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task ADryRunPublishesOnlyOnTheShadowTopics(CancellationToken cancellation)
    {
        var file = Path.Combine(TestPaths.NewTempDirectory("safety").FullName, "safety.yaml");
        File.WriteAllText(file, "maze_controller:\n  ros__parameters:\n    safety:\n      heartbeat_timeout: 0.0\n      watchdog:\n        tactile: 0.0\n        plan: 0.0\n        pose: 1.0\n      dry_run: true\n");
        var real = new ConcurrentQueue<TwistStamped>();
        var shadow = new ConcurrentQueue<TwistStamped>();
        Publisher<PoseStamped>? pose = null;
        await RunController(["stack:=tactile-servo", "arm_interface:=servo", $"safety_params_file:={file}"], lab =>
        {
            lab.CreateSubscription<TwistStamped>("/servo_node/delta_twist_cmds", real.Enqueue);
            lab.CreateSubscription<TwistStamped>("/safety/shadow/ee_twist", shadow.Enqueue);
            pose = lab.CreatePublisher<PoseStamped>("/robot/ee_pose");
        }, async lab =>
        {
            var t = 50.0;
            Await(() =>
            {
                t += 1.0 / 60;
                pose!.Publish(new PoseStamped(new Header(RosTime.From(Timestamp.FromSeconds(t, ClockKind.Wall)), "world"), Pose.From(new Pose3(new Vec3(0.5, 0, 0.2), Quat.Identity))));
                return shadow.Count >= 5;
            }, "commands on the shadow topic");
            await Task.Delay(200, cancellation);
            Assert.That(real, Is.Empty, "a dry run never reaches Servo");
        }, cancellation);
    }
}
