using SparshRobot.Control.Laws;
using SparshRobot.Control.Safety;
using SparshRobot.Core.Geometry;
using SparshRobot.Core.Robot;
using SparshRobot.Core.Time;

namespace SparshRobot.Control.Tests.Safety;

public sealed class SafetyGuardTests
{
    private static readonly Vec3 Lo = new(-0.1, -0.1, 0);
    private static readonly Vec3 Hi = new(0.1, 0.1, 0.2);

    private static Timestamp T(double s) => Timestamp.FromNanoseconds((long)Math.Round(s * 1e9), ClockKind.Simulated);

    /// <summary>A guard with a box, no heartbeat and no watched streams unless asked: each test turns on what it checks.</summary>
    private static SafetyGuard Guard(double heartbeat = 0, Dictionary<string, double>? deadlines = null, double? holdGrip = null,
        double maxSpeed = 0.1, double maxAcceleration = 1) =>
        new(new SafetyOptions(new MotionLimitOptions(maxSpeed, maxAcceleration, Lo, Hi, MinGrip: 0.5, MaxGrip: 6, MaxAngularSpeed: 0.5, MaxAngularAcceleration: 5),
            holdGrip, heartbeat, deadlines ?? []));

    private static EeObservation At(Vec3 p, double s = 0) => new(T(s), new Pose3(p, Quat.Identity), 0, 0);

    private static HandCommand Twist(Vec3 linear, Vec3 angular = default, double? grip = null) => new(TwistTarget: new Twist(linear, angular), GripTarget: grip);

    [Test]
    public void A_pose_target_outside_the_box_is_approached_at_the_speed_limit_and_clipped_into_the_box()
    {
        var guard = Guard(maxAcceleration: 100);
        var hand = At(new Vec3(0, 0, 0.1));
        var outside = new HandCommand(PoseTarget: new Pose3(new Vec3(0.5, 0, 0.1), Quat.Identity));
        var first = guard.Decide(T(0), outside, hand).PoseTarget!.Value;
        Assert.That(first.Position, Is.EqualTo(hand.EePose.Position), "no time has passed: no step");
        Vec3 last = first.Position;
        for (var i = 1; i <= 300; i++)
        {
            var next = guard.Decide(T(i * 0.01), outside, hand).PoseTarget!.Value.Position;
            Assert.That((next - last).Norm, Is.LessThanOrEqualTo(0.1 * 0.01 + 1e-12), "steps no faster than max_speed");
            last = next;
        }
        Assert.That(last.X, Is.EqualTo(Hi.X).Within(1e-12), "ends on the wall, not beyond it");
        Assert.That(guard.State, Is.EqualTo(SafetyState.Limiting));
        Assert.That(guard.Count(LimitReason.Workspace), Is.GreaterThan(0));
        Assert.That(guard.Count(LimitReason.Speed), Is.GreaterThan(0));
        Assert.That(guard.Events[0].Reason, Does.Contain("Speed"));
    }

    [Test]
    public void A_pose_target_turns_no_faster_than_the_angular_speed_limit()
    {
        var guard = Guard();
        var hand = At(new Vec3(0, 0, 0.1));
        var turned = new HandCommand(PoseTarget: new Pose3(hand.EePose.Position, Quat.FromAxisAngle(Vec3.UnitZ, 1.0)));
        guard.Decide(T(0), turned, hand);
        var after = guard.Decide(T(0.1), turned, hand).PoseTarget!.Value.Orientation;
        Assert.That(Quat.Identity.AngleTo(after), Is.EqualTo(0.05).Within(1e-9), "0.5 rad/s for 0.1 s");
        Assert.That(after.Rotate(Vec3.UnitX).Y, Is.GreaterThan(0), "turned towards the target, about z");
        Assert.That(guard.Count(LimitReason.AngularSpeed), Is.GreaterThan(0));
    }

