using System.Collections.Concurrent;
using SparshRobot.Control.Estimation;
using SparshRobot.Core.Geometry;
using SparshRobot.Core.Time;
using SparshRobot.Policy.Nodes;
using SparshRobot.Policy.Runtime;
using SparshRobot.Policy.Spec;
using SparshRobot.Ros.Messages.GeometryMsgs;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Transport;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Tactile.Profiles;
using SparshRobot.Testing;
using Header = SparshRobot.Ros.Messages.StdMsgs.Header;
using NavPath = SparshRobot.Ros.Messages.NavMsgs.Path;
using RosTime = SparshRobot.Ros.Messages.BuiltinInterfaces.Time;

namespace SparshRobot.Control.Ros.Tests;

/// <summary>The controller node beside a lock-stepped simulator and a policy node, both played by the test.</summary>
public class MazeControllerNodeTests
{
    [Test]
    [CancelAfter(30_000)]
    public void AnObservationDueAPlanIsAnsweredOnlyOnceItsPlanOrItsNoPlanArrived(CancellationToken cancellation)
    {
        var background = BackgroundStore.FromImageFile(TestPaths.DigitBackground, SensorProfile.Digit);
        var controller = new MazeController(ControlStack.BcForce, MazeControlOptions.Default, 10, new ActionSpec(["dx", "dy", "dz"], 8, 5));
        using var loop = new ControlLoop(controller, new ClassicalTactileEstimator(background, background));
        using var context = new RosContext(new InProcessTransport());
        using var node = new RosNode(context, "maze_controller");
        using var feed = new RosNode(context, "feed");
        var controllerNode = new MazeControllerNode(node, loop, new MazeControllerNodeOptions(new TactileTopics(), AwaitPlans: true), 60);
        var answers = new ConcurrentQueue<Timestamp>();
        feed.CreateSubscription<PoseStamped>("/robot/ee_target", m => answers.Enqueue(m.Header.Stamp.ToTimestamp(ClockKind.Simulated)));
        feed.CreateSubscription<TwistStamped>("/robot/ee_twist", m => answers.Enqueue(m.Header.Stamp.ToTimestamp(ClockKind.Simulated)));
        var pose = feed.CreatePublisher<PoseStamped>("/robot/ee_pose");
        var plans = feed.CreatePublisher<NavPath>("/policy/ee_trajectory");
        using var executor = new Executor();
        executor.Add(node);
        executor.Add(feed);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var spin = Task.Run(() => executor.Spin(stop.Token));
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
        stop.Cancel();
        spin.Wait();
        Assert.Multiple(() =>
        {
            Assert.That(answers, Is.EqualTo(new[] { At(0), At(1 / 60.0), At(0.1), At(0.1 + 1 / 60.0) }));
            Assert.That((controllerNode.AwaitedPlans, controllerNode.UnduePlans, controllerNode.RejectedPlans), Is.EqualTo((2L, 1L, 0L)));
            Assert.That(controller.Follower!.Plans, Is.EqualTo(1), "neither the no-plan nor the undue plan reached the follower");
        });
    }
}
