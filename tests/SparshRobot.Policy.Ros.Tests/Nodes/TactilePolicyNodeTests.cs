using System.Collections.Concurrent;
using System.Diagnostics;
using SparshRobot.Core.Geometry;
using SparshRobot.Core.Time;
using SparshRobot.Policy.Ros.Nodes;
using SparshRobot.Policy.Runtime;
using SparshRobot.Policy.Tests.Support;
using SparshRobot.Ros.Messages.GeometryMsgs;
using SparshRobot.Ros.Messages.SensorMsgs;
using SparshRobot.Ros.Messages.StdMsgs;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Transport;
using Header = SparshRobot.Ros.Messages.StdMsgs.Header;
using NavPath = SparshRobot.Ros.Messages.NavMsgs.Path;
using RosTime = SparshRobot.Ros.Messages.BuiltinInterfaces.Time;

namespace SparshRobot.Policy.Ros.Tests.Nodes;

/// <summary>The policy node on the real in-process transport, fed 60 Hz images and 30 Hz poses in real time.</summary>
[Category("dds")]
public class TactilePolicyNodeTests
{
    private static readonly string[] Topics = ["/tactile/thumb/image_raw", "/tactile/index/image_raw"];
    private static readonly Quat Orientation = Quat.FromAxisAngle(Vec3.UnitZ, 0.3);
    private static readonly float[] Delta = [0.001f, -0.002f, 0.0005f];

    [Test]
    public void PublishesTheHorizonAsCumulativeDeltasStampedAtControlPeriods()
    {
        // 2 Hz leaves a 500 ms deadline, room for a shared, loaded test machine.
        var run = RunGraph(TimeSpan.Zero, TimeSpan.FromSeconds(2.5), rateHz: 2);
        TestContext.Out.WriteLine(run.Log);
        Assert.That(run.Paths, Is.Not.Empty);
        Assert.That(run.Paths, Has.Count.LessThanOrEqualTo(run.Node.Published), "the last one may still be in flight at shutdown");
        foreach (var path in run.Paths)
        {
            var stamp = path.Header.Stamp.ToTimestamp(ClockKind.Wall);
            Assert.That(run.Poses.TryGetValue(stamp.TotalNanoseconds, out var observed), Is.True, "header stamp = the observation's stamp");
            Assert.That(path.Header.FrameId, Is.EqualTo("world"));
            Assert.That(path.Poses, Has.Count.EqualTo(RuntimeFixtures.Action.Horizon + 1), "the origin, then one pose per action");
            for (var k = 0; k < path.Poses.Count; k++)
            {
                var pose = path.Poses[k];
                var expected = observed + new Vec3(Delta[0], Delta[1], Delta[2]) * k;
                Assert.That(pose.Header.Stamp.ToTimestamp(ClockKind.Wall).Since(stamp), Is.EqualTo(TimeSpan.FromMilliseconds(500 * k)));
                Assert.That((pose.Pose.Position.ToCore() - expected).Norm, Is.LessThan(1e-6), $"pose {k}: observed + {k} deltas");
                Assert.That(pose.Pose.Orientation.ToCore(), Is.EqualTo(Orientation));
            }
        }
    }

    [Test]
    public void ASlowPolicyMissesDeadlinesPublishesNothingStaleAndNeverBlocksCallbacks()
    {
        var run = RunGraph(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(2.5), until: n => n.DeadlineMisses >= 2 && n.SkippedTicks >= 2);
        var during = run.ProbeLatencies.Where(p => run.Busy.Any(b => p.At > b.Start && p.At < b.End)).Select(p => p.LatencyMs).ToList();
        TestContext.Out.WriteLine($"{run.Node.DeadlineMisses} misses, {run.Node.SkippedTicks} skipped ticks; {during.Count} probe callbacks during inference, max latency {during.DefaultIfEmpty().Max():F1} ms");
        Assert.Multiple(() =>
        {
            Assert.That(run.Node.DeadlineMisses, Is.GreaterThanOrEqualTo(2), "every 250 ms inference overruns a 100 ms period");
            Assert.That(run.Node.SkippedTicks, Is.GreaterThanOrEqualTo(2), "ticks during an inference are skipped");
            Assert.That(run.Node.Published, Is.Zero);
            Assert.That(run.Paths, Is.Empty, "a late trajectory is never published");
            Assert.That(run.Log, Does.Contain("missed deadline by"));
            Assert.That(during, Has.Count.GreaterThan(20), "callbacks kept running while the policy ran");
            Assert.That(during.Max(), Is.LessThan(50), "callback latency stays far below the 250 ms inference");
        });
    }

