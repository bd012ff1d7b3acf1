using SparshRobot.Control.Geometry;
using SparshRobot.Control.Laws;
using SparshRobot.Control.Supervision;
using SparshRobot.Core.Geometry;
using SparshRobot.Core.Time;

namespace SparshRobot.Control.Tests.Supervision;

/// <summary>Drives the supervisor with scripted touch on an injected clock (60 Hz ticks).</summary>
public sealed class RecoverySupervisorTests
{
    private const double Dt = 1.0 / 60;
    private double _t = 1;
    private Vec3 _grasp = new(0.1, 0, 0.2);

    private static readonly SupervisorOptions O = SupervisorOptions.Default;

    private static FeltContact Held(Vec3 offset = default, double slip = 0) =>
        new(true, offset, Vec3.UnitX, 1, 2.5, Vec3.Zero, slip, slip * 20, 1);

    private static FeltContact Empty => FeltContact.None;

    private (RecoverySupervisor Supervisor, ProgressEstimator Progress) Make(bool drift = true, SupervisorOptions? options = null)
    {
        var progress = new ProgressEstimator();
        var supervisor = new RecoverySupervisor(new SupervisorFeatures(true, drift, true), progress, options ?? O);
        return (supervisor, progress);
    }

    private SupervisorState Tick(RecoverySupervisor s, FeltContact felt, double advance = 0.01, StaleInputs stale = StaleInputs.None, bool usable = true)
    {
        _t += Dt;
        s.Progress.Update(_grasp, felt, Vec3.UnitX);
        return s.Update(new SupervisorInput(Timestamp.FromNanoseconds((long)(_t * 1e9), ClockKind.Simulated), _grasp, felt, usable, Vec3.UnitX, advance, stale));
    }

    private SupervisorState Run(RecoverySupervisor s, FeltContact felt, double seconds, double advance = 0.01)
    {
        var state = s.State;
        for (var i = 0; i < (int)Math.Round(seconds / Dt); i++)
        {
            state = Tick(s, felt, advance);
        }
        return state;
    }

    /// <summary>Carries the bead forward along x at 3 cm/s for a while, so a path is remembered.</summary>
    private void Carry(RecoverySupervisor s, double seconds)
    {
        for (var i = 0; i < (int)(seconds / Dt); i++)
        {
            _grasp += new Vec3(0.03 * Dt, 0, 0);
            Tick(s, Held());
        }
    }

    [Test]
    public void Lost_bead_is_reacquired_open_back_off_close_confirm_with_every_transition_reported()
    {
        var (s, _) = Make();
        var seen = new List<SupervisorEvent>();
        s.Transitioned += seen.Add;
        Carry(s, 1);
        var lastContact = _grasp;
        Assert.That(Run(s, Empty, O.LostAfter - 2 * Dt), Is.EqualTo(SupervisorState.Tracking), "a flicker is not a loss");
        Assert.That(Run(s, Empty, 4 * Dt), Is.EqualTo(SupervisorState.ReacquireOpen));
        Assert.That(s.Target.X, Is.EqualTo(lastContact.X).Within(1e-9), "first search where the bead was last felt");
        _grasp += new Vec3(0.005, 0, 0);
        Assert.That(Run(s, Empty, O.OpenTime + Dt), Is.EqualTo(SupervisorState.ReacquireBackOff));
        _grasp = s.Target;
        Assert.That(Tick(s, Empty), Is.EqualTo(SupervisorState.ReacquireClose));
        Assert.That(Run(s, Empty, O.CloseTime + Dt), Is.EqualTo(SupervisorState.ReacquireConfirm));
        Assert.That(Tick(s, Held()), Is.EqualTo(SupervisorState.Tracking));
        Assert.That(s.Recoveries(FailureCode.BeadLost), Is.EqualTo(1));
        Assert.That(seen.Select(e => e.To), Is.EqualTo(new[]
        {
            SupervisorState.ReacquireOpen, SupervisorState.ReacquireBackOff, SupervisorState.ReacquireClose, SupervisorState.ReacquireConfirm, SupervisorState.Tracking,
        }));
        Assert.That(seen.All(e => e.Code == FailureCode.BeadLost && e.Reason.Length > 0), Is.True);
        Assert.That(s.Events, Is.EqualTo(seen));
        Assert.That(seen.Select(e => e.Recovered), Is.EqualTo(new[] { false, false, false, false, true }), "only the confirmed regrasp counts");
        Assert.That(SupervisorEvent.Recoveries(s.Events, FailureCode.BeadLost), Is.EqualTo(1), "the events tell the count the supervisor keeps");
    }

