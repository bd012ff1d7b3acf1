using SparshRobot.Core.Geometry;
using SparshRobot.Core.Robot;
using SparshRobot.Core.Time;
using SparshRobot.Sim.Faults;
using SparshRobot.Sim.Hand;
using SparshRobot.Sim.Mazes;
using SparshRobot.Sim.Physics;

namespace SparshRobot.Sim.Simulation;

/// <summary>
/// The bead maze, stepped in lock-step: every <see cref="Step"/> advances the physics by one period (1 ms at the
/// default 1 kHz) and the simulated clock with it, and says whether a tactile tick (60 Hz) or an observation
/// (policy rate) fell due. Commands go through a delay line so latency faults act on them like a network would.
/// </summary>
public sealed class BeadMazeSim
{
    private readonly CartesianTracker _tracker;
    private readonly GripActuator _grip;
    private readonly BeadPhysics _bead;
    private readonly Queue<(long DueNs, HandCommand Command)> _pending = new();
    private long _lastDueNs;
    private double _gripTarget;

    public BeadMazeSim(Maze maze, SimOptions? options = null, FaultPlan? faults = null)
    {
        Options = options ?? SimOptions.Default;
        Options.Validate();
        Maze = maze;
        Faults = faults ?? FaultPlan.None;
        Clock = new SimulatedClock();
        Dt = 1.0 / Options.PhysicsRate;
        _bead = new BeadPhysics(maze.Wire, Options.Hand, Options.Bead, Options.StartS);
        var start = maze.Wire.Point(_bead.S);
        var ee = Options.Hand.EeForGrasp(start, Quat.Identity);
        _tracker = new CartesianTracker(ee, Options.Tracker);
        _tracker.SetPoseTarget(ee);
        _grip = new GripActuator(Options.MaxGrip, Options.GripTimeConstant);
        _grip.Reset(Options.InitialGrip);
        _gripTarget = _grip.Target;
        if (Options.InitialGrip >= Options.Bead.HoldForce)
        {
            _bead.Grasp(ee);
        }
        Truth = new GroundTruth(Clock.Now(), _bead.State, ee, Options.Hand.GraspPoint(ee), _grip.Force, Vec3.Zero, 0);
    }

    public Maze Maze { get; }

    public SimOptions Options { get; }

    public FaultPlan Faults { get; }

    public SimulatedClock Clock { get; }

    /// <summary>Physics period, seconds.</summary>
    public double Dt { get; }

    public long StepCount { get; private set; }

    /// <summary>Simulated seconds since the start.</summary>
    public double Time => StepCount * Dt;

    public GroundTruth Truth { get; private set; }

    public BeadState Bead => _bead.State;

    /// <summary>Why the grasp was lost on the last step, if it was.</summary>
    public GraspLoss LastGraspLoss { get; private set; }

    /// <summary>The pose the robot reports (its kinematics, without the calibration drift the real hand has).</summary>
    public Pose3 ReportedEePose => _tracker.Pose;

    public double MechanicalEnergy => _bead.MechanicalEnergy(TrueEe());

    /// <summary>Queues a command; it takes effect after the latency the fault plan imposes now (none by default).</summary>
    public void Command(HandCommand command)
    {
        command.Validate();
        var due = Clock.Now().TotalNanoseconds + (long)(Faults.CommandLatency(Time) * 1e9);
        // Commands stay in order, as on a single connection: a late one holds back those behind it.
        _lastDueNs = Math.Max(_lastDueNs, due);
        _pending.Enqueue((_lastDueNs, command));
    }

    public SimTicks Step()
    {
        var now = Clock.Now().TotalNanoseconds;
        while (_pending.Count > 0 && _pending.Peek().DueNs <= now)
        {
            Apply(_pending.Dequeue().Command);
        }
        _tracker.Step(Dt);
        _grip.Step(Dt);
        var t = Time;
        var ee = TrueEe();
        LastGraspLoss = _bead.Step(Dt, ee, _grip.Force, _gripTarget, Faults.PadFrictionScale(t),
            Faults.WireFrictionScale(t, _bead.S / Maze.Wire.Length));
        StepCount++;
        Clock.Advance(TimeSpan.FromTicks(TimeSpan.TicksPerSecond / Options.PhysicsRate));
        Truth = new GroundTruth(Clock.Now(), _bead.State, ee, Options.Hand.GraspPoint(ee), _grip.Force,
            Faults.CalibrationOffset(t), Faults.CommandLatency(t));
        var ticks = SimTicks.None;
        if (Due(Options.TactileRate))
        {
            ticks |= SimTicks.Tactile;
        }
        if (Due(Options.ObservationRate))
        {
            ticks |= SimTicks.Observation;
        }
        return ticks;
    }

    /// <summary>What a person watching sees now: for the scripted teleoperator only, never for a controller.</summary>
    public SceneView Scene() => new(Maze, Truth.Bead.Position, Truth.GraspPoint, Truth.Bead.Grasped);

    public EeObservation Observe() => new(Clock.Now(), _tracker.Pose, _grip.Force, _gripTarget, FingerOffset());

    /// <summary>What the finger encoders read: the fingers give way to a held bead the wire keeps off the pinch point; open, they rest centred.</summary>
    private double FingerOffset()
    {
        if (!Truth.Bead.Grasped)
        {
            return 0;
        }
        var hand = Options.Hand;
        var pinch = Truth.TrueEePose.Orientation.Rotate(hand.PinchAxis);
        var offset = Vec3.Dot(Truth.Bead.Position - Truth.GraspPoint, pinch) * hand.FingerComplianceShare;
        return Math.Round(offset / hand.FingerResolution) * hand.FingerResolution;
    }

    /// <summary>Both fingertips' contact, fault flags and image conditions now.</summary>
    public TactileTick Tactile()
    {
        var ee = TrueEe();
        var t = Time;
        FingerTouch Touch(Finger finger) => new(
            PadContact.For(finger, _bead.State, ee, _grip.Force, Options.Hand, Options.Bead),
            Faults.TactileFlags(finger, t),
            Faults.ImageConditions(finger, t));
        var sequence = StepCount * Options.TactileRate / Options.PhysicsRate - 1;
        return new TactileTick(Clock.Now(), sequence, Touch(Finger.Thumb), Touch(Finger.Index));
    }

    private bool Due(int rate) => StepCount * rate / Options.PhysicsRate != (StepCount - 1) * rate / Options.PhysicsRate;

    private Pose3 TrueEe()
    {
        var pose = _tracker.Pose;
        return new Pose3(pose.Position + Faults.CalibrationOffset(Time), pose.Orientation);
    }

    private void Apply(HandCommand command)
    {
        if (command.PoseTarget is { } pose)
        {
            _tracker.SetPoseTarget(pose);
        }
        else if (command.TwistTarget is { } twist)
        {
            _tracker.SetTwistTarget(twist);
        }
        if (command.GripTarget is { } grip)
        {
            _grip.Command(grip);
            _gripTarget = _grip.Target;
        }
    }
}
