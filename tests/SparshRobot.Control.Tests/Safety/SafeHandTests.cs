using SparshRobot.Control.Laws;
using SparshRobot.Control.Safety;
using SparshRobot.Core.Geometry;
using SparshRobot.Core.Robot;
using SparshRobot.Core.Time;

namespace SparshRobot.Control.Tests.Safety;

public sealed class SafeHandTests
{
    /// <summary>A kinematic hand on the test's clock: reports its pose at the clock's time and moves by the last twist.</summary>
    private sealed class KinematicHand(SimulatedClock clock) : IHand
    {
        public Vec3 Position { get; set; } = new(0, 0, 0.1);

        public List<HandCommand> Written { get; } = [];

        /// <summary>False: nothing reported yet, as a ROS robot before its first pose (a default reading).</summary>
        public bool Reporting { get; set; } = true;

        public EeObservation Read() => Reporting ? new(clock.Now(), new Pose3(Position, Quat.Identity), 0, 0) : default;

        public HandCommand Write(HandCommand command)
        {
            Written.Add(command);
            return command;
        }
    }

    private static SafetyOptions Options(bool dryRun = false, double heartbeat = 0) =>
        new(MotionLimitOptions.Default, HeartbeatTimeout: heartbeat, Deadlines: new Dictionary<string, double> { [SafetyStreams.Pose] = 0.1 }, DryRun: dryRun);

    [Test]
    public void Dry_run_sends_every_command_to_the_shadow_and_never_writes_to_the_robot()
    {
        var clock = new SimulatedClock();
        var robot = new KinematicHand(clock);
        var shadow = new List<HandCommand>();
        var hand = new SafeHand(robot, Options(dryRun: true), clock, c =>
        {
            shadow.Add(c);
            return c;
        });
        for (var i = 0; i < 10; i++)
        {
            Assert.That(hand.Read().EePose.Position, Is.EqualTo(robot.Position), "reads come from the robot");
            hand.Write(new HandCommand(TwistTarget: new Twist(new Vec3(1, 0, 0), Vec3.Zero), GripTarget: 100));
            clock.Advance(TimeSpan.FromMilliseconds(10));
        }
        hand.EStop(true, "test");
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That(hand.Poll(), Is.True, "latched and the pose is stale");
        Assert.That(robot.Written, Is.Empty, "nothing, not even a hold, reaches the robot in dry run");
        Assert.That(shadow, Has.Count.EqualTo(12));
        Assert.That(hand.ShadowWrites, Is.EqualTo(12));
        Assert.That(shadow.Take(10).Max(c => c.TwistTarget!.Value.Linear.Norm), Is.LessThanOrEqualTo(MotionLimitOptions.Default.MaxSpeed), "the shadow sees the limited commands");
        Assert.That(shadow.Take(10).All(c => c.GripTarget == MotionLimitOptions.Default.MaxGrip), Is.True);
    }

    [Test]
    public void A_hold_sent_before_the_robots_first_pose_does_not_stop_later_readings()
    {
        // The robot's stamps on another clock than the default reading's: comparing the two would throw.
        var clock = new SimulatedClock();
        var robot = new KinematicHand(clock) { Reporting = false };
        var hand = new SafeHand(robot, Options(), clock);
        hand.EStop(true, "before the first pose");
        Assert.That(robot.Written, Has.Count.EqualTo(1), "the hold went out");
        robot.Reporting = true;
        clock.Advance(TimeSpan.FromMilliseconds(10));
        Assert.That(hand.Read().Stamp, Is.EqualTo(clock.Now()));
        clock.Advance(TimeSpan.FromMilliseconds(10));
        Assert.That(hand.Read().Stamp, Is.EqualTo(clock.Now()), "newer readings keep coming");
    }

    [Test]
    public void Without_dry_run_the_robot_gets_the_limited_command()
    {
        var clock = new SimulatedClock();
        var robot = new KinematicHand(clock);
        var hand = new SafeHand(robot, Options(), clock, _ => throw new AssertionException("no shadow writes outside dry run"));
        hand.Read();
        var applied = hand.Write(new HandCommand(GripTarget: -3));
        Assert.That(applied.GripTarget, Is.EqualTo(0));
        Assert.That(robot.Written, Has.Count.EqualTo(1));
        Assert.That(hand.State, Is.EqualTo(SafetyState.Limiting));
    }

    [Test]
    public void Polling_stops_the_robot_within_the_pose_deadline_when_the_commands_stop_too()
    {
        var clock = new SimulatedClock();
        var robot = new KinematicHand(clock);
        var hand = new SafeHand(robot, Options(), clock);
        var events = new List<SafetyEvent>();
        hand.Transitioned += events.Add;
        hand.Read();
        hand.Write(new HandCommand(TwistTarget: new Twist(new Vec3(0.01, 0, 0), Vec3.Zero)));
        // The pose stream stops: only the poll timer runs, every 10 ms.
        var stoppedAt = double.NaN;
        for (var i = 1; i <= 30 && double.IsNaN(stoppedAt); i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(10));
            if (hand.Poll())
            {
                stoppedAt = i * 0.01;
            }
        }
        Assert.That(stoppedAt, Is.EqualTo(0.11).Within(1e-9), "the first poll past the 0.1 s deadline");
        Assert.That(robot.Written.Last().TwistTarget, Is.EqualTo(Twist.Zero));
        Assert.That(events.Last().Reason, Does.StartWith("pose input silent for 0.110 s"));

        hand.Read();
        Assert.That(hand.Poll(), Is.False, "a fresh pose releases the hold");
        Assert.That(hand.State, Is.EqualTo(SafetyState.Ok));
    }

    [Test]
    public void The_heartbeat_keeps_the_hand_moving_and_a_reset_refused_while_asserted_says_why()
    {
        var clock = new SimulatedClock();
        var robot = new KinematicHand(clock);
        var hand = new SafeHand(robot, Options(heartbeat: 0.05) with { Deadlines = new Dictionary<string, double>() }, clock);
        for (var i = 0; i < 10; i++)
        {
            hand.Heartbeat();
            Assert.That(hand.Poll(), Is.False);
            clock.Advance(TimeSpan.FromMilliseconds(20));
        }
        clock.Advance(TimeSpan.FromMilliseconds(40));
        Assert.That(hand.Poll(), Is.True, "60 ms without a heartbeat");
        hand.Heartbeat();
        hand.EStop(true, "/safety/estop");
        Assert.That(hand.Reset().Message, Does.Contain("still asserted"));
        hand.EStop(false, "/safety/estop");
        Assert.That(hand.Poll(), Is.True, "released but not reset");
        Assert.That(hand.Reset().Accepted, Is.True);
        Assert.That(hand.Poll(), Is.False);
    }
}