    [Test]
    public void Nothing_felt_after_closing_searches_further_back_until_the_budget_gives_up()
    {
        var (s, _) = Make();
        Carry(s, 1);
        var targets = new List<double>();
        Run(s, Empty, O.LostAfter + 2 * Dt);
        for (var i = 0; i < 10_000 && s.State != SupervisorState.SafeHold; i++)
        {
            if (s.State == SupervisorState.ReacquireBackOff)
            {
                targets.Add(s.Target.X);
                _grasp = s.Target;
            }
            Tick(s, Empty);
        }
        Assert.That(s.State, Is.EqualTo(SupervisorState.SafeHold));
        Assert.That(targets, Has.Count.EqualTo(O.BudgetLost));
        Assert.That(targets, Is.Ordered.Descending, "each attempt searches further back along the path");
        Assert.That(targets[1] - targets[0], Is.EqualTo(-O.SearchStep).Within(1e-6));
        Assert.That(s.HoldReason, Does.Contain("BeadLost").And.Contain("budget"));
        Assert.That(s.Events[^1].Code, Is.EqualTo(FailureCode.BudgetExhausted));
    }

    [Test]
    public void Budgets_refill_after_a_distance_of_progress_and_not_before()
    {
        var (s, _) = Make(options: O with { BudgetJam = 1 });
        Carry(s, 0.5);
        // A jam: the bead lags 4 mm behind while the hand advances.
        Run(s, Held(new Vec3(-0.0035, 0, 0)), O.JamTime + 3 * Dt);
        Assert.That(s.State, Is.EqualTo(SupervisorState.JamBackOff));
        Assert.That(s.Used(FailureCode.Jam), Is.EqualTo(1));
        _grasp = s.Target;
        Tick(s, Held());
        Run(s, Held(), O.RealignTime + Dt);
        Assert.That(s.State, Is.EqualTo(SupervisorState.Tracking));
        Carry(s, 0.5);
        Assert.That(s.Used(FailureCode.Jam), Is.EqualTo(1), "15 mm of progress is not enough");
        Carry(s, 0.6);
        Assert.That(s.Used(FailureCode.Jam), Is.Zero, "refilled after 30 mm");
        Assert.That(s.BudgetRefills, Is.EqualTo(1));
        Run(s, Held(new Vec3(-0.0035, 0, 0)), O.JamTime + 3 * Dt);
        Assert.That(s.State, Is.EqualTo(SupervisorState.JamBackOff), "a refilled budget allows the next recovery");
    }

    [Test]
    public void Jam_backs_off_realigns_at_low_grip_then_retries()
    {
        var (s, _) = Make();
        Carry(s, 0.3);
        Assert.That(Run(s, Held(new Vec3(-0.0035, 0, 0)), O.JamTime - 2 * Dt), Is.EqualTo(SupervisorState.Tracking));
        Assert.That(Run(s, Held(new Vec3(-0.0035, 0, 0)), 4 * Dt), Is.EqualTo(SupervisorState.JamBackOff));
        Assert.That(s.Target.X, Is.EqualTo(_grasp.X - O.JamBackOff).Within(1e-9));
        _grasp = s.Target;
        Assert.That(Tick(s, Held()), Is.EqualTo(SupervisorState.JamRealign));
        Assert.That(Run(s, Held(), O.RealignTime + Dt), Is.EqualTo(SupervisorState.Tracking));
        Assert.That(s.Recoveries(FailureCode.Jam), Is.EqualTo(1));
        Assert.That(SupervisorEvent.Recoveries(s.Events, FailureCode.Jam), Is.EqualTo(1));
    }

