using SparshRobot.Control.Estimation;
using SparshRobot.Control.Supervision;
using SparshRobot.Core.Geometry;
using SparshRobot.Core.Robot;
using SparshRobot.Core.Time;
using SparshRobot.Policy.Runtime;
using SparshRobot.Policy.Spec;
using SparshRobot.Testing;

namespace SparshRobot.Control.Tests;

public sealed class MazeControllerTests
{
    private static readonly ActionSpec Action = new(["dx", "dy", "dz"], 8, 5);
    private static readonly Pose3 Start = new(new Vec3(0, 0, 0.32), Quat.Identity);

    private static Timestamp T(double s) => Timestamp.FromNanoseconds((long)Math.Round(s * 1e9), ClockKind.Simulated);

    private static FingerEstimate Pad(Timestamp stamp, double x = 0, double angle = 0) =>
        new(stamp, true, 50, x, 0, angle, 2.5, 0, 0, 0, 0, 1, FrameHealth.Ok);

    private static PlannedTrajectory Plan(double t, Vec3 origin) =>
        new(T(t), Quat.Identity, [.. Enumerable.Range(1, 8).Select(k => new Waypoint(T(t + k / 5.0), origin + new Vec3(0.002 * k, 0, 0)))], origin);

    [Test]
    public void Bc_commands_the_followed_pose_at_a_fixed_grip()
    {
        var controller = new MazeController(ControlStack.Bc, policyRateHz: 5, action: Action);
        var hand = new EeObservation(T(1), Start, 2.5, 2.5);
        var output = controller.Update(T(1), TimeSpan.FromSeconds(1.0 / 60), new ControlInput(hand, new TactileState(Pad(T(1)), Pad(T(1))), Plan(1, Start.Position)));
        Assert.That(output.Command.PoseTarget, Is.Not.Null);
        Assert.That(output.Command.TwistTarget, Is.Null);
        Assert.That(output.Command.PoseTarget!.Value.Position.X, Is.EqualTo(0.002).Within(1e-9));
        Assert.That(output.Command.GripTarget, Is.EqualTo(controller.Options.FixedGrip));
    }

    [Test]
    public void Full_advances_along_the_felt_wire_at_the_plans_pace()
    {
        var controller = new MazeController(ControlStack.Full, policyRateHz: 5, action: Action);
        ControlOutput output = default;
        for (var k = 0; k < 30; k++)
        {
            var t = 1 + k / 60.0;
            // The wire runs 30 degrees up from +x; the plan says 10 mm/s along x.
            var touch = new TactileState(Pad(T(t), angle: Math.PI - Math.PI / 6), Pad(T(t), angle: Math.PI / 6));
            output = controller.Update(T(t), TimeSpan.FromSeconds(1.0 / 60), new ControlInput(new EeObservation(T(t), Start, 2.5, 2.5), touch, Plan(1, Start.Position)));
        }
        Assert.That(output.Command.TwistTarget, Is.Not.Null);
        var v = output.Command.TwistTarget!.Value.Linear;
        Assert.That(Math.Atan2(v.Z, v.X), Is.EqualTo(Math.PI / 6).Within(0.05), "along the felt wire, not the plan's own direction");
        Assert.That(v.Norm, Is.EqualTo(0.01).Within(0.002), "at the plan's speed");
        Assert.That(output.State, Is.EqualTo(SupervisorState.Tracking));
    }

    [Test]
    public void A_lagging_bead_slows_the_advance_down_to_the_least_pace()
    {
        double Speed(double lagMm)
        {
            // Force layer without recovery, so a long lag is not turned into a jam back-off while the speed settles.
            var stack = new ControlStack("force-only", false, true, false, false, "classic");
            var controller = new MazeController(stack, MazeControlOptions.Default with { StartDirection = Vec3.UnitX, CarriedWeight = 0 });
            // The bead behind the pinch point along the travel (-x); pads mirrored, so the thumb sees it at +x.
            ControlOutput output = default;
            for (var k = 0; k < 60; k++)
            {
                // Held long enough for the acceleration limit to let the speed settle.
                var t = T(1 + k / 60.0);
                var touch = new TactileState(Pad(t, x: lagMm), Pad(t, x: -lagMm));
                output = controller.Update(t, TimeSpan.FromSeconds(1.0 / 60), new ControlInput(new EeObservation(t, Start, 2.5, 2.5), touch, null));
            }
            return output.Velocity.X + controller.Options.Centring.AlongGain * Math.Max(0, lagMm / 1000 - controller.Options.Centring.DeadBand);
        }
        var o = MazeControlOptions.Default;
        Assert.That(Speed(0.5), Is.EqualTo(o.CruiseSpeed).Within(1e-9), "within the free lag: full pace");
        Assert.That(Speed(o.LagFree * 1000 + o.LagSpan * 500), Is.EqualTo(0.5 * o.CruiseSpeed).Within(1e-9), "half way: half pace");
        Assert.That(Speed(5.5), Is.EqualTo(o.MinPace * o.CruiseSpeed).Within(1e-9), "far behind: the least pace, so a stuck bead becomes a jam");
    }