    [Test]
    public void A_twist_pushing_out_at_a_wall_is_zeroed_on_that_axis_only()
    {
        var guard = Guard(maxAcceleration: 100);
        var atWall = At(new Vec3(Hi.X, 0, 0.1));
        guard.Decide(T(0), Twist(default), atWall);
        var cmd = guard.Decide(T(0.01), Twist(new Vec3(0.05, 0, 0.03)), atWall).TwistTarget!.Value;
        Assert.That(cmd.Linear, Is.EqualTo(new Vec3(0, 0, 0.03)));
        Assert.That(guard.Count(LimitReason.Workspace), Is.EqualTo(1));
        var back = guard.Decide(T(0.02), Twist(new Vec3(-0.05, 0, 0)), atWall).TwistTarget!.Value;
        Assert.That(back.Linear.X, Is.EqualTo(-0.05), "inwards is free");
    }

    [Test]
    public void Linear_and_angular_speed_and_acceleration_are_clipped()
    {
        var guard = Guard();
        var hand = At(new Vec3(0, 0, 0.1));
        var fast = Twist(new Vec3(1, 0, 0), new Vec3(0, 0, 3));
        Assert.That(guard.Decide(T(0), fast, hand).TwistTarget, Is.EqualTo(SparshRobot.Core.Geometry.Twist.Zero), "the first command starts from rest");
        var first = guard.Decide(T(0.01), fast, hand).TwistTarget!.Value;
        Assert.That(first.Linear.X, Is.EqualTo(0.01).Within(1e-12), "1 m/s^2 for 10 ms");
        Assert.That(first.Angular.Z, Is.EqualTo(0.05).Within(1e-12), "5 rad/s^2 for 10 ms");
        Twist cmd = first;
        for (var i = 2; i < 200; i++)
        {
            cmd = guard.Decide(T(i * 0.01), fast, hand).TwistTarget!.Value;
        }
        Assert.That(cmd.Linear.X, Is.EqualTo(0.1).Within(1e-12));
        Assert.That(cmd.Angular.Z, Is.EqualTo(0.5).Within(1e-12));
        foreach (var reason in new[] { LimitReason.Speed, LimitReason.Acceleration, LimitReason.AngularSpeed, LimitReason.AngularAcceleration })
        {
            Assert.That(guard.Count(reason), Is.GreaterThan(0), reason.ToString());
        }
    }

    [Test]
    public void Grip_is_clamped_into_its_range_and_a_passing_command_is_ok()
    {
        var guard = Guard();
        var hand = At(new Vec3(0, 0, 0.1));
        Assert.That(guard.Decide(T(0), new HandCommand(GripTarget: 20), hand).GripTarget, Is.EqualTo(6));
        Assert.That(guard.State, Is.EqualTo(SafetyState.Limiting));
        Assert.That(guard.Decide(T(0.01), new HandCommand(GripTarget: 0), hand).GripTarget, Is.EqualTo(0.5));
        Assert.That(guard.Decide(T(0.02), new HandCommand(GripTarget: 3), hand).GripTarget, Is.EqualTo(3));
        Assert.That(guard.State, Is.EqualTo(SafetyState.Ok));
        Assert.That(guard.Count(LimitReason.Grip), Is.EqualTo(2));
        Assert.That(guard.Events.Select(e => e.To), Is.EqualTo(new[] { SafetyState.Limiting, SafetyState.Ok }));
    }