    [Test]
    public void A_bead_held_back_but_still_moving_is_not_a_jam()
    {
        var (s, _) = Make();
        Carry(s, 0.3);
        // 3.5 mm behind (past the jam lag) for a second, but the bead creeps on at 5 mm/s: a sticky stretch.
        for (var i = 0; i < 60; i++)
        {
            _grasp += new Vec3(0.005 * Dt, 0, 0);
            Assert.That(Tick(s, Held(new Vec3(-0.0035, 0, 0))), Is.EqualTo(SupervisorState.Tracking));
        }
        Assert.That(s.Used(FailureCode.Jam), Is.Zero);
    }

    [Test]
    public void A_bead_that_makes_no_progress_while_the_hand_waits_for_it_is_a_jam()
    {
        var (s, _) = Make();
        Carry(s, 0.3);
        // Only 1.5 mm behind (the pace has slowed the hand), but nothing moves.
        Assert.That(Run(s, Held(new Vec3(-0.0015, 0, 0)), O.StallTime - 2 * Dt), Is.EqualTo(SupervisorState.Tracking));
        Assert.That(Run(s, Held(new Vec3(-0.0015, 0, 0)), 4 * Dt), Is.EqualTo(SupervisorState.JamBackOff));
        Assert.That(s.Events[^1].Reason, Does.Contain("no progress"));
        Assert.That(s.Used(FailureCode.Jam), Is.EqualTo(1));
    }

    [Test]
    public void Realigning_waits_for_the_bead_to_be_centred_or_for_its_timeout()
    {
        var (s, _) = Make(drift: false);
        Carry(s, 0.3);
        Run(s, Held(new Vec3(-0.0035, 0, 0)), O.JamTime + 3 * Dt);
        _grasp = s.Target;
        Assert.That(Tick(s, Held()), Is.EqualTo(SupervisorState.JamRealign));
        var offCentre = Held(new Vec3(0, 0, 0.001));
        Assert.That(Run(s, offCentre, O.RealignTime + 0.2, advance: 0), Is.EqualTo(SupervisorState.JamRealign), "1 mm off centre: keep centring");
        Assert.That(Run(s, offCentre, O.RealignTimeout - O.RealignTime, advance: 0), Is.EqualTo(SupervisorState.Tracking), "until the timeout");
        Assert.That(s.Recoveries(FailureCode.Jam), Is.EqualTo(1));
        Assert.That(SupervisorEvent.Recoveries(s.Events, FailureCode.Jam), Is.EqualTo(1));
    }

    [Test]
    public void Lag_without_advancing_is_not_a_jam()
    {
        var (s, _) = Make();
        Assert.That(Run(s, Held(new Vec3(-0.0035, 0, 0)), 1, advance: 0), Is.EqualTo(SupervisorState.Tracking));
    }

    [Test]
    public void A_bead_far_behind_the_pinch_point_is_regrasped()
    {
        var (s, _) = Make();
        Carry(s, 0.3);
        Assert.That(Tick(s, Held(new Vec3(-0.007, 0, 0))), Is.EqualTo(SupervisorState.ReacquireOpen));
        Assert.That(s.Target.X, Is.EqualTo(_grasp.X - 0.007).Within(1e-9), "regrasp where the bead is felt");
        Assert.That(s.Events[^1].Code, Is.EqualTo(FailureCode.Slip));
    }

    [Test]
    public void Persistent_off_centre_contact_is_recentred()
    {
        var (s, _) = Make();
        var off = Held(new Vec3(0, 0, 0.003));
        Assert.That(Run(s, off, O.DriftTime - 2 * Dt), Is.EqualTo(SupervisorState.Tracking));
        Assert.That(Run(s, off, 4 * Dt), Is.EqualTo(SupervisorState.Recentre));
        Assert.That(Tick(s, Held(new Vec3(0, 0, 0.0005))), Is.EqualTo(SupervisorState.Tracking));
        Assert.That(s.Recoveries(FailureCode.Drift), Is.EqualTo(1));
        Assert.That(SupervisorEvent.Recoveries(s.Events, FailureCode.Drift), Is.EqualTo(1));
    }

