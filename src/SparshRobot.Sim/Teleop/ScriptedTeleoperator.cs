using SparshRobot.Core.Geometry;
using SparshRobot.Core.Numerics;
using SparshRobot.Core.Robot;
using SparshRobot.Sim.Hand;
using SparshRobot.Sim.Simulation;

namespace SparshRobot.Sim.Teleop;

/// <summary>
/// A scripted stand-in for a person teleoperating the hand along the wire. It watches the scene (with a
/// reaction delay and perception noise), moves a target along the wire a few millimetres ahead of the bead, slower
/// in bends, and drives it through a second-order arm model that lags and overshoots, with tremor on top. It
/// corrects for where it sees the fingertips versus where the robot says they are (so a calibration drift is
/// compensated as a person would), regrasps when it sees the bead slip or drop, now and then for no reason, and
/// backs off when the bead stops moving under a pull.
/// </summary>
public sealed class ScriptedTeleoperator : IMazeController
{
    private readonly TeleopProfile _profile;
    private readonly HandGeometry _hand;
    private readonly Random _rng;
    private readonly Func<SceneView> _scene;
    private readonly Queue<SceneView> _seen = new();
    private Phase _phase = Phase.Carry;
    private double _phaseTime;
    private double _time;
    private double _sTarget = double.NaN;
    private double _sBead;
    private Vec3 _arm;
    private Vec3 _armVelocity;
    private Vec3 _tremor;
    private Vec3 _calibration;
    private double _grip;
    private double _gripLevel;
    private double _lastSqueeze = double.NegativeInfinity;
    private double _stuckSince = double.NaN;
    private double _stuckS;
    private bool _initialized;

    /// <param name="scene">What the operator sees at the moment it is asked (the simulator's truth: the operator is a person at the maze).</param>
    public ScriptedTeleoperator(TeleopProfile profile, HandGeometry hand, int seed, Func<SceneView> scene)
    {
        _scene = scene;
        _profile = profile;
        _hand = hand;
        _rng = new Random(seed);
        _grip = profile.Grip;
        _gripLevel = profile.Grip;
    }

    public string Name => "teleop";

    public HandCommand? Act(ControllerInput input)
    {
        var scene = _scene();
        var dt = 1.0 / 30;
        if (_initialized)
        {
            dt = Math.Max(1e-3, input.Observation.Stamp.TotalSeconds - _time);
        }
        _time = input.Observation.Stamp.TotalSeconds;
        _phaseTime += dt;
        _seen.Enqueue(scene);
        while (_seen.Count > 1 + (int)Math.Round(_profile.ReactionDelay / dt))
        {
            _seen.Dequeue();
        }
        var view = _seen.Peek();
        var wire = view.Maze.Wire;
        var bead = view.BeadPosition + Noise(_profile.PerceptionNoise);
        var fingers = view.GraspPoint + Noise(_profile.PerceptionNoise);
        var reportedGrasp = _hand.GraspPoint(input.Observation.EePose);
        if (!_initialized)
        {
            _sBead = wire.Project(bead, 0, double.PositiveInfinity);
            _sTarget = _sBead;
            _arm = fingers;
            _calibration = reportedGrasp - fingers;
            _initialized = true;
        }
        _sBead = wire.Project(bead, _sBead, 0.02);
        // A person sees where the fingertips are, not where the robot thinks they are: the difference is learned slowly.
        _calibration += (reportedGrasp - fingers - _calibration) * Math.Min(1, dt / 0.5);

        Vec3 goal;
        switch (_phase)
        {
            case Phase.Carry:
                goal = Carry(view, bead, fingers, input.Observation.EePose.Orientation.Rotate(_hand.PinchAxis), wire, dt);
                break;
            case Phase.Open:
                _grip = 0;
                goal = _arm;
                if (_phaseTime > 0.25)
                {
                    Enter(Phase.Reposition);
                }
                break;
            case Phase.Reposition:
                goal = bead;
                // Close as soon as the fingers are around the bead: a released bead on a slope does not wait.
                if (_phaseTime > 0.15 && ((fingers - bead).Norm < 0.002 || _phaseTime > 1.2))
                {
                    Enter(Phase.Close);
                }
                break;
            default:
                goal = bead;
                _grip = _gripLevel * (1 + 0.1 * _rng.NextGaussian());
                if (_phaseTime > 0.25)
                {
                    _sTarget = _sBead;
                    Enter(Phase.Carry);
                }
                break;
        }

        // Second-order arm (lag and overshoot) plus tremor, integrated in substeps for accuracy at 30 Hz.
        var w = 2 * Math.PI * _profile.ArmFrequency;
        const int substeps = 4;
        var h = dt / substeps;
        for (var i = 0; i < substeps; i++)
        {
            _armVelocity += (w * w * (goal - _arm) - 2 * _profile.ArmDamping * w * _armVelocity) * h;
            _arm += _armVelocity * h;
        }
        var decay = Math.Exp(-dt / 0.3);
        _tremor = _tremor * decay + Noise(_profile.HandNoise * Math.Sqrt(1 - decay * decay));
        var target = _arm + _tremor + _calibration;
        return new HandCommand(_hand.EeForGrasp(target, input.Observation.EePose.Orientation), GripTarget: _grip);
    }

