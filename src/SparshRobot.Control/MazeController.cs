using SparshRobot.Control.Estimation;
using SparshRobot.Control.Following;
using SparshRobot.Control.Geometry;
using SparshRobot.Control.Laws;
using SparshRobot.Control.Supervision;
using SparshRobot.Core.Geometry;
using SparshRobot.Core.Robot;
using SparshRobot.Core.Time;
using SparshRobot.Policy.Runtime;
using SparshRobot.Policy.Spec;

namespace SparshRobot.Control;

/// <summary>
/// Which layers run: the ablation of the maze benchmark. <paramref name="Estimator"/> names the tactile estimator
/// the stack is meant to run with ("probe" or "classic"); the controller itself never learns which it got.
/// </summary>
public sealed record ControlStack(string Name, bool Policy, bool ForceLayer, bool Recovery, bool Drift, string Estimator = "probe")
{
    /// <summary>The published setup: the policy's integrated deltas as pose targets, fixed grip, no recovery.</summary>
    public static ControlStack Bc { get; } = new("bc", true, false, false, false, "classic");

    // The layer ablation (bc, bc+force, bc+recovery, full-classic) shares the classical estimator, so each step adds
    // one layer; full against full-classic isolates the estimator.
    public static ControlStack BcForce { get; } = new("bc+force", true, true, false, false, "classic");

    public static ControlStack BcRecovery { get; } = new("bc+recovery", true, false, true, false, "classic");

    public static ControlStack Full { get; } = new("full", true, true, true, true);

    public static ControlStack FullClassic { get; } = new("full-classic", true, true, true, true, "classic");

    /// <summary>Force layer and recovery following the felt wire with no policy: what BC adds, measured honestly.</summary>
    public static ControlStack TactileServo { get; } = new("tactile-servo", false, true, true, true, "classic");

    public static IReadOnlyList<ControlStack> All { get; } = [Bc, BcForce, BcRecovery, Full, FullClassic, TactileServo];

    public static ControlStack Parse(string name) => All.FirstOrDefault(s => s.Name == name)
        ?? throw new ArgumentException($"unknown control stack '{name}'; known: {string.Join(", ", All.Select(s => s.Name))}", nameof(name));
}

/// <summary>Everything the maze controller is tuned by.</summary>
/// <param name="FixedGrip">Grip of stacks without the force layer (the grip the demonstrations used), N.</param>
/// <param name="CruiseSpeed">Advance speed when no policy sets it (tactile-servo), m/s.</param>
/// <param name="BendSlowdown">Advance speed is divided by (1 + this x turn rate of the felt wire in rad/s).</param>
/// <param name="StartDirection">Which way along the wire to go before anything is felt or planned (the task's start heading).</param>
/// <param name="BackOffSpeed">Speed of recovery moves, m/s.</param>
/// <param name="BackOffGain">Recovery moves approach their target at this rate, 1/s.</param>
/// <param name="TravelSmoothing">Time constant with which the travel direction follows the felt wire, s.</param>
/// <param name="CarriedWeight">Weight of the held object the hand carries, N (the maze's 10 g bead): the pinch point is held
/// above the bead by weight / grasp stiffness so the fingers, not the wire, bear it, and the wire's friction, which
/// scales with what presses the bore onto it, stays small. Zero lets the wire carry it.</param>
/// <param name="Up">World up (against gravity).</param>
/// <param name="LagFree">Bead lag behind the pinch point (along the travel) up to which the hand advances at full pace, m.</param>
/// <param name="LagSpan">Beyond <paramref name="LagFree"/>, the pace falls linearly to <paramref name="MinPace"/> over this much more lag, m:
/// on a sticky stretch the hand keeps pace with a slow bead instead of dragging it off the pads.</param>
/// <param name="MinPace">Smallest fraction of the planned pace (a bead that does not move at all is then a jam).</param>
public sealed record MazeControlOptions(
    double FixedGrip = 2.5,
    double CruiseSpeed = 0.03,
    double BendSlowdown = 0.6,
    Vec3? StartDirection = null,
    double BackOffSpeed = 0.03,
    double BackOffGain = 12,
    double TravelSmoothing = 0.05,
    double CarriedWeight = 0.098,
    Vec3? Up = null,
    double LagFree = 0.0015,
    double LagSpan = 0.003,
    double MinPace = 0.3)
{
    public FingertipGeometry Geometry { get; init; } = FingertipGeometry.BeadMazeHand;

    public GripLawOptions Grip { get; init; } = GripLawOptions.Default;

    public CentringLawOptions Centring { get; init; } = CentringLawOptions.Default;

    public ClimbLawOptions Climb { get; init; } = ClimbLawOptions.Default;

    public MotionLimitOptions Limits { get; init; } = MotionLimitOptions.Default;

    public WatchdogOptions Watchdog { get; init; } = WatchdogOptions.Default;

    public SupervisorOptions Supervisor { get; init; } = SupervisorOptions.Default;

    public static MazeControlOptions Default { get; } = new();
}

