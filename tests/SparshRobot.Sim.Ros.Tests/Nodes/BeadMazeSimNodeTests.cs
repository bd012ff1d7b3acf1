using System.Collections.Concurrent;
using SparshRobot.Core.Geometry;
using SparshRobot.Ros.Actions;
using SparshRobot.Ros.Launch;
using SparshRobot.Ros.Messages.ActionMsgs;
using SparshRobot.Ros.Messages.Actions;
using SparshRobot.Ros.Messages.ControlMsgs;
using SparshRobot.Ros.Messages.GeometryMsgs;
using SparshRobot.Ros.Messages.RosgraphMsgs;
using SparshRobot.Ros.Messages.SensorMsgs;
using SparshRobot.Ros.Messages.SparshRobotMsgs;
using SparshRobot.Ros.Messages.StdMsgs;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Transport;
using SparshRobot.Sim.Ros.Nodes;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Tactile.Profiles;
using SparshRobot.Testing;
using RosTime = SparshRobot.Ros.Messages.BuiltinInterfaces.Time;
using RosTwist = SparshRobot.Ros.Messages.GeometryMsgs.Twist;

namespace SparshRobot.Sim.Ros.Tests.Nodes;

/// <summary>The simulator as a ROS 2 node on the in-process transport, driven through its command topics.</summary>
[Category("dds")]
public class BeadMazeSimNodeTests
{
    private static RosArguments Parameters(params string[] assignments) =>
        RosArguments.Parse(["--ros-args", .. assignments.SelectMany(a => new[] { "-p", a })]);

    /// <summary>
    /// Runs <c>bead_maze_sim</c> to its end in a graph of its own, beside an observer node that <paramref name="wire"/>
    /// gives its subscriptions and publishers first; returns the exit code and the node's log.
    /// </summary>
    private static async Task<(int Code, string Log)> RunSim(RosArguments arguments, Action<RosNode> wire, CancellationToken shutdown = default)
    {
        var registry = new NodeRegistry().RegisterSimNodes(_ => BackgroundStore.FromImageFile(TestPaths.DigitBackground, SensorProfile.Digit));
        Assert.That(registry.TryGet(SimNodes.BeadMazeSim, out var entry), Is.True);
        using var context = new RosContext(new InProcessTransport(), arguments);
        using var observer = new RosNode(context, "observer");
        wire(observer);
        using var executor = new Executor();
        executor.Add(observer);
        using var stop = new CancellationTokenSource();
        var spin = Task.Run(() => executor.Spin(stop.Token));
        var log = new StringWriter();
        var code = await Task.Run(() => entry.Main(new NodeLaunchContext(context, arguments, log, shutdown)));
        stop.Cancel();
        await spin;
        TestContext.Out.WriteLine(log.ToString());
        return (code, log.ToString());
    }

    private static long Nanoseconds(RosTime t) => t.Sec * 1_000_000_000L + t.Nanosec;

