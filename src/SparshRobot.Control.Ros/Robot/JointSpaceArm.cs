using SparshRobot.Core.Geometry;
using SparshRobot.Core.Kinematics;
using SparshRobot.Core.Time;
using SparshRobot.Ros.Messages.SensorMsgs;
using SparshRobot.Ros.Node;

namespace SparshRobot.Control.Ros.Robot;

/// <summary>
/// The arm's joints as the joint-space interfaces see them: the chain (<see cref="RobotInterfaceOptions.Kinematics"/>),
/// the controller's joint order, the newest joint positions from <c>sensor_msgs/JointState</c>, and the differential IK
/// that turns the controller's end-effector twist into a joint step.
/// </summary>
/// <remarks>
/// Twists come in the controller's command frame (its base_frame); the chain's base may differ (the simulator's world,
/// a robot mounted on a table). The rotation between them is read off the observed end-effector pose and the chain's
/// forward kinematics of the same instant, so no mounting needs configuring: the chain's tool frame must be the
/// controller's end-effector frame.
/// </remarks>
public sealed class JointSpaceArm
{
    private readonly Lock _gate = new();
    private readonly RosNode _node;
    private readonly string _topic;
    private readonly int[] _commandToChain;
    private double[]? _positions;
    private long _stampNs = long.MinValue;
    private string? _reportedMissing;
    private IkStatus _reportedStatus = IkStatus.Ok;

    /// <exception cref="FileNotFoundException">The chain file does not exist.</exception>
    /// <exception cref="ArgumentException">A joint name the chain does not have, or the chain's joints not all named.</exception>
    public JointSpaceArm(RosNode node, RobotInterfaceOptions options)
    {
        _node = node;
        _topic = options.JointStatesTopic;
        Chain = ChainFile.Load(options.Kinematics);
        var names = options.JointNames is { Count: > 0 } given ? given : Chain.JointNames;
        _commandToChain = [.. names.Select(name =>
        {
            try
            {
                return Chain.IndexOf(name);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"joint_names: {e.Message} in {options.Kinematics}", e);
            }
        })];
        var unnamed = Chain.JointNames.Where(n => !names.Contains(n)).ToList();
        if (unnamed.Count > 0 || names.Count != Chain.Dof)
        {
            throw new ArgumentException($"joint_names [{string.Join(", ", names)}] must name each joint of {options.Kinematics} once; missing: {string.Join(", ", unnamed)}");
        }
        JointNames = names;
        node.CreateSubscription<JointState>(_topic, OnJointState);
    }

    public SerialChain Chain { get; }

    /// <summary>The controller's joint order: commands list their values in it.</summary>
    public IReadOnlyList<string> JointNames { get; }

    /// <summary>A complete joint state came (on the node's executor).</summary>
    public event Action? Updated;

    /// <summary>Whether the newest complete joint state is at or after <paramref name="stamp"/>.</summary>
    public bool HasStateAt(Timestamp stamp)
    {
        lock (_gate)
        {
            return _positions is not null && _stampNs >= stamp.TotalNanoseconds;
        }
    }

    /// <summary>Steps taken from a joint state older than the observation they answer.</summary>
    public long StaleJointStates { get; private set; }

    /// <summary>Joint states that lacked a configured joint (or its position), dropped.</summary>
    public long IncompleteJointStates { get; private set; }

    /// <summary>The newest joint positions in chain order; null before a complete joint state came.</summary>
    public double[]? Positions
    {
        get
        {
            lock (_gate)
            {
                return _positions;
            }
        }
    }

    /// <summary>
    /// Takes a joint state: the chain's joints picked out by name (a robot's joint_states may carry more, in any order).
    /// One without all of them, or without positions for them, is dropped and reported, naming the missing joints.
    /// </summary>
    public void OnJointState(JointState state)
    {
        var positions = new double[Chain.Dof];
        List<string>? missing = null;
        for (var k = 0; k < Chain.Dof; k++)
        {
            var at = IndexIn(state.Name, Chain.JointNames[k]);
            if (at < 0 || at >= state.Position.Length || !double.IsFinite(state.Position[at]))
            {
                (missing ??= []).Add(Chain.JointNames[k]);
                continue;
            }
            positions[k] = state.Position[at];
        }
        lock (_gate)
        {
            if (missing is null)
            {
                _positions = positions;
                _stampNs = state.Header.Stamp.ToTimestamp(_node.Clock.Kind).TotalNanoseconds;
                _reportedMissing = null;
            }
            else
            {
                IncompleteJointStates++;
                var what = string.Join(", ", missing);
                if (what != _reportedMissing)
                {
                    _reportedMissing = what;
                    _node.Logger.Error($"{_topic}: no position for {what} (it has: {string.Join(", ", state.Name)}); the arm's chain needs every one of its joints");
                }
                return;
            }
        }
        Updated?.Invoke();
    }

    /// <summary>
    /// The joint step that moves the end effector at <paramref name="twist"/> (command frame) over <paramref name="horizon"/>
    /// seconds, from the newest joint state; <paramref name="observed"/> is the end-effector pose of the same instant in the
    /// command frame. Null while no joint state came. Also returns the command-frame twist the step's joint velocities
    /// give (what goes out, after the limits). Changes of the step's status (limited, damped, singular) are logged.
    /// </summary>
    public (IkStep Step, Twist Achieved)? Step(Twist twist, Pose3 observed, Timestamp stamp, double horizon)
    {
        double[]? q;
        lock (_gate)
        {
            q = _positions;
            if (q is not null && _stampNs < stamp.TotalNanoseconds && StaleJointStates++ == 0)
            {
                _node.Logger.Warn($"{_topic}: the newest joint state ({_stampNs} ns) is older than the observation it answers ({stamp.TotalNanoseconds} ns); the step starts from it");
            }
        }
        if (q is null)
        {
            return null;
        }
        // chain base <- command frame, from the same pose seen both ways.
        var rotation = Chain.Forward(q).Orientation * observed.Orientation.Conjugate();
        var step = DifferentialIk.Step(Chain, q, new Twist(rotation.Rotate(twist.Linear), rotation.Rotate(twist.Angular)), horizon);
        var inChain = Chain.TwistOf(q, step.Velocities);
        if (step.Status != IkStatus.Singular)
        {
            // The straight joint step leaves the pose the twist reaches at second order, and a position interface makes
            // that drift its target: correct the end onto the pose the (limited) twist reaches, as forward_position does.
            var reached = RobotCommandWriter.Reached(Chain.Forward(q), inChain, horizon);
            step = step with { Positions = DifferentialIk.Toward(Chain, step.Positions, reached, iterations: 2) };
        }
        var back = rotation.Conjugate();
        var achieved = new Twist(back.Rotate(inChain.Linear), back.Rotate(inChain.Angular));
        if (step.Status != _reportedStatus)
        {
            _reportedStatus = step.Status;
            if (step.Status == IkStatus.Ok)
            {
                _node.Logger.Info("arm IK: following the twist again");
            }
            else
            {
                _node.Logger.Warn($"arm IK: {step.Describe()}");
            }
        }
        return (step, achieved);
    }

    /// <summary><paramref name="chainOrder"/> (one value per joint, chain order) in the controller's joint order.</summary>
    public double[] InCommandOrder(ReadOnlySpan<double> chainOrder)
    {
        var values = new double[_commandToChain.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = chainOrder[_commandToChain[i]];
        }
        return values;
    }

    private static int IndexIn(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }
        return -1;
    }
}