/// <summary>What the controller gets each tick: only what a robot gives (no simulator truth).</summary>
/// <param name="Hand">The robot's reported end-effector pose and grip.</param>
/// <param name="Touch">Both fingertips' estimated tactile state.</param>
/// <param name="Plan">The newest planned trajectory from the policy (null when none yet or no policy).</param>
public readonly record struct ControlInput(EeObservation Hand, TactileState Touch, PlannedTrajectory? Plan);

/// <summary>The command and what the controller made of its inputs this tick (for telemetry, plots and the ROS state topic).</summary>
public readonly record struct ControlOutput(
    HandCommand Command,
    SupervisorState State,
    FeltContact Felt,
    double Progress,
    double GripTarget,
    Vec3 Velocity,
    StaleInputs Stale,
    FollowerSetpoint Setpoint);

/// <summary>
/// The layer between the policy's trajectory and the hand (ros2_control style: <see cref="Update"/> with the time and
/// period, called on every tactile tick): the trajectory follower, the force layer (grip and centring laws), the
/// recovery supervisor, the watchdog and the limits, switched per <see cref="ControlStack"/>. It drives an
/// <see cref="IHand"/> or returns commands; it never knows whether the hand is simulated. A steady tick allocates nothing.
/// </summary>
public sealed class MazeController
{
    private readonly TrajectoryFollower? _follower;
    private readonly GripLaw _grip;
    private readonly CentringLaw _centring;
    private readonly ClimbLaw _climb;
    private readonly MotionLimits _limits;
    private readonly InputWatchdog _watchdog;
    private readonly ProgressEstimator _progress = new();
    private PlannedTrajectory? _lastPlan;
    private Quat? _orientation;
    private Vec3 _travel;
    private double _turnRate;
    private double _gripTarget;
    private SupervisorState _previousState = SupervisorState.Tracking;

    public MazeController(ControlStack stack, MazeControlOptions? options = null, double policyRateHz = 0, ActionSpec? action = null,
        ChunkExecutionMode mode = ChunkExecutionMode.Ensemble)
    {
        Stack = stack;
        Options = options ?? MazeControlOptions.Default;
        if (stack.Policy)
        {
            _follower = new TrajectoryFollower(policyRateHz, action ?? throw new ArgumentNullException(nameof(action), $"stack {stack.Name} follows a policy: give its action spec"), mode);
        }
        _grip = new GripLaw(Options.Grip);
        _centring = new CentringLaw(Options.Centring);
        _climb = new ClimbLaw(Options.Climb);
        _limits = new MotionLimits(Options.Limits);
        _watchdog = new InputWatchdog(Options.Watchdog);
        Supervisor = new RecoverySupervisor(new SupervisorFeatures(stack.Recovery, stack.Drift, stack.ForceLayer), _progress, Options.Supervisor);
        _gripTarget = Options.FixedGrip;
    }

    public ControlStack Stack { get; }

    public MazeControlOptions Options { get; }

    public RecoverySupervisor Supervisor { get; }

    public TrajectoryFollower? Follower => _follower;

    public MotionLimits Limits => _limits;

    public GripLaw GripLaw => _grip;

    public ClimbLaw ClimbLaw => _climb;

    /// <summary>Arc length the bead has travelled, as felt.</summary>
    public double Progress => _progress.Distance;

    /// <summary>Whether the policy should plan at this instant (chunk mode plans only when its chunk ran out).</summary>
    public bool NeedsPlan(Timestamp now) => _follower is { } f && f.NeedsPlan(f.TickAt(now));