    [Test]
    public void A_lagging_bead_on_a_learned_climb_is_held_climb_times_lag_off_the_pinch_axis()
    {
        var stack = new ControlStack("force-only", false, true, false, false, "classic");
        var controller = new MazeController(stack, MazeControlOptions.Default with { StartDirection = Vec3.UnitX, CarriedWeight = 0 });
        var share = controller.Options.Geometry.FingerComplianceShare;
        ControlOutput Tick(int k, double lagMm, double offsetMm)
        {
            var t = T(1 + k / 60.0);
            var touch = new TactileState(Pad(t, x: lagMm), Pad(t, x: -lagMm));
            var hand = new EeObservation(t, Start, 2.5, 2.5, offsetMm / 1000 * share);
            return controller.Update(t, TimeSpan.FromSeconds(1.0 / 60), new ControlInput(hand, touch, null));
        }
        // The bead keeps rising 0.2 mm towards the index pad while the hand advances: the law learns a climb.
        for (var k = 0; k < 60; k++)
        {
            Tick(k, 0, 0.2);
        }
        var slope = controller.ClimbLaw.Slope;
        Assert.That(slope, Is.GreaterThan(0.05));
        // Pulled from 2 mm behind along that climb, the bead belongs slope x 2 mm below the pinch point: no
        // correction across the wire, the hand rises at the climb and the climb stays learned.
        var output = Tick(60, 2, -slope * 2);
        Assert.That(output.Velocity.X, Is.GreaterThan(0), "still advancing");
        Assert.That(output.Velocity.Y, Is.EqualTo(slope * output.Velocity.X).Within(1e-12));
        Assert.That(controller.ClimbLaw.Slope, Is.EqualTo(slope).Within(1e-12));
    }

    [Test]
    public void The_hand_carries_the_beads_weight_by_centring_it_below_the_pinch_point()
    {
        var options = MazeControlOptions.Default with { StartDirection = Vec3.UnitX, CruiseSpeed = 0 };
        var controller = new MazeController(ControlStack.TactileServo, options);
        // Felt exactly centred: the law still lifts the pinch point until the bead hangs weight / k below it.
        var output = controller.Update(T(1), TimeSpan.FromSeconds(1.0 / 60), new ControlInput(new EeObservation(T(1), Start, 2.5, 2.5), new TactileState(Pad(T(1)), Pad(T(1))), null));
        var sag = options.CarriedWeight / options.Geometry.GraspStiffness;
        var expected = (sag - options.Centring.DeadBand) * options.Centring.CrossGain;
        Assert.That(output.Velocity.Z, Is.EqualTo(expected).Within(1e-9));
        Assert.That(output.Velocity.X, Is.EqualTo(0).Within(1e-12));
    }

    [Test]
    public void Stale_touch_stops_the_hand_and_waits()
    {
        var controller = new MazeController(ControlStack.TactileServo, MazeControlOptions.Default with { StartDirection = Vec3.UnitX });
        var old = new TactileState(Pad(T(0.5)), Pad(T(0.5)));
        var output = controller.Update(T(1), TimeSpan.FromSeconds(1.0 / 60), new ControlInput(new EeObservation(T(1), Start, 2.5, 2.5), old, null));
        Assert.That(output.State, Is.EqualTo(SupervisorState.WaitForInputs));
        Assert.That(output.Stale, Is.EqualTo(SparshRobot.Control.Laws.StaleInputs.Tactile));
        Assert.That(output.Command.TwistTarget!.Value.Linear, Is.EqualTo(Vec3.Zero));
    }

    [Test]
    public void A_steady_tick_allocates_nothing()
    {
        var controller = new MazeController(ControlStack.Full, policyRateHz: 5, action: Action);
        var plan = Plan(1, Start.Position);
        ControlOutput Tick(int k)
        {
            var t = 1 + k / 60.0;
            var touch = new TactileState(Pad(T(t), 0.3), Pad(T(t), -0.3));
            return controller.Update(T(t), TimeSpan.FromSeconds(1.0 / 60), new ControlInput(new EeObservation(T(t), Start, 2.5, 2.5), touch, plan));
        }
        for (var k = 0; k < 20; k++)
        {
            Tick(k);
        }
        var next = 20;
        var allocated = Allocations.FewestPerBlock(() =>
        {
            for (var i = 0; i < 20; i++)
            {
                Tick(next++);
            }
        });
        Assert.That(allocated, Is.Zero);
    }
}