    [TestCase(double.NaN, 0, 2)]
    [TestCase(0, double.PositiveInfinity, 2)]
    [TestCase(0, 0, double.NaN)]
    public void A_non_finite_command_is_refused_with_a_stop_that_names_the_field(double vx, double wz, double grip)
    {
        var guard = Guard();
        var hand = At(new Vec3(0, 0, 0.1));
        guard.Decide(T(0), Twist(default, default, 3), hand);
        guard.Decide(T(0.01), Twist(new Vec3(0.05, 0, 0), default, 3), hand);
        var refused = guard.Decide(T(0.02), Twist(new Vec3(vx, 0, 0), new Vec3(0, 0, wz), grip), hand);
        Assert.That(refused.TwistTarget, Is.EqualTo(SparshRobot.Core.Geometry.Twist.Zero));
        Assert.That(refused.GripTarget, Is.EqualTo(3), "the grip stays at its last safe value");
        Assert.That(guard.State, Is.EqualTo(SafetyState.Holding));
        Assert.That(guard.HoldReason, Does.Contain("non-finite").And.Contain(double.IsNaN(grip) ? "grip" : vx != 0 ? "linear" : "angular"));
        Assert.That(guard.Holds(HoldCause.NotFinite), Is.EqualTo(1));
        var after = guard.Decide(T(0.03), Twist(new Vec3(0.05, 0, 0)), hand).TwistTarget!.Value;
        Assert.That(guard.State, Is.Not.EqualTo(SafetyState.Holding));
        Assert.That(after.Linear.X, Is.EqualTo(0.01).Within(1e-12), "after the stop, motion ramps up again from rest (not on from 0.01 m/s)");
    }

    [Test]
    public void The_e_stop_latches_until_reset_and_a_reset_is_refused_while_it_is_asserted()
    {
        var guard = Guard(holdGrip: 2, maxAcceleration: 100);
        var hand = At(new Vec3(0, 0, 0.1));
        var move = Twist(new Vec3(0.05, 0, 0), default, 4);
        guard.Decide(T(0), move, hand);
        Assert.That(guard.Decide(T(0.01), move, hand).TwistTarget!.Value.Linear.X, Is.EqualTo(0.05));
        guard.EStop(T(0.02), true, "/safety/estop");
        Assert.That(guard.State, Is.EqualTo(SafetyState.EStopLatched));
        var held = guard.Decide(T(0.03), move, hand);
        Assert.That(held, Is.EqualTo(new HandCommand(TwistTarget: SparshRobot.Core.Geometry.Twist.Zero, GripTarget: 2)), "zero twist at the hold grip");

        var refused = guard.Reset(T(0.04));
        Assert.That(refused.Accepted, Is.False);
        Assert.That(refused.Message, Does.Contain("still asserted"));
        guard.EStop(T(0.05), false, "/safety/estop");
        Assert.That(guard.Decide(T(0.06), move, hand).TwistTarget, Is.EqualTo(SparshRobot.Core.Geometry.Twist.Zero), "releasing the e-stop does not release the hold");
        Assert.That(guard.State, Is.EqualTo(SafetyState.EStopLatched));

        Assert.That(guard.Reset(T(0.07)).Accepted, Is.True);
        Assert.That(guard.State, Is.EqualTo(SafetyState.Ok));
        Assert.That(guard.Decide(T(0.08), move, hand).TwistTarget!.Value.Linear.X, Is.EqualTo(0.05), "moves again after the reset");
        Assert.That(guard.Holds(HoldCause.EStop), Is.EqualTo(1));
        var stop = guard.Events.Single(e => e.To == SafetyState.EStopLatched);
        Assert.That(stop.Reason, Does.Contain("e-stop asserted (/safety/estop)"));
        Assert.That(guard.Events.Last(e => e.From == SafetyState.EStopLatched).Reason, Is.EqualTo("e-stop reset"));
    }