    /// <summary>Computes and sends this tick's command to <paramref name="hand"/>; returns what the controller decided.</summary>
    public ControlOutput Update(Timestamp now, TimeSpan period, in ControlInput input, IHand hand)
    {
        var output = Update(now, period, input);
        hand.Write(output.Command);
        return output;
    }

    public ControlOutput Update(Timestamp now, TimeSpan period, in ControlInput input)
    {
        var dt = period.TotalSeconds;
        var geometry = Options.Geometry;
        var ee = input.Hand.EePose;
        _orientation ??= ee.Orientation;
        var grasp = geometry.GraspPoint(ee);
        var felt = FeltContact.Fuse(input.Touch, ee, geometry, input.Hand.FingerOffset);
        if (_follower is { } follower && input.Plan is { } plan && !ReferenceEquals(plan, _lastPlan))
        {
            _lastPlan = plan;
            follower.Accept(plan);
        }
        var setpoint = _follower?.Update(now) ?? default;
        UpdateTravel(felt, setpoint, dt);
        var advance = AdvanceSpeed(setpoint);
        var layered = Stack.ForceLayer || Stack.Recovery;
        var stale = layered
            ? _watchdog.Check(now, TouchAge(input.Touch, now), input.Hand.Stamp, _follower is null ? null : _lastPlan?.Stamp,
                _follower is null ? null : TimeSpan.FromSeconds(_follower.Horizon / _follower.RateHz))
            : StaleInputs.None;
        _progress.Update(grasp, felt, _travel);
        var state = layered
            ? Supervisor.Update(new SupervisorInput(now, grasp, felt, !input.Touch.Blind, _travel, advance, stale))
            : SupervisorState.Tracking;
        if (state == SupervisorState.Tracking && _previousState is SupervisorState.ReacquireConfirm or SupervisorState.JamRealign)
        {
            // The hand moved for the recovery: the plan continues from here, the grip law forgets the old load.
            _follower?.Reanchor(ee.Position);
            _grip.Reset();
        }
        _previousState = state;

        Vec3 velocity;
        Pose3? poseTarget = null;
        switch (state)
        {
            case SupervisorState.Tracking:
            case SupervisorState.SlipReaction:
            case SupervisorState.Recentre:
            case SupervisorState.JamRealign:
                if (!Stack.ForceLayer)
                {
                    velocity = Vec3.Zero;
                    _gripTarget = Options.FixedGrip;
                    if (setpoint.Active || _follower?.Plans > 0)
                    {
                        poseTarget = new Pose3(setpoint.Position, _orientation.Value);
                    }
                    break;
                }
                var speed = state switch
                {
                    SupervisorState.SlipReaction => 0.5 * advance,
                    SupervisorState.Recentre or SupervisorState.JamRealign => 0,
                    _ => advance,
                } * Pace(felt);
                var axis = felt.AxisConfidence > 0.3 ? felt.Axis : Vec3.Zero;
                var pinch = ee.Orientation.Rotate(geometry.PinchAxis);
                // A lagging bead is pulled by the grasp along hand minus bead: where the wire climbs, that pull lies
                // along the wire only if the bead also sits the climb times the lag off the pinch point.
                var lean = pinch * (_climb.Slope * Lag(felt));
                velocity = _travel * speed + (felt.Contact ? _centring.Correction(felt.Offset + Carry() + lean, axis) : Vec3.Zero);
                // The climb follows the hand's net advance: waiting for a held-back bead must not walk it off the wire.
                var along = Math.Max(0, Vec3.Dot(velocity, _travel));
                var climb = felt.Contact ? _climb.Update(Vec3.Dot(felt.Offset + lean, pinch), along, dt) : _climb.Slope;
                velocity += pinch * (climb * along);
                _gripTarget = state == SupervisorState.JamRealign
                    ? Options.Grip.Min
                    : _grip.Update(dt, felt.Shear.Norm, felt.SlipProbability, felt.SlipSeverity);
                break;
            case SupervisorState.ReacquireOpen:
                velocity = Vec3.Zero;
                _gripTarget = 0;
                break;
            case SupervisorState.ReacquireBackOff:
            case SupervisorState.JamBackOff:
                var toTarget = (Supervisor.Target - grasp) * Options.BackOffGain;
                velocity = toTarget.Norm > Options.BackOffSpeed ? toTarget * (Options.BackOffSpeed / toTarget.Norm) : toTarget;
                _gripTarget = state == SupervisorState.JamBackOff ? Options.Grip.Min : 0;
                break;
            case SupervisorState.ReacquireClose:
            case SupervisorState.ReacquireConfirm:
                velocity = Vec3.Zero;
                _gripTarget = Stack.ForceLayer ? Options.Grip.Nominal : Options.FixedGrip;
                break;
            default:
                // Wait, safe hold, halted: decelerate (the limits ramp it) and keep the grip as it was.
                velocity = Vec3.Zero;
                break;
        }
        var grip = _limits.Grip(_gripTarget);
        HandCommand command;
        if (poseTarget is { } pose)
        {
            _limits.Reset();
            command = new HandCommand(PoseTarget: pose, GripTarget: grip);
        }
        else if (!Stack.ForceLayer && !layered)
        {
            command = new HandCommand(GripTarget: grip);
        }
        else
        {
            velocity = _limits.Velocity(velocity, grasp, dt);
            command = new HandCommand(TwistTarget: new Twist(velocity, Vec3.Zero), GripTarget: grip);
        }
        return new ControlOutput(command, state, felt, _progress.Distance, grip, velocity, stale, setpoint);
    }