    [Test]
    public void UndecodableCompressedFramesAreDroppedCountedAndLoggedWhileGoodOnesStillDrivePublishing()
    {
        // The first 12 frames of each DIGIT arrive as garbage, the rest as JPEG (image_transport's compressed topic).
        var run = RunGraph(TimeSpan.Zero, TimeSpan.FromSeconds(2.5), rateHz: 2, compressed: true, undecodable: 12);
        TestContext.Out.WriteLine(run.Log);
        Assert.Multiple(() =>
        {
            Assert.That(run.Node.UndecodableFrames, Is.EqualTo(2 * 12));
            Assert.That(run.Log, Does.Contain("sensor 'thumb': dropped a CompressedImage (jpeg, 64 bytes) that does not decode; 1 so far"));
            Assert.That(run.Log, Does.Contain("; 10 so far"));
            Assert.That(run.Log, Does.Not.Contain("; 2 so far"), "logged at powers of ten, not at every frame");
            Assert.That(run.Paths, Is.Not.Empty, "decodable frames after the garbage drive the policy");
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public void InLockStepEachControlPeriodsFirstObservationIsPlannedWithoutADeadline(CancellationToken cancellation)
    {
        // 150 ms of inference against a 100 ms period: on a timer every result would be late; on observation time none is.
        using var encoder = RuntimeFixtures.TinyEncoder();
        using var policy = new FixedDeltaPolicy(RuntimeFixtures.SpecFor(encoder), RuntimeFixtures.Action, Delta, TimeSpan.FromMilliseconds(150));
        using var runner = new PolicyRunner(policy, encoder, RuntimeFixtures.PolicySensors);
        using var context = new RosContext(new InProcessTransport());
        using var node = new RosNode(context, "tactile_policy");
        using var feed = new RosNode(context, "feed");
        var paths = new ConcurrentQueue<NavPath>();
        feed.CreateSubscription<NavPath>("/policy/ee_trajectory", paths.Enqueue);
        var images = Topics.Select(t => feed.CreatePublisher<Image>(t, QosProfile.SensorData)).ToList();
        var pose = feed.CreatePublisher<PoseStamped>("/robot/ee_pose");
        using var policyNode = new TactilePolicyNode(node, runner, new TactilePolicyNodeOptions(Topics, 10, LockStep: true));
        using var executor = new Executor();
        executor.Add(node);
        executor.Add(feed);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var spin = Task.Run(() => executor.Spin(stop.Token));
        void Frames(long seq)
        {
            for (var i = 0; i < Topics.Length; i++)
            {
                images[i].Publish(Image.From(RuntimeFixtures.Frame(RuntimeFixtures.Sensors[i], seq)));
            }
        }
        void Observe(long seq) => pose.Publish(new PoseStamped(new Header(RosTime.From(RuntimeFixtures.StampOf(seq)), "world"),
            Pose.From(new Pose3(new Vec3(0.4, 0.1, 0.2), Orientation))));
        // As a lock-stepped simulator and a controller would: at each period's first observation, wait for its answer.
        // The first observation comes before any frame.
        for (long seq = 0; seq < 24; seq++)
        {
            if (seq > 0)
            {
                Frames(seq);
            }
            Observe(seq);
            if (seq % 6 == 0)
            {
                var stamp = RosTime.From(RuntimeFixtures.StampOf(seq));
                while (!paths.Any(p => p.Header.Stamp == stamp))
                {
                    Thread.Sleep(1);
                    cancellation.ThrowIfCancellationRequested();
                }
            }
        }
        stop.Cancel();
        spin.Wait();
        var stamps = paths.Select(p => p.Header.Stamp.ToTimestamp(ClockKind.Simulated)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(stamps, Is.EqualTo(new long[] { 0, 6, 12, 18 }.Select(s => RuntimeFixtures.StampOf(s))), "one step per period, at its first observation");
            Assert.That(paths.First().Poses, Is.Empty, "the pose before any frame: no plan, said so");
            Assert.That(paths.Skip(1).Select(p => p.Poses.Count), Is.All.EqualTo(RuntimeFixtures.Action.Horizon + 1));
            Assert.That((policyNode.DeadlineMisses, policyNode.Published, policyNode.NotReady), Is.EqualTo((0L, 3L, 1L)));
        });
    }

    private sealed record GraphRun(TactilePolicyNode Node, List<NavPath> Paths, Dictionary<long, Vec3> Poses,
        List<(DateTime At, double LatencyMs)> ProbeLatencies, List<(DateTime Start, DateTime End)> Busy, string Log);

    /// <summary>Runs the node against a real-time feed; a probe topic on the policy's own node measures its callback
    /// latency. <paramref name="compressed"/> feeds JPEG CompressedImages, the first <paramref name="undecodable"/>
    /// of each sensor as bytes that do not decode.</summary>
    /// <param name="until">Keeps feeding past <paramref name="duration"/> (up to ten times it) until the node shows this:
    /// on a loaded machine frames arrive late, the policy waits for fresh touch, and fewer inferences fit the duration.</param>
    private static GraphRun RunGraph(TimeSpan inferenceDelay, TimeSpan duration, double rateHz = 10, bool compressed = false, int undecodable = 0,
        Func<TactilePolicyNode, bool>? until = null)
    {
        var topics = compressed ? Topics.Select(t => t + "/compressed").ToArray() : Topics;
        using var encoder = RuntimeFixtures.TinyEncoder();
        using var policy = new FixedDeltaPolicy(RuntimeFixtures.SpecFor(encoder, rateHz), RuntimeFixtures.Action, Delta, inferenceDelay);
        WarmUp(policy, encoder);
        using var runner = new PolicyRunner(policy, encoder, RuntimeFixtures.PolicySensors);
        using var context = new RosContext(new InProcessTransport());
        var log = new StringWriter();
        using var node = new RosNode(context, "tactile_policy", options: new NodeOptions { LogOutput = TextWriter.Synchronized(log) });
        using var feed = new RosNode(context, "feed");
        var paths = new ConcurrentQueue<NavPath>();
        feed.CreateSubscription<NavPath>("/policy/ee_trajectory", paths.Enqueue);
        var latencies = new ConcurrentQueue<(DateTime, double)>();
        node.CreateSubscription<Float64>("/probe", m => latencies.Enqueue((DateTime.UtcNow, Stopwatch.GetElapsedTime((long)m.Data).TotalMilliseconds)));
        var images = compressed ? [] : topics.Select(t => feed.CreatePublisher<Image>(t, QosProfile.SensorData)).ToList();
        var jpegs = compressed ? topics.Select(t => feed.CreatePublisher<CompressedImage>(t, QosProfile.SensorData)).ToList() : [];
        var pose = feed.CreatePublisher<PoseStamped>("/robot/ee_pose");
        var probe = feed.CreatePublisher<Float64>("/probe");
        var poses = new Dictionary<long, Vec3>();
        TactilePolicyNode policyNode;
        using (policyNode = new TactilePolicyNode(node, runner, new TactilePolicyNodeOptions(topics, rateHz)))
        {
            using var executor = new Executor();
            executor.Add(node);
            executor.Add(feed);
            using var stop = new CancellationTokenSource();
            var spin = Task.Run(() => executor.Spin(stop.Token));
            var clock = Stopwatch.StartNew();
            bool Done() => clock.Elapsed >= duration && (until is null || until(policyNode) || clock.Elapsed >= 10 * duration);
            for (long seq = 0; !Done(); seq++)
            {
                // Frames in real time at 60 Hz, stamped by sequence; the pose at 30 Hz drifts along x.
                for (var i = 0; i < topics.Length; i++)
                {
                    var frame = RuntimeFixtures.Frame(RuntimeFixtures.Sensors[i], seq);
                    if (compressed)
                    {
                        jpegs[i].Publish(Jpeg(frame, garbage: seq < undecodable));
                    }
                    else
                    {
                        images[i].Publish(Image.From(frame));
                    }
                }
                if (seq % 2 == 0)
                {
                    var stamp = RuntimeFixtures.StampOf(seq);
                    var position = new Vec3(0.4 + 0.0001 * seq, 0.1, 0.2);
                    poses[stamp.TotalNanoseconds] = position;
                    pose.Publish(new PoseStamped(new Header(RosTime.From(stamp), "world"), Pose.From(new Pose3(position, Orientation))));
                }
                for (var p = 0; p < 3; p++)
                {
                    probe.Publish(new Float64(Stopwatch.GetTimestamp()));
                    Thread.Sleep(5);
                }
                var due = TimeSpan.FromSeconds((seq + 1) / RuntimeFixtures.NativeFps);
                if (due > clock.Elapsed)
                {
                    Thread.Sleep(due - clock.Elapsed);
                }
            }
            stop.Cancel();
            spin.Wait();
        }
        return new GraphRun(policyNode, [.. paths], poses, [.. latencies], [.. policy.Busy], log.ToString());
    }

    private static CompressedImage Jpeg(Core.Sensing.TactileFrame frame, bool garbage)
    {
        var header = new Header(RosTime.From(frame.Stamp), frame.SensorId);
        if (garbage)
        {
            return new CompressedImage(header, "jpeg", Enumerable.Range(0, 64).Select(i => (byte)(i * 7)).ToArray());
        }
        using var rgb = OpenCvSharp.Mat.FromPixelData(frame.Height, frame.Width, OpenCvSharp.MatType.CV_8UC3, frame.Pixels.ToArray());
        // OpenCV encodes BGR, as a camera driver's image_transport does.
        using var bgr = new OpenCvSharp.Mat();
        OpenCvSharp.Cv2.CvtColor(rgb, bgr, OpenCvSharp.ColorConversionCodes.RGB2BGR);
        OpenCvSharp.Cv2.ImEncode(".jpg", bgr, out var jpeg);
        return new CompressedImage(header, "jpeg", jpeg);
    }

    /// <summary>One step through a throwaway runner, so first-call JIT and allocation do not count as a missed deadline.</summary>
    private static void WarmUp(FixedDeltaPolicy policy, Encoder.TactileEncoder encoder)
    {
        using var runner = new PolicyRunner(policy, encoder, RuntimeFixtures.PolicySensors);
        foreach (var sensor in RuntimeFixtures.Sensors)
        {
            runner.PushFrame(sensor, RuntimeFixtures.Frame(sensor, 0));
        }
        runner.Step(RuntimeFixtures.StampOf(0), Vec3.Zero);
        policy.Calls.Clear();
        policy.Busy.Clear();
    }
}
