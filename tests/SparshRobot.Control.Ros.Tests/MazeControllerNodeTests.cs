using System.Collections.Concurrent;
using SparshRobot.Control.Estimation;
using SparshRobot.Control.Ros.Robot;
using SparshRobot.Core.Geometry;
using SparshRobot.Core.Kinematics;
using SparshRobot.Core.Robot;
using SparshRobot.Core.Sensing;
using SparshRobot.Core.Time;
using SparshRobot.Encoder;
using SparshRobot.Encoder.Checkpoints;
using SparshRobot.Encoder.Model;
using SparshRobot.Encoder.Probes;
using SparshRobot.Policy.Ros.Nodes;
using SparshRobot.Policy.Runtime;
using SparshRobot.Policy.Spec;
using SparshRobot.Ros.Launch;
using SparshRobot.Ros.Messages.GeometryMsgs;
using SparshRobot.Ros.Messages.SensorMsgs;
using SparshRobot.Ros.Messages.SparshRobotMsgs;
using SparshRobot.Ros.Messages.StdMsgs;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Transport;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Tactile.Profiles;
using SparshRobot.Testing;
using static TorchSharp.torch;
using Header = SparshRobot.Ros.Messages.StdMsgs.Header;
using NavPath = SparshRobot.Ros.Messages.NavMsgs.Path;
using RosTime = SparshRobot.Ros.Messages.BuiltinInterfaces.Time;

namespace SparshRobot.Control.Ros.Tests;