    /// <summary>The travel direction follows the felt wire, its sign kept from the plan (or the start heading) so it never flips.</summary>
    private void UpdateTravel(in FeltContact felt, in FollowerSetpoint setpoint, double dt)
    {
        if (_travel == Vec3.Zero)
        {
            if (setpoint.Active && setpoint.Velocity.Norm > 1e-4)
            {
                _travel = setpoint.Velocity.Normalized();
            }
            else if (_follower is null && Options.StartDirection is { } start)
            {
                _travel = start.Normalized();
            }
        }
        if (!felt.Contact || felt.AxisConfidence <= 0.3 || dt <= 0)
        {
            return;
        }
        var reference = _travel != Vec3.Zero ? _travel : setpoint.Velocity;
        if (reference == Vec3.Zero)
        {
            return;
        }
        var axis = Vec3.Dot(felt.Axis, reference) >= 0 ? felt.Axis : -felt.Axis;
        var blend = 1 - Math.Exp(-dt / Options.TravelSmoothing);
        var previous = _travel == Vec3.Zero ? axis : _travel;
        var next = (previous + (axis - previous) * blend).Normalized();
        var turn = Math.Acos(Math.Clamp(Vec3.Dot(previous, next), -1, 1)) / dt;
        _turnRate += (turn - _turnRate) * blend;
        _travel = next;
    }

    /// <summary>How far the bead should sit below the pinch point (across the wire) for the grasp to bear its weight.</summary>
    private Vec3 Carry()
    {
        var lift = (Options.Up ?? Vec3.UnitZ) * (Options.CarriedWeight / Options.Geometry.GraspStiffness);
        return _travel == Vec3.Zero ? lift : lift - _travel * Vec3.Dot(lift, _travel);
    }

    /// <summary>The fraction of the planned pace the lag of the bead allows.</summary>
    private double Pace(in FeltContact felt) =>
        Math.Clamp(1 - (Lag(felt) - Options.LagFree) / Options.LagSpan, Options.MinPace, 1);

    /// <summary>How far the felt bead trails the pinch point along the direction of travel, metres (0 when ahead or unknown).</summary>
    private double Lag(in FeltContact felt) =>
        !felt.Contact || _travel == Vec3.Zero ? 0 : Math.Max(0, -Vec3.Dot(felt.Offset, _travel));

    private double AdvanceSpeed(in FollowerSetpoint setpoint)
    {
        if (_follower is not null)
        {
            // The policy sets the pace; the pads set the direction. Its own direction drifts from the wire within a
            // bend (local decisions), and projecting on the felt wire would stall the hand where the two part.
            return setpoint.Active ? setpoint.Velocity.Norm : 0;
        }
        return _travel == Vec3.Zero ? 0 : Options.CruiseSpeed / (1 + Options.BendSlowdown * _turnRate);
    }

    private static double TouchAge(in TactileState touch, Timestamp now)
    {
        var thumb = touch.Thumb.Usable ? touch.Thumb.AgeAt(now) : double.PositiveInfinity;
        var index = touch.Index.Usable ? touch.Index.AgeAt(now) : double.PositiveInfinity;
        return Math.Min(thumb, index);
    }
}