    [Test]
    public void Drift_is_ignored_when_the_stack_has_no_drift_layer()
    {
        var (s, _) = Make(drift: false);
        Assert.That(Run(s, Held(new Vec3(0, 0, 0.003)), 2), Is.EqualTo(SupervisorState.Tracking));
    }

    [Test]
    public void Slip_reaction_enters_on_slip_and_leaves_once_slip_stayed_low()
    {
        var (s, _) = Make();
        Assert.That(Tick(s, Held(slip: 0.9)), Is.EqualTo(SupervisorState.SlipReaction));
        Assert.That(Run(s, Held(slip: 0.1), O.SlipHold - 2 * Dt), Is.EqualTo(SupervisorState.SlipReaction));
        Assert.That(Run(s, Held(slip: 0.1), 4 * Dt), Is.EqualTo(SupervisorState.Tracking));
    }

    [Test]
    public void Stale_input_waits_and_resumes_when_fresh()
    {
        var (s, _) = Make();
        Assert.That(Tick(s, Held(), stale: StaleInputs.Pose), Is.EqualTo(SupervisorState.WaitForInputs));
        Assert.That(Tick(s, Held(), stale: StaleInputs.Pose), Is.EqualTo(SupervisorState.WaitForInputs));
        Assert.That(Tick(s, Held()), Is.EqualTo(SupervisorState.Tracking));
        Assert.That(s.Events[0].Reason, Does.Contain("Pose"));
    }

    [Test]
    public void Blind_pads_are_not_a_lost_bead()
    {
        var (s, _) = Make();
        for (var i = 0; i < 60; i++)
        {
            Tick(s, Empty, usable: false);
        }
        Assert.That(s.State, Is.EqualTo(SupervisorState.Tracking));
    }

    [Test]
    public void Halt_in_the_middle_of_a_recovery_stops_it_and_resume_does_not_continue_it()
    {
        var (s, _) = Make();
        Carry(s, 0.5);
        _grasp += new Vec3(0.005, 0, 0);
        Run(s, Empty, O.LostAfter + O.OpenTime + 3 * Dt);
        Assert.That(s.State, Is.EqualTo(SupervisorState.ReacquireBackOff));
        var now = Timestamp.FromNanoseconds((long)(_t * 1e9), ClockKind.Simulated);
        s.Halt(now, "operator pressed stop");
        Assert.That(s.State, Is.EqualTo(SupervisorState.Halted));
        Assert.That(s.HoldReason, Is.EqualTo("operator pressed stop"));
        Assert.That(Run(s, Empty, 1), Is.EqualTo(SupervisorState.Halted), "nothing moves while halted");
        s.Resume(now);
        Assert.That(s.State, Is.EqualTo(SupervisorState.Tracking));
        Assert.That(Tick(s, Held()), Is.EqualTo(SupervisorState.Tracking), "the abandoned search does not come back");
        Assert.That(s.Events.Count(e => e.To == SupervisorState.Halted), Is.EqualTo(1));
    }

    [Test]
    public void Cancel_mid_recovery_is_final()
    {
        var (s, _) = Make();
        Carry(s, 0.5);
        Run(s, Empty, O.LostAfter + 2 * Dt);
        Assert.That(s.State, Is.EqualTo(SupervisorState.ReacquireOpen));
        var now = Timestamp.FromNanoseconds((long)(_t * 1e9), ClockKind.Simulated);
        s.Cancel(now, "goal cancelled");
        Assert.That(s.State, Is.EqualTo(SupervisorState.Halted));
        Assert.That(s.Events[^1].Code, Is.EqualTo(FailureCode.Cancelled));
        Assert.That(() => s.Resume(now), Throws.InvalidOperationException.With.Message.Contains("cancelled"));
        Assert.That(() => new RecoverySupervisor(default, new ProgressEstimator()).Resume(now), Throws.InvalidOperationException);
    }
}
