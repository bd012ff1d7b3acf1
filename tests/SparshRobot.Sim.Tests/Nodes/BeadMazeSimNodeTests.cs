using System.Collections.Concurrent;
using SparshRobot.Core.Geometry;
using SparshRobot.Ros.Launch;
using SparshRobot.Ros.Messages.GeometryMsgs;
using SparshRobot.Ros.Messages.RosgraphMsgs;
using SparshRobot.Ros.Messages.SensorMsgs;
using SparshRobot.Ros.Messages.SparshRobotMsgs;
using SparshRobot.Ros.Messages.StdMsgs;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Transport;
using SparshRobot.Sim.Nodes;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Tactile.Profiles;
using SparshRobot.Testing;
using RosTime = SparshRobot.Ros.Messages.BuiltinInterfaces.Time;

namespace SparshRobot.Sim.Tests.Nodes;

/// <summary>The simulator as a ROS 2 node on the in-process transport, driven through its command topics.</summary>
public class BeadMazeSimNodeTests
{
    [Test]
    public async Task PublishesTouchPoseTruthAndClockAndFollowsPoseTargets()
    {
        var registry = new NodeRegistry().RegisterSimNodes(_ => BackgroundStore.FromImageFile(TestPaths.DigitBackground, SensorProfile.Digit));
        Assert.That(registry.TryGet(SimNodes.BeadMazeSim, out var entry), Is.True);
        var arguments = RosArguments.Parse(["--ros-args", "-p", "real_time_factor:=1.0", "-p", "time_limit:=2.0", "-p", "maze:=easy:0"]);
        using var context = new RosContext(new InProcessTransport(), arguments);
        using var observer = new RosNode(context, "observer");
        var images = 0;
        var compressed = new ConcurrentQueue<CompressedImage>();
        var clocks = new ConcurrentQueue<ClockMsg>();
        var truths = new ConcurrentQueue<BeadGroundTruth>();
        var poses = new ConcurrentQueue<PoseStamped>();
        observer.CreateSubscription<Image>("/tactile/thumb/image_raw", _ => Interlocked.Increment(ref images), QosProfile.SensorData);
        observer.CreateSubscription<CompressedImage>("/tactile/index/image_raw/compressed", compressed.Enqueue, QosProfile.SensorData);
        observer.CreateSubscription<ClockMsg>("/clock", clocks.Enqueue);
        observer.CreateSubscription<BeadGroundTruth>("/sim/ground_truth", truths.Enqueue);
        observer.CreateSubscription<PoseStamped>("/robot/ee_pose", poses.Enqueue);
        using var executor = new Executor();
        executor.Add(observer);
        using var stop = new CancellationTokenSource();
        var spin = Task.Run(() => executor.Spin(stop.Token));

        var log = new StringWriter();
        var run = Task.Run(() => entry.Main(new NodeLaunchContext(context, arguments, log, CancellationToken.None)));
        // Real time, so the commands arrive early: open the hand and lift it 5 cm from where it starts.
        SpinWait.SpinUntil(() => !poses.IsEmpty, TimeSpan.FromSeconds(20));
        Assert.That(poses, Is.Not.Empty, "no /robot/ee_pose arrived");
        var start = poses.First().Pose.ToCore();
        var goal = new Pose3(start.Position + new Vec3(0, 0, 0.05), start.Orientation);
        var target = observer.CreatePublisher<PoseStamped>("/robot/ee_target");
        var grip = observer.CreatePublisher<Float64>("/gripper/force_target");
        grip.Publish(new Float64(0.0));
        target.Publish(new PoseStamped(new Header(new RosTime(0, 0), "world"), Pose.From(goal)));
        Assert.That(await run, Is.Zero);
        stop.Cancel();
        await spin;

        var last = poses.Last().Pose.ToCore();
        TestContext.Out.WriteLine(log.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(images, Is.InRange(100, 125), "2 s of 60 Hz touch");
            Assert.That(compressed, Has.Count.InRange(100, 125), "each DIGIT also on image_transport's compressed topic");
            Assert.That(compressed.Select(c => (c.Format, c.Header.FrameId)).Distinct(), Is.EqualTo(new[] { ("rgb8; jpeg compressed bgr8", "digit_index") }));
            Assert.That(truths, Has.Count.InRange(100, 125));
            Assert.That(clocks.Select(c => c.Clock.Sec * 1e9 + c.Clock.Nanosec), Is.Ordered.Ascending, "/clock never goes back");
            Assert.That(last.Position.Z - start.Position.Z, Is.EqualTo(0.05).Within(0.01), "the hand tracked the commanded target");
            Assert.That(truths.Last().Grasped, Is.False, "a zero grip target opens the hand");
        });
    }
}
