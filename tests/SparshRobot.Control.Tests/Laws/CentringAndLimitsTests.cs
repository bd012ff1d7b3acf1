using SparshRobot.Control.Laws;
using SparshRobot.Core.Geometry;
using SparshRobot.Core.Time;

namespace SparshRobot.Control.Tests.Laws;

public sealed class CentringLawTests
{
    [Test]
    public void Moves_towards_the_bead_faster_across_the_wire_than_along_it()
    {
        var law = new CentringLaw();
        var o = law.Options;
        // 1 mm across (z) with the wire along x: (1 - 0.2 dead band) mm x 9 /s.
        var across = law.Correction(new Vec3(0, 0, 0.001), Vec3.UnitX);
        Assert.That(across.Z, Is.EqualTo(0.0008 * o.CrossGain).Within(1e-12));
        Assert.That(across.X, Is.Zero);
        var along = law.Correction(new Vec3(0.001, 0, 0), Vec3.UnitX);
        Assert.That(along.X, Is.EqualTo(0.0008 * o.AlongGain).Within(1e-12));
    }

    [Test]
    public void Offsets_inside_the_dead_band_are_left_alone_and_large_ones_are_capped()
    {
        var law = new CentringLaw();
        Assert.That(law.Correction(new Vec3(0, 0, 0.0001), Vec3.UnitX), Is.EqualTo(Vec3.Zero));
        Assert.That(law.Correction(new Vec3(0, 0, 0.05), Vec3.UnitX).Norm, Is.EqualTo(law.Options.MaxSpeed).Within(1e-12));
    }
}

public sealed class MotionLimitsTests
{
    [Test]
    public void Speed_and_acceleration_are_clamped_and_counted()
    {
        var limits = new MotionLimits(new MotionLimitOptions(MaxSpeed: 0.05, MaxAcceleration: 1));
        var v = limits.Velocity(new Vec3(1, 0, 0), Vec3.Zero, 0.01);
        // 1 m/s asked: capped to 0.05 m/s, then to 1 m/s^2 x 10 ms from rest.
        Assert.That(v.X, Is.EqualTo(0.01).Within(1e-12));
        Assert.That(limits.Count(LimitReason.Speed), Is.EqualTo(1));
        Assert.That(limits.Count(LimitReason.Acceleration), Is.EqualTo(1));
        for (var i = 0; i < 10; i++)
        {
            v = limits.Velocity(new Vec3(1, 0, 0), Vec3.Zero, 0.01);
        }
        Assert.That(v.X, Is.EqualTo(0.05).Within(1e-12));
    }

    [Test]
    public void Workspace_wall_stops_motion_outwards_only()
    {
        var limits = new MotionLimits(new MotionLimitOptions(MaxAcceleration: 1e9, WorkspaceMin: new Vec3(-1, -1, -1), WorkspaceMax: new Vec3(0.1, 1, 1)));
        var v = limits.Velocity(new Vec3(0.02, 0, 0.01), new Vec3(0.1, 0, 0), 0.01);
        Assert.That(v, Is.EqualTo(new Vec3(0, 0, 0.01)));
        Assert.That(limits.LastReason, Is.EqualTo(LimitReason.Workspace));
        Assert.That(limits.Velocity(new Vec3(-0.02, 0, 0), new Vec3(0.1, 0, 0), 0.01).X, Is.EqualTo(-0.02));
    }

    [Test]
    public void Non_finite_commands_become_a_stop_with_a_reason()
    {
        var limits = new MotionLimits(new MotionLimitOptions(MaxAcceleration: 1e9));
        Assert.That(limits.Velocity(new Vec3(double.NaN, 0, 0), Vec3.Zero, 0.01), Is.EqualTo(Vec3.Zero));
        Assert.That(limits.Count(LimitReason.NotFinite), Is.EqualTo(1));
        Assert.That(limits.Grip(double.PositiveInfinity), Is.EqualTo(limits.Options.MinGrip));
        Assert.That(limits.Count(LimitReason.NotFinite), Is.EqualTo(2));
        Assert.That(limits.Grip(100), Is.EqualTo(limits.Options.MaxGrip));
        Assert.That(limits.LastReason, Is.EqualTo(LimitReason.Grip));
    }
}

public sealed class InputWatchdogTests
{
    private static Timestamp T(double s) => Timestamp.FromNanoseconds((long)(s * 1e9), ClockKind.Simulated);

    [Test]
    public void Each_input_goes_stale_at_its_own_age()
    {
        var dog = new InputWatchdog();
        Assert.That(dog.Check(T(10), 0.05, T(9.95), T(9.8)), Is.EqualTo(StaleInputs.None));
        Assert.That(dog.Check(T(10), 0.2, T(9.95), T(9.8)), Is.EqualTo(StaleInputs.Tactile));
        Assert.That(dog.Check(T(10), double.PositiveInfinity, T(9.8), T(9.0)), Is.EqualTo(StaleInputs.Tactile | StaleInputs.Pose | StaleInputs.Plan));
        Assert.That(dog.Check(T(10), 0.05, T(10), null), Is.EqualTo(StaleInputs.None), "no plan followed: never stale");
        Assert.That(dog.Check(T(10), 0.05, T(10), T(9.0), TimeSpan.FromSeconds(1.6)), Is.EqualTo(StaleInputs.None), "a plan covering now is fresh");
    }
}
