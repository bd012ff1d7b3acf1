using System.Collections.Concurrent;
using System.Diagnostics;
using SparshRobot.Ros.Dds;
using SparshRobot.Ros.Launch;
using SparshRobot.Ros.Messages.SparshRobotMsgs;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Transport;
using SparshRobot.Sim.Mazes;
using SparshRobot.Sim.Ros.Nodes;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Testing;
using RosString = SparshRobot.Ros.Messages.StdMsgs.String;

namespace SparshRobot.Control.Ros.Tests;

/// <summary>
/// The control graph, the simulator in lock-step and the maze controller closing the loop: on the in-process transport
/// and over real DDS on loopback (every message serialized, matched by QoS and delivered by Cyclone).
/// </summary>
public class MazeControllerGraphTests
{
    private static RosArguments Parameters(params string[] assignments) =>
        RosArguments.Parse(["--ros-args", .. assignments.SelectMany(a => new[] { "-p", a })]);

    [TestCase(false)]
    [TestCase(true)]
    [CancelAfter(90_000)]
    public async Task TactileServoMovesTheBeadAlongAShortMazeInLockStep(bool dds, CancellationToken cancellation)
    {
        const string maze = "easy:0";
        var heading = MazeCatalog.Resolve(maze, MazeDifficulty.Easy).HeadingDeg;
        var registry = new NodeRegistry()
            .RegisterSimNodes(_ => BackgroundStore.FromImageFile(TestPaths.DigitBackground, Tactile.Profiles.SensorProfile.Digit))
            .RegisterControlNodes((_, profile) => BackgroundStore.FromImageFile(TestPaths.DigitBackground, profile));
        using var context = new RosContext(dds
            ? new DdsTransport(new DdsTransportOptions((uint)Random.Shared.Next(100, 200), DiscoveryRange.Localhost))
            : new InProcessTransport());
        using var observer = new RosNode(context, "observer");
        var truths = new ConcurrentQueue<BeadGroundTruth>();
        var states = new ConcurrentQueue<RosString>();
        var contacts = new ConcurrentQueue<FingerContact>();
        observer.CreateSubscription<BeadGroundTruth>("/sim/ground_truth", truths.Enqueue);
        observer.CreateSubscription<RosString>("/control/state", states.Enqueue);
        observer.CreateSubscription<FingerContact>("/tactile/index/contact", contacts.Enqueue);
        using var executor = new Executor();
        executor.Add(observer);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var spin = Task.Run(() => executor.Spin(stop.Token));
        var log = new StringWriter();
        Task<int> Start(string executable, RosArguments arguments, CancellationToken shutdown)
        {
            Assert.That(registry.TryGet(executable, out var entry), Is.True);
            return Task.Run(() => entry!.Main(new NodeLaunchContext(context, arguments, TextWriter.Synchronized(log), shutdown)));
        }

        var wall = Stopwatch.StartNew();
        // The simulator starts first, as a launch file may start it: in lock-step it holds its first observation
        // until the controller subscribes, instead of publishing it to nobody and waiting for an answer for ever.
        var simulator = Start(SimNodes.BeadMazeSim, Parameters($"maze:={maze}", "lock_step:=true", "real_time_factor:=0.0", "time_limit:=3.0"), cancellation);
        await Task.Delay(500, cancellation);
        Assert.That(truths, Is.Empty, "nothing published before a controller listens");
        var controller = Start(ControlNodes.MazeController, Parameters("stack:=tactile-servo", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"start_heading_deg:={heading:F1}")), stop.Token);
        var estimator = Start(ControlNodes.TactileState, Parameters(), stop.Token);
        var sim = await simulator;
        wall.Stop();
        await stop.CancelAsync();
        var codes = await Task.WhenAll(controller, estimator);
        await spin;
        TestContext.Out.WriteLine(log.ToString());

        var first = truths.First();
        var last = truths.Last();
        Assert.Multiple(() =>
        {
            Assert.That(sim, Is.Zero);
            Assert.That(codes, Is.All.Zero);
            Assert.That(truths, Has.Count.InRange(170, 185), "3 s of 60 Hz ground truth: lock-step never stalled");
            Assert.That(last.S - first.S, Is.GreaterThan(0.005), "the bead moved along the wire");
            Assert.That(last.Grasped, Is.True, "the force layer kept the bead in the hand");
            Assert.That(states, Is.Not.Empty);
            Assert.That(states.Last().Data, Does.Contain("progress_m: 0.0").And.Not.Contain("progress_m: 0.0000"));
            Assert.That(contacts.Count(c => c.Health == FingerContact.HealthOk && c.Contact), Is.GreaterThan(100), "tactile_state feels the bead on the index pad");
            Assert.That(wall.Elapsed, Is.LessThan(TimeSpan.FromSeconds(60)));
        });
    }
}