/// <summary>The controller node beside a lock-stepped simulator and a policy node, both played by the test.</summary>
[Category("torch")]
public class MazeControllerNodeTests
{
    [Test]
    [CancelAfter(30_000)]
    public void AnObservationDueAPlanIsAnsweredOnlyOnceItsPlanOrItsNoPlanArrived(CancellationToken cancellation)
    {
        var controller = new MazeController(ControlStack.BcForce, MazeControlOptions.Default, 10, new ActionSpec(["dx", "dy", "dz"], 8, 5));
        using var graph = new ControllerGraph(controller, new MazeControllerNodeOptions(new TactileTopics(), LockStep: true), cancellation);
        var (feed, controllerNode) = (graph.Feed, graph.ControllerNode);
        var answers = new ConcurrentQueue<Timestamp>();
        feed.CreateSubscription<PoseStamped>("/robot/ee_target", m => answers.Enqueue(m.Header.Stamp.ToTimestamp(ClockKind.Simulated)));
        feed.CreateSubscription<TwistStamped>("/robot/ee_twist", m => answers.Enqueue(m.Header.Stamp.ToTimestamp(ClockKind.Simulated)));
        var pose = feed.CreatePublisher<PoseStamped>("/robot/ee_pose");
        var plans = feed.CreatePublisher<NavPath>("/policy/ee_trajectory");
        graph.Spin();
        var hand = new Pose3(new Vec3(0.1, 0.2, 0.3), Quat.Identity);
        static Timestamp At(double seconds) => Timestamp.FromSeconds(seconds, ClockKind.Simulated);
        void Observe(double seconds) => pose.Publish(new PoseStamped(new Header(RosTime.From(At(seconds)), "world"), Pose.From(hand)));
        void Plan(double seconds) => plans.Publish(TrajectoryPath.ToPath(new PlannedTrajectory(At(seconds), Quat.Identity,
            [new Waypoint(At(seconds + 0.1), hand.Position + new Vec3(0.001, 0, 0))], hand.Position), "world"));
        void AwaitAnswers(int count)
        {
            while (answers.Count < count)
            {
                Thread.Sleep(1);
                cancellation.ThrowIfCancellationRequested();
            }
        }
        bool Silent(int count)
        {
            Thread.Sleep(200);
            return answers.Count == count;
        }

        Observe(0);
        Assert.That(Silent(0), Is.True, "the first observation waits for its plan");
        Plan(0);
        AwaitAnswers(1);
        Observe(1 / 60.0);
        AwaitAnswers(2);
        Assert.That(controller.Follower!.Plans, Is.EqualTo(1), "the plan went to the follower");

        Observe(0.1);
        Assert.That(Silent(2), Is.True, "the next control period's first observation waits again");
        plans.Publish(TrajectoryPath.NoPlan(At(0.1), "world"));
        AwaitAnswers(3);

        // A plan for an observation already answered is not followed later.
        Plan(1 / 60.0);
        Observe(0.1 + 1 / 60.0);
        AwaitAnswers(4);
        graph.Stop();
        Assert.Multiple(() =>
        {
            Assert.That(answers, Is.EqualTo(new[] { At(0), At(1 / 60.0), At(0.1), At(0.1 + 1 / 60.0) }));
            Assert.That((controllerNode.AwaitedPlans, controllerNode.UnduePlans, controllerNode.RejectedPlans), Is.EqualTo((2L, 1L, 0L)));
            Assert.That(controller.Follower!.Plans, Is.EqualTo(1), "neither the no-plan nor the undue plan reached the follower");
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public void TheGripStateReachesTheControllerWithItsFingerOffset(CancellationToken cancellation)
    {
        using var graph = new ControllerGraph(new MazeController(ControlStack.TactileServo), new MazeControllerNodeOptions(new TactileTopics(), LockStep: true), cancellation);
        var (feed, controllerNode) = (graph.Feed, graph.ControllerNode);
        var answers = new ConcurrentQueue<Timestamp>();
        feed.CreateSubscription<TwistStamped>("/robot/ee_twist", m => answers.Enqueue(m.Header.Stamp.ToTimestamp(ClockKind.Simulated)));
        var pose = feed.CreatePublisher<PoseStamped>("/robot/ee_pose");
        var grip = feed.CreatePublisher<GripForce>("/gripper/force_state");
        graph.Spin();
        static Timestamp At(double seconds) => Timestamp.FromSeconds(seconds, ClockKind.Simulated);
        EeObservation Observe(int tick)
        {
            pose.Publish(new PoseStamped(new Header(RosTime.From(At(tick / 60.0)), "world"), Pose.From(new Pose3(new Vec3(0.1, 0.2, 0.3), Quat.Identity))));
            while (answers.Count < tick + 1)
            {
                Thread.Sleep(1);
                cancellation.ThrowIfCancellationRequested();
            }
            return controllerNode.LastObservation;
        }

        var before = Observe(0);
        // The simulator's order: the grip state goes out before the pose that starts the tick.
        grip.Publish(new(new Header(RosTime.From(At(1 / 60.0)), "world"), 2.0, 2.5, 0.0012));
        var reported = Observe(1);
        grip.Publish(new(new Header(RosTime.From(At(2 / 60.0)), "world"), 1.5, 2.5));
        var coupled = Observe(2);
        graph.Stop();
        Assert.Multiple(() =>
        {
            Assert.That(double.IsNaN(before.FingerOffset), Is.True, "no grip state yet: no finger reading");
            Assert.That((reported.GripForce, reported.GripTarget, reported.FingerOffset), Is.EqualTo((2.0, 2.5, 0.0012)));
            Assert.That(coupled.GripForce, Is.EqualTo(1.5));
            Assert.That(double.IsNaN(coupled.FingerOffset), Is.True, "a gripper with coupled fingers reports none");
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public void OnAJointInterfaceAnObservationIsAnsweredOnlyOnceItsJointStateArrived(CancellationToken cancellation)
    {
        var chain = Path.Combine(TestPaths.RepoRoot, "launch", "params", "kinematics", "franka_panda.yaml");
        var robot = new RobotInterfaceOptions(Arm: ArmInterface.ForwardJointVelocity, Kinematics: chain);
        using var graph = new ControllerGraph(new MazeController(ControlStack.TactileServo),
            new MazeControllerNodeOptions(new TactileTopics(), LockStep: true, Robot: robot), cancellation);
        var feed = graph.Feed;
        var answers = new ConcurrentQueue<double[]>();
        feed.CreateSubscription<Float64MultiArray>(robot.ForwardJointVelocityTopic, m => answers.Enqueue(m.Data));
        var pose = feed.CreatePublisher<PoseStamped>("/robot/ee_pose");
        var states = feed.CreatePublisher<JointState>("/joint_states");
        graph.Spin();
        var panda = ChainFile.Load(chain);
        var stamp = RosTime.From(Timestamp.FromSeconds(1, ClockKind.Simulated));
        pose.Publish(new PoseStamped(new Header(stamp, "world"), Pose.From(panda.Forward([.. panda.Home]))));
        Thread.Sleep(200);
        Assert.That(answers, Is.Empty, "the pose waits for its joint state");
        states.Publish(new JointState(new Header(stamp, "world"), panda.JointNames, [.. panda.Home], [], []));
        while (answers.IsEmpty)
        {
            Thread.Sleep(1);
            cancellation.ThrowIfCancellationRequested();
        }
        graph.Stop();
        Assert.That(answers.Single(), Has.Length.EqualTo(7));
    }

    /// <summary>
    /// The controller node (classical estimator on the shared DIGIT background) and a feed node that plays the
    /// simulator and the policy, on one in-process context. Wire the feed's topics, then <see cref="Spin"/>.
    /// </summary>
    private sealed class ControllerGraph : IDisposable
    {
        private readonly ControlLoop _loop;
        private readonly RosContext _context;
        private readonly RosNode _node;
        private readonly Executor _executor = new();
        private readonly CancellationTokenSource _stop;
        private Task? _spin;

        public ControllerGraph(MazeController controller, MazeControllerNodeOptions options, CancellationToken cancellation)
        {
            var background = BackgroundStore.FromImageFile(TestPaths.DigitBackground, SensorProfile.Digit);
            _loop = new ControlLoop(controller, new ClassicalTactileEstimator(background, background));
            _context = new RosContext(new InProcessTransport());
            _node = new RosNode(_context, "maze_controller");
            Feed = new RosNode(_context, "feed");
            ControllerNode = new MazeControllerNode(_node, _loop, options, 60);
            _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        }

        public RosNode Feed { get; }

        public MazeControllerNode ControllerNode { get; }

        public void Spin()
        {
            _executor.Add(_node);
            _executor.Add(Feed);
            _spin = Task.Run(() => _executor.Spin(_stop.Token));
        }

        /// <summary>Stops the executor and waits for it, so assertions read settled state.</summary>
        public void Stop()
        {
            _stop.Cancel();
            _spin?.Wait();
        }

        public void Dispose()
        {
            Stop();
            _stop.Dispose();
            _executor.Dispose();
            Feed.Dispose();
            _node.Dispose();
            _context.Dispose();
            _loop.Dispose();
        }
    }
}

/// <summary>The control nodes' probe parameters: the full stack's estimator in a ROS graph.</summary>
[Category("torch")]
public class ControlNodesProbeTests
{
    private static RosArguments Parameters(params string[] assignments) =>
        RosArguments.Parse(["--ros-args", .. assignments.SelectMany(a => new[] { "-p", a })]);

    private static (Task<int> Run, StringWriter Log) Start(string executable, RosArguments arguments, CancellationToken cancellation)
    {
        var registry = new NodeRegistry().RegisterControlNodes((_, profile) => BackgroundStore.FromImageFile(TestPaths.DigitBackground, profile));
        Assert.That(registry.TryGet(executable, out var entry), Is.True);
        var log = new StringWriter();
        var context = new RosContext(new InProcessTransport());
        var run = Task.Run(() =>
        {
            using (context)
            {
                return entry!.Main(new NodeLaunchContext(context, arguments, TextWriter.Synchronized(log), cancellation));
            }
        });
        return (run, log);
    }

    [Test]
    public void ProbesWithoutTheirEncoderOrWithAMissingOneAreRefusedByName()
    {
        var (run, _) = Start(ControlNodes.MazeController, Parameters("stack:=full", "probes:=/no/probes"), CancellationToken.None);
        Assert.That(() => run.GetAwaiter().GetResult(), Throws.ArgumentException.With.Message.Contains("probe_encoder"));
        (run, _) = Start(ControlNodes.TactileState, Parameters("probes:=/no/probes", "probe_encoder:=/no/encoder.safetensors"), CancellationToken.None);
        Assert.That(() => run.GetAwaiter().GetResult(), Throws.TypeOf<FileNotFoundException>().With.Message.Contains("/no/encoder.safetensors"));
        (run, _) = Start(ControlNodes.TactileState, Parameters("probes:=/no/probes", "probe_encoder:=/no/encoder.safetensors", "probe_slip_bias:=.nan"), CancellationToken.None);
        Assert.That(() => run.GetAwaiter().GetResult(), Throws.ArgumentException.With.Message.Contains("probe_slip_bias is NaN"));
        (run, _) = Start(ControlNodes.MazeController, Parameters("stack:=full", "probes:=/no/probes", "probe_encoder:=/no/encoder.safetensors", "probe_slip_bias:=25.0"), CancellationToken.None);
        Assert.That(() => run.GetAwaiter().GetResult(), Throws.ArgumentException.With.Message.Contains("probe_slip_bias is 25").And.Message.Contains("within ±20"));
    }

    [Test]
    public async Task TheFullStacksControllerRunsTheProbeEstimator()
    {
        var dir = TestPaths.NewTempDirectory("node-probes");
        try
        {
            var (probes, encoderPath) = TinyProbes(dir.FullName);
            using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            var (run, log) = Start(ControlNodes.MazeController, Parameters("stack:=full", $"probes:={probes}", $"probe_encoder:={encoderPath}"), stop.Token);
            Assert.That(await run, Is.Zero);
            Assert.That(log.ToString(), Does.Contain("stack full, probe estimator in-process"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>tactile_state's <c>probe_slip_bias</c> reaches the estimator, its default the estimator's: the published slip probability moves by that logit.</summary>
    [Test]
    [CancelAfter(60_000)]
    public async Task TheSlipBiasParameterMovesThePublishedSlipReadingByItsLogit(CancellationToken cancellation)
    {
        var dir = TestPaths.NewTempDirectory("node-slip-bias");
        try
        {
            var (probes, encoderPath) = TinyProbes(dir.FullName);
            var background = BackgroundStore.FromImageFile(TestPaths.DigitBackground, SensorProfile.Digit);
            async Task<double> Slip(params string[] extra)
            {
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
                var context = new RosContext(new InProcessTransport());
                var node = Task.Run(() =>
                {
                    Assert.That(new NodeRegistry().RegisterControlNodes((_, profile) => BackgroundStore.FromImageFile(TestPaths.DigitBackground, profile))
                        .TryGet(ControlNodes.TactileState, out var entry), Is.True);
                    return entry!.Main(new NodeLaunchContext(context, Parameters([$"probes:={probes}", $"probe_encoder:={encoderPath}", .. extra]), TextWriter.Null, stop.Token));
                }, cancellation);
                using (context)
                using (var feeder = new RosNode(context, "feeder"))
                {
                    var contacts = new ConcurrentQueue<FingerContact>();
                    feeder.CreateSubscription<FingerContact>("/tactile/thumb/contact", contacts.Enqueue);
                    var images = feeder.CreatePublisher<Image>("/tactile/thumb/image_raw");
                    using var executor = new Executor();
                    executor.Add(feeder);
                    var spin = Task.Run(() => executor.Spin(stop.Token), cancellation);
                    // The node subscribes once its models are loaded: the first frame that reaches it is the one published.
                    for (var k = 1; contacts.IsEmpty; k++)
                    {
                        images.Publish(Image.From(new TactileFrame("digit_thumb", Timestamp.FromSeconds(k / 60.0, ClockKind.Wall), k, background.Width, background.Height,
                            PixelEncoding.Rgb8, background.Rgb)));
                        await Task.Delay(50, cancellation);
                    }
                    await stop.CancelAsync();
                    Assert.That(await node, Is.Zero);
                    await spin;
                    var contact = contacts.First();
                    Assert.That(contact.Health, Is.EqualTo(FingerContact.HealthOk));
                    return contact.SlipProbability;
                }
            }
            static double Logit(double p) => Math.Log(p / (1 - p));
            var unbiased = await Slip("probe_slip_bias:=0.0");
            Assert.That(unbiased, Is.InRange(0.001, 0.999), "the untrained probe is undecided");
            Assert.That(Logit(await Slip("probe_slip_bias:=2.5")) - Logit(unbiased), Is.EqualTo(2.5).Within(1e-3));
            Assert.That(Logit(await Slip()) - Logit(unbiased), Is.EqualTo(new ProbeEstimatorOptions().SlipLogitBias).Within(1e-3), "the default is the estimator's");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>An untrained encoder (32-wide, one block) and its three probes under <paramref name="dir"/>.</summary>
    private static (string Probes, string Encoder) TinyProbes(string dir)
    {
        var encoderPath = Path.Combine(dir, "encoder.safetensors");
        manual_seed(1);
        using (var model = new SparshVit(new VitConfig { EmbedDim = 32, Depth = 1, NumHeads = 2 }))
        {
            SafetensorsWriter.Write(encoderPath, model.state_dict(), new Dictionary<string, string> { ["num_heads"] = "2" });
        }
        string identity;
        using (var encoder = TactileEncoder.Open(encoderPath))
        {
            identity = encoder.Identity;
        }
        foreach (var task in new[] { ProbeTask.Force, ProbeTask.Slip, ProbeTask.Pose })
        {
            var folder = Directory.CreateDirectory(Path.Combine(dir, "probes", task.ToString().ToLowerInvariant())).FullName;
            using var probe = new TaskProbe(task, 32, 2);
            new ProbeCheckpoint(task, 32, 2, identity, encoderPath, ProbeNormalization.Digit).Save(Path.Combine(folder, "probe.safetensors"), probe);
        }
        return (Path.Combine(dir, "probes"), encoderPath);
    }
}