    [Test]
    public async Task PublishesTouchPoseTruthAndClockAndFollowsPoseTargets()
    {
        var images = 0;
        var compressed = new ConcurrentQueue<CompressedImage>();
        var clocks = new ConcurrentQueue<ClockMsg>();
        var truths = new ConcurrentQueue<BeadGroundTruth>();
        var poses = new ConcurrentQueue<PoseStamped>();
        var (code, _) = await RunSim(Parameters("real_time_factor:=1.0", "time_limit:=2.0", "maze:=easy:0"), observer =>
        {
            observer.CreateSubscription<Image>("/tactile/thumb/image_raw", _ => Interlocked.Increment(ref images), QosProfile.SensorData);
            observer.CreateSubscription<CompressedImage>("/tactile/index/image_raw/compressed", compressed.Enqueue, QosProfile.SensorData);
            observer.CreateSubscription<ClockMsg>("/clock", clocks.Enqueue);
            observer.CreateSubscription<BeadGroundTruth>("/sim/ground_truth", truths.Enqueue);
            var target = observer.CreatePublisher<PoseStamped>("/robot/ee_target");
            var grip = observer.CreatePublisher<Float64>("/gripper/force_target");
            observer.CreateSubscription<PoseStamped>("/robot/ee_pose", pose =>
            {
                poses.Enqueue(pose);
                if (poses.Count == 1)
                {
                    // Real time, so the commands arrive early: open the hand and lift it 5 cm from where it starts.
                    var start = pose.Pose.ToCore();
                    grip.Publish(new Float64(0.0));
                    target.Publish(new PoseStamped(pose.Header, Pose.From(new Pose3(start.Position + new Vec3(0, 0, 0.05), start.Orientation))));
                }
            });
        });

        var first = poses.First().Pose.ToCore();
        var last = poses.Last().Pose.ToCore();
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero);
            Assert.That(images, Is.InRange(100, 125), "2 s of 60 Hz touch");
            Assert.That(compressed, Has.Count.InRange(100, 125), "each DIGIT also on image_transport's compressed topic");
            Assert.That(compressed.Select(c => (c.Format, c.Header.FrameId)).Distinct(), Is.EqualTo(new[] { ("rgb8; jpeg compressed bgr8", "digit_index") }));
            Assert.That(truths, Has.Count.InRange(100, 125));
            Assert.That(clocks.Select(c => Nanoseconds(c.Clock)), Is.Ordered.Ascending, "/clock never goes back");
            Assert.That(last.Position.Z - first.Position.Z, Is.EqualTo(0.05).Within(0.01), "the hand tracked the commanded target");
            Assert.That(truths.Last().Grasped, Is.False, "a zero grip target opens the hand");
        });
    }

    [Test]
    public async Task TheGripperActionGraspsTheBeadStalledAndOpensTheHand()
    {
        var patience = TimeSpan.FromSeconds(5);
        var feedback = new ConcurrentQueue<GripperCommandFeedback>();
        var states = new ConcurrentQueue<GripForce>();
        var truths = new ConcurrentQueue<BeadGroundTruth>();
        Task<(ClientGoalHandle<GripperCommandFeedback> Bad, GetResultResponse<GripperCommandResult> Grasp, GetResultResponse<GripperCommandResult> Open)>? driving = null;
        var (code, _) = await RunSim(Parameters("real_time_factor:=1.0", "time_limit:=3.0", "maze:=easy:0"), observer =>
        {
            observer.CreateSubscription<GripForce>("/gripper/force_state", states.Enqueue);
            observer.CreateSubscription<BeadGroundTruth>("/sim/ground_truth", truths.Enqueue);
            var gripper = observer.CreateActionClient<GripperCommandGoal, GripperCommandResult, GripperCommandFeedback>(SimGripperAction.ActionName);
            driving = Task.Run(async () =>
            {
                Assert.That(await gripper.WaitForServerAsync(patience), Is.True, "the simulator serves the gripper action");
                var bad = await gripper.SendGoalAsync(new GripperCommandGoal(new GripperCommand(double.NaN, 5)), timeout: patience);
                var grasp = await gripper.SendGoalAsync(new GripperCommandGoal(new GripperCommand(0, 8)), (_, f) => feedback.Enqueue(f), patience);
                var grasped = await gripper.GetResultAsync(grasp, patience);
                var open = await gripper.SendGoalAsync(new GripperCommandGoal(new GripperCommand(0.05, 0)), timeout: patience);
                return (bad, grasped, await gripper.GetResultAsync(open, patience));
            });
        });

        var (bad, grasp, open) = await driving!;
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero);
            Assert.That(bad.Accepted, Is.False, "a goal with a NaN position is rejected");
            Assert.That(grasp.Status, Is.EqualTo(GoalStatus.StatusSucceeded));
            Assert.That(grasp.Result.Stalled && !grasp.Result.ReachedGoal, Is.True, "the pads stop at the bead, short of position 0");
            Assert.That(grasp.Result.Effort, Is.EqualTo(8).Within(SimGripperAction.ForceTolerance));
            Assert.That(grasp.Result.Position, Is.EqualTo(0.012).Within(1e-9), "the opening is the bead's width");
            Assert.That(feedback.Select(f => f.Effort).ToList(), Is.Ordered.Ascending.And.Count.GreaterThan(2), "the force rises towards 8 N in the feedback");
            Assert.That(states.Any(s => Math.Abs(s.Target - 8) < 1e-9 && Math.Abs(s.Force - 8) < 0.1), Is.True, "/gripper/force_state shows the grasp");
            Assert.That(states.Select(s => s.FingerOffset), Is.All.Not.NaN, "the simulated hand reports its finger positions");
            Assert.That(states.Last().FingerOffset, Is.Zero, "open fingers rest centred");
            Assert.That(open.Status, Is.EqualTo(GoalStatus.StatusSucceeded));
            Assert.That(open.Result.ReachedGoal && !open.Result.Stalled, Is.True);
            Assert.That(open.Result.Position, Is.EqualTo(0.05));
            Assert.That(open.Result.Effort, Is.LessThanOrEqualTo(SimGripperAction.ForceTolerance));
            Assert.That(truths.Last().Grasped, Is.False, "opening released the bead");
        });
    }

    [Test]
    public async Task LockStepRunsReplayExactlyWhateverTheControllerTakes()
    {
        async Task<List<BeadGroundTruth>> Run()
        {
            var truths = new ConcurrentQueue<BeadGroundTruth>();
            var (code, _) = await RunSim(Parameters("lock_step:=true", "real_time_factor:=0.0", "time_limit:=0.6", "maze:=easy:0"), observer =>
            {
                observer.CreateSubscription<BeadGroundTruth>("/sim/ground_truth", truths.Enqueue);
                var target = observer.CreatePublisher<PoseStamped>("/robot/ee_target");
                observer.CreateSubscription<PoseStamped>("/robot/ee_pose", pose =>
                {
                    // Far slower than the simulator runs flat out; the stamp says which observation this answers.
                    Thread.Sleep(15);
                    var reported = pose.Pose.ToCore();
                    target.Publish(new PoseStamped(pose.Header, Pose.From(new Pose3(reported.Position + new Vec3(0.002, 0, 0.001), reported.Orientation))));
                });
            });
            Assert.That(code, Is.Zero);
            return [.. truths];
        }

        var first = await Run();
        var second = await Run();
        Assert.Multiple(() =>
        {
            Assert.That(first, Has.Count.EqualTo(36), "0.6 s of 60 Hz ground truth");
            Assert.That(first.Last().TrueEePose.Position.Z - first.First().TrueEePose.Position.Z, Is.GreaterThan(0.003), "the commands moved the hand");
            Assert.That(second, Is.EqualTo(first));
        });
    }

    [Test]
    public async Task LockStepWithoutCommandsHoldsSimulatedTimeAtTheFirstObservation()
    {
        var clocks = new ConcurrentQueue<ClockMsg>();
        var poses = new ConcurrentQueue<PoseStamped>();
        using var shutdown = new CancellationTokenSource(TimeSpan.FromSeconds(1.5));
        var (code, log) = await RunSim(Parameters("lock_step:=true", "lock_step_timeout:=0.2", "real_time_factor:=0.0", "time_limit:=5.0"), observer =>
        {
            observer.CreateSubscription<ClockMsg>("/clock", clocks.Enqueue);
            observer.CreateSubscription<PoseStamped>("/robot/ee_pose", poses.Enqueue);
        }, shutdown.Token);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, "shutdown ends the wait cleanly");
            Assert.That(poses, Has.Count.EqualTo(1), "one observation, then simulated time waits");
            // The first 30 Hz observation falls on physics step 34 (1 kHz).
            Assert.That(poses.Single().Header.Stamp, Is.EqualTo(new RosTime(0, 34_000_000)));
            Assert.That(clocks.Max(c => Nanoseconds(c.Clock)), Is.EqualTo(34_000_000), "/clock stops at the awaited observation");
            Assert.That(log, Does.Contain("lock-step: no motion command answering the observation of 0.034000000 s"));
        });
    }

    [Test]
    public async Task AtTheTactileControlRateThePoseComesAndIsAnsweredAtEveryTactileTick()
    {
        var poses = new ConcurrentQueue<PoseStamped>();
        var (code, _) = await RunSim(Parameters("lock_step:=true", "control_rate:=tactile", "real_time_factor:=0.0", "time_limit:=0.5", "maze:=easy:0"), observer =>
        {
            var twist = observer.CreatePublisher<TwistStamped>("/robot/ee_twist");
            observer.CreateSubscription<PoseStamped>("/robot/ee_pose", pose =>
            {
                poses.Enqueue(pose);
                twist.Publish(new TwistStamped(pose.Header, new RosTwist(new Vector3(0, 0, 0.01), new Vector3(0, 0, 0))));
            });
        });
        Assert.That(code, Is.Zero);
        // 60 Hz on a 1 kHz clock: steps 17, 34, 50, 67, ... (the 30 Hz observations, 34 and 67, among them).
        var stamps = poses.Select(p => Nanoseconds(p.Header.Stamp) / 1_000_000).ToList();
        Assert.That(stamps, Has.Count.EqualTo(30));
        Assert.That(stamps.Take(4), Is.EqualTo(new long[] { 17, 34, 50, 67 }));
    }

    [Test]
    public void AnUnknownControlRateIsRefusedByName()
    {
        var registry = new NodeRegistry().RegisterSimNodes(_ => BackgroundStore.FromImageFile(TestPaths.DigitBackground, SensorProfile.Digit));
        Assert.That(registry.TryGet(SimNodes.BeadMazeSim, out var entry), Is.True);
        var arguments = Parameters("control_rate:=fast");
        using var context = new RosContext(new InProcessTransport(), arguments);
        Assert.That(() => entry!.Main(new NodeLaunchContext(context, arguments, TextWriter.Null, CancellationToken.None)),
            Throws.ArgumentException.With.Message.Contains("control_rate 'fast' is neither 'observation' (30 Hz) nor 'tactile' (60 Hz)"));
    }

    [Test]
    public async Task FaultsComeFromTheFaultsFileParameter()
    {
        var plan = Path.Combine(TestPaths.NewTempDirectory("faults").FullName, "drift.yaml");
        File.WriteAllText(plan, "faults:\n  - kind: calibration-drift\n    intensity: 1.0\n    start: 0.0\n    duration: 0.2\n");
        var truths = new ConcurrentQueue<BeadGroundTruth>();
        var (code, log) = await RunSim(Parameters($"faults_file:={plan}", "real_time_factor:=0.0", "time_limit:=0.5"),
            observer => observer.CreateSubscription<BeadGroundTruth>("/sim/ground_truth", truths.Enqueue));
        var offset = truths.Last().CalibrationOffset;
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero);
            Assert.That(log, Does.Contain("1 faults"));
            Assert.That(Math.Sqrt(offset.X * offset.X + offset.Y * offset.Y + offset.Z * offset.Z), Is.EqualTo(0.015).Within(1e-9), "full drift after its window");
        });
    }
}