    private Vec3 Carry(SceneView view, Vec3 bead, Vec3 fingers, Vec3 pinch, Mazes.Wire wire, double dt)
    {
        var atEnd = _sBead >= wire.Length - 0.003;
        if (!view.BeadInHand && !atEnd)
        {
            Regrasp();
            return _arm;
        }
        var offset = bead - fingers;
        var inPlane = offset - pinch * Vec3.Dot(offset, pinch);
        var nearEnds = _sBead < 0.03 || _sBead > wire.Length - 0.03;
        // Nobody lets go of a bead where the wire slopes steeper than about 10 degrees: it would slide away. There
        // the operator squeezes harder and re-centres only once the bead is about to leave the pads.
        var steep = Math.Abs(wire.Tangent(_sBead).Z) > Math.Sin(10 * Math.PI / 180);
        var slipped = inPlane.Norm > _profile.SlipRegraspDistance;
        if (slipped && _time - _lastSqueeze > 0.5)
        {
            _gripLevel = Math.Min(2 * _profile.Grip, _gripLevel * 1.15);
            _grip = _gripLevel;
            _lastSqueeze = _time;
        }
        var mustRecentre = slipped && (!steep || inPlane.Norm > 1.5 * _profile.SlipRegraspDistance);
        var fidget = !steep && !nearEnds && _rng.NextDouble() < _profile.RegraspRate * dt;
        if (!atEnd && (mustRecentre || fidget))
        {
            Regrasp();
            return _arm;
        }
        var curvature = wire.MaxCurvature(_sBead, _sBead + _profile.LookAhead);
        var speed = _profile.Speed / (1 + curvature * _profile.CurvatureSlowdown);
        if (_sTarget - _sBead < _profile.MaxLead)
        {
            _sTarget = Math.Min(wire.Length, _sTarget + speed * dt);
        }
        if (Math.Abs(_sBead - _stuckS) > 0.001 || _sTarget - _sBead < _profile.MaxLead * 0.9)
        {
            _stuckS = _sBead;
            _stuckSince = _time;
        }
        else if (_time - _stuckSince > _profile.StuckTime)
        {
            // The bead does not follow: ease the pull and re-centre on the wire before pushing on.
            _sTarget = _sBead;
            _stuckSince = _time;
        }
        return wire.Point(_sTarget);
    }

    private void Regrasp() => Enter(Phase.Open);

    private void Enter(Phase phase)
    {
        _phase = phase;
        _phaseTime = 0;
    }

    private Vec3 Noise(double std) => new Vec3(_rng.NextGaussian(), _rng.NextGaussian(), _rng.NextGaussian()) * std;

    private enum Phase
    {
        Carry,
        Open,
        Reposition,
        Close,
    }
}
