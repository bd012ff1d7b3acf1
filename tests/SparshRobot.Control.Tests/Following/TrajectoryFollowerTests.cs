using SparshRobot.Control.Following;
using SparshRobot.Core.Geometry;
using SparshRobot.Core.Time;
using SparshRobot.Policy.Runtime;
using SparshRobot.Policy.Spec;

namespace SparshRobot.Control.Tests.Following;

public sealed class TrajectoryFollowerTests
{
    private static readonly ActionSpec Action = new(["dx", "dy", "dz"], 3, 2);

    private static Timestamp T(double s) => Timestamp.FromNanoseconds((long)Math.Round(s * 1e9), ClockKind.Simulated);

    /// <summary>A plan at <paramref name="t"/> from <paramref name="origin"/>, each step moving by <paramref name="step"/>.</summary>
    private static PlannedTrajectory Plan(double t, Vec3 origin, Vec3 step, int count = 3, double rate = 5)
    {
        var points = new List<Waypoint>();
        var p = origin;
        for (var k = 0; k < count; k++)
        {
            p += step;
            points.Add(new Waypoint(T(t + (k + 1) / rate), p));
        }
        return new PlannedTrajectory(T(t), Quat.Identity, points, origin);
    }

    [Test]
    public void Streams_the_integrated_plan_one_tick_ahead_and_stops_at_its_end()
    {
        var follower = new TrajectoryFollower(5, Action, ChunkExecutionMode.Ensemble);
        Assert.That(follower.Update(T(1)).Active, Is.False, "nothing before the first plan");
        Assert.That(follower.Accept(Plan(1.0, new Vec3(0.1, 0, 0), new Vec3(0.001, 0, 0))), Is.True);
        var now = follower.Update(T(1.0));
        Assert.That(now.Active, Is.True);
        Assert.That(now.Position.X, Is.EqualTo(0.101).Within(1e-9), "heading for the target after this tick's step");
        Assert.That(now.Velocity.X, Is.EqualTo(0.005).Within(1e-9), "1 mm per 0.2 s");
        Assert.That(follower.Update(T(1.1)).Position.X, Is.EqualTo(0.1015).Within(1e-9), "halfway between ticks");
        var end = follower.Update(T(1.6));
        Assert.That(end.Active, Is.False);
        Assert.That(end.Position.X, Is.EqualTo(0.103).Within(1e-9));
        Assert.That(end.Velocity, Is.EqualTo(Vec3.Zero));
    }

    [Test]
    public void A_new_plan_continues_from_the_current_target_not_from_its_own_origin()
    {
        var follower = new TrajectoryFollower(5, Action, ChunkExecutionMode.Ensemble);
        follower.Accept(Plan(1.0, Vec3.Zero, new Vec3(0.001, 0, 0)));
        // Observed 5 mm away (the hand lags): deltas are added to the previous target, as the robot script does.
        follower.Accept(Plan(1.2, new Vec3(0.005, 0, 0), new Vec3(0.001, 0, 0)));
        Assert.That(follower.Update(T(1.2)).Position.X, Is.EqualTo(0.002).Within(1e-9));
    }

    [Test]
    public void Ensembling_blends_this_ticks_action_over_the_chunks_that_cover_it()
    {
        var follower = new TrajectoryFollower(5, Action, ChunkExecutionMode.Ensemble);
        follower.Accept(Plan(1.0, Vec3.Zero, new Vec3(0.001, 0, 0)));
        follower.Accept(Plan(1.2, Vec3.Zero, new Vec3(0.003, 0, 0)));
        // Step at tick 6: chunk from tick 5 says 1 mm (weight 1), chunk from tick 6 says 3 mm (weight e^-0.01).
        var w = Math.Exp(-0.01);
        var expected = 0.001 + (0.001 + 0.003 * w) / (1 + w);
        Assert.That(follower.Update(T(1.2)).Position.X, Is.EqualTo(expected).Within(1e-7));
    }

    [Test]
    public void Chunk_mode_plans_only_when_its_executed_steps_ran_out()
    {
        var follower = new TrajectoryFollower(5, Action, ChunkExecutionMode.Chunk);
        Assert.That(follower.NeedsPlan(5), Is.True);
        follower.Accept(Plan(1.0, Vec3.Zero, new Vec3(0.001, 0, 0)));
        Assert.That(follower.Update(T(1.3)).Position.X, Is.EqualTo(0.002).Within(1e-9), "two executed steps, then it holds");
        Assert.That(follower.Update(T(1.5)).Active, Is.False);
        Assert.That(follower.NeedsPlan(6), Is.False, "its second executed step is still due");
        Assert.That(follower.NeedsPlan(7), Is.True);
    }

    [Test]
    public void Old_and_non_finite_plans_are_refused_and_counted()
    {
        var follower = new TrajectoryFollower(5, Action, ChunkExecutionMode.Ensemble);
        follower.Accept(Plan(1.2, Vec3.Zero, new Vec3(0.001, 0, 0)));
        Assert.That(follower.Accept(Plan(1.0, Vec3.Zero, new Vec3(0.001, 0, 0))), Is.False);
        Assert.That(follower.Accept(Plan(1.4, Vec3.Zero, new Vec3(double.NaN, 0, 0))), Is.False);
        Assert.That(follower.Rejected, Is.EqualTo(2));
        Assert.That(follower.Update(T(1.2)).Position.X, Is.EqualTo(0.001).Within(1e-9), "the good plan still stands");
    }

    [Test]
    public void Reanchoring_continues_the_next_plan_from_where_the_hand_is()
    {
        var follower = new TrajectoryFollower(5, Action, ChunkExecutionMode.Ensemble);
        follower.Accept(Plan(1.0, Vec3.Zero, new Vec3(0.001, 0, 0)));
        follower.Reanchor(new Vec3(0.05, 0, 0));
        Assert.That(follower.Update(T(1.1)).Active, Is.False);
        follower.Accept(Plan(2.0, new Vec3(0.04, 0, 0), new Vec3(0.001, 0, 0)));
        Assert.That(follower.Update(T(2.0)).Position.X, Is.EqualTo(0.051).Within(1e-9));
    }
}