    [Test]
    public void A_lost_heartbeat_holds_within_its_timeout_and_releases_when_it_returns()
    {
        var guard = Guard(heartbeat: 0.2, maxAcceleration: 100);
        var hand = At(new Vec3(0, 0, 0.1));
        var move = Twist(new Vec3(0.05, 0, 0));
        guard.Heartbeat(T(0));
        guard.Decide(T(0), move, hand);
        for (var i = 1; i <= 20; i++)
        {
            guard.Decide(T(i * 0.01), move, hand);
        }
        Assert.That(guard.State, Is.Not.EqualTo(SafetyState.Holding), "0.2 s of silence is within the timeout");
        Assert.That(guard.Decide(T(0.21), move, hand).TwistTarget, Is.EqualTo(SparshRobot.Core.Geometry.Twist.Zero));
        Assert.That(guard.State, Is.EqualTo(SafetyState.Holding));
        Assert.That(guard.HoldReason, Does.Contain("heartbeat silent for 0.210 s (timeout 0.200 s)"));
        Assert.That(guard.Holds(HoldCause.Heartbeat), Is.EqualTo(1));

        guard.Heartbeat(T(0.3));
        Assert.That(guard.Decide(T(0.31), move, hand).TwistTarget!.Value.Linear.X, Is.EqualTo(0.05), "releases by itself once the heartbeat is back");
        Assert.That(guard.Events.Last(e => e.From == SafetyState.Holding).Reason, Does.StartWith("inputs back"));
    }

    [Test]
    public void No_heartbeat_at_all_holds_once_the_timeout_has_passed_since_the_start()
    {
        var guard = Guard(heartbeat: 0.2);
        Assert.That(guard.Check(T(5)), Is.False);
        Assert.That(guard.Check(T(5.2)), Is.False);
        Assert.That(guard.Check(T(5.21)), Is.True);
        Assert.That(guard.HoldReason, Does.Contain("no operator heartbeat yet"));
    }

    [Test]
    public void A_silent_stream_holds_past_its_deadline_and_a_stream_watched_by_name_too()
    {
        var guard = Guard(deadlines: new() { [SafetyStreams.Tactile] = 0.15 });
        guard.Feed(SafetyStreams.Tactile, T(1));
        Assert.That(guard.Check(T(1.15)), Is.False);
        Assert.That(guard.Check(T(1.16)), Is.True);
        Assert.That(guard.HoldReason, Is.EqualTo("tactile input silent for 0.160 s (deadline 0.150 s)"));
        guard.Feed(SafetyStreams.Tactile, T(1.2));
        Assert.That(guard.Check(T(1.21)), Is.False, "fresh again: released");

        guard.Watch("joint_states", 0.05, T(1.21));
        Assert.That(guard.Check(T(1.25)), Is.False);
        Assert.That(guard.Check(T(1.27)), Is.True);
        Assert.That(guard.HoldReason, Does.Contain("no joint_states input yet"));
        Assert.That(guard.Holds(HoldCause.Watchdog), Is.EqualTo(2));
        Assert.That(() => guard.Feed("joint_state", T(1.3)), Throws.ArgumentException.With.Message.Contains("'joint_state' is not watched").And.Message.Contains("joint_states, tactile"));
        Assert.That(() => guard.Watch("x", 0, T(1.3)), Throws.ArgumentException);
    }

    [Test]
    public void A_hold_in_pose_mode_keeps_the_pose_the_hand_had_when_it_began_and_the_last_safe_grip()
    {
        var guard = Guard();
        var hand = At(new Vec3(0, 0, 0.1));
        var target = new HandCommand(PoseTarget: new Pose3(new Vec3(0.05, 0, 0.1), Quat.Identity), GripTarget: 3);
        guard.Decide(T(0), target, hand);
        guard.Decide(T(0.01), target, hand);
        guard.EStop(T(0.02), true, "test");
        var moved = At(new Vec3(0.001, 0, 0.1));
        var first = guard.Decide(T(0.03), target, moved);
        var second = guard.Decide(T(0.04), target, At(new Vec3(0.002, 0, 0.1)));
        Assert.That(first.PoseTarget, Is.EqualTo(moved.EePose));
        Assert.That(second, Is.EqualTo(first), "the held pose does not follow the drifting hand");
        Assert.That(first.GripTarget, Is.EqualTo(3));
    }
}
