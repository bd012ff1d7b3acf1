using System.Globalization;
using SparshRobot.Control.Ros.Robot;
using SparshRobot.Control.Ros.Safety;
using SparshRobot.Control.Safety;
using SparshRobot.Control.Supervision;
using SparshRobot.Core.Geometry;
using SparshRobot.Core.Robot;
using SparshRobot.Core.Sensing;
using SparshRobot.Core.Time;
using SparshRobot.Policy.Ros.Nodes;
using SparshRobot.Policy.Runtime;
using SparshRobot.Ros.Messages.GeometryMsgs;
using SparshRobot.Ros.Messages.SparshRobotMsgs;
using SparshRobot.Ros.Messages.StdMsgs;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Tf;
using SparshRobot.Ros.Transport;
using Header = SparshRobot.Ros.Messages.StdMsgs.Header;
using NavPath = SparshRobot.Ros.Messages.NavMsgs.Path;
using RosString = SparshRobot.Ros.Messages.StdMsgs.String;
using RosTime = SparshRobot.Ros.Messages.BuiltinInterfaces.Time;

namespace SparshRobot.Control.Ros;

/// <summary>
/// Topics of a <see cref="MazeControllerNode"/>; <see cref="Robot"/> says how commands reach the arm and gripper (the
/// simulator node takes every interface); <see cref="Safety"/> puts the safety layer between controller and robot
/// (null: none, as beside the simulator); <see cref="PoseFrames"/> reads the end-effector pose from /tf instead of
/// <see cref="EePoseTopic"/>, and then republishes it on <see cref="PoseRepublishTopic"/> (when set) for nodes that take
/// a pose topic (the policy node).
/// </summary>
public sealed record MazeControllerNodeOptions(
    TactileTopics Images,
    string EePoseTopic = "/robot/ee_pose",
    string GripStateTopic = "/gripper/force_state",
    string TrajectoryTopic = "/policy/ee_trajectory",
    string StateTopic = "/control/state",
    string EventsTopic = "/control/events",
    string FrameId = "world",
    bool LockStep = false,
    RobotInterfaceOptions? Robot = null,
    SafetyOptions? Safety = null,
    (string BaseFrame, string EeFrame)? PoseFrames = null,
    string PoseRepublishTopic = "");

/// <summary>
/// <see cref="ControlLoop"/> as a ROS 2 node: DIGIT images, the reported pose and grip, and the policy's trajectory in;
/// the command out through the robot's interfaces (<see cref="RobotCommandWriter"/>), each stamped with the pose observation it answers (the simulator's
/// lock-step handshake, see RosCommandController), plus the supervisor's state and transitions.
/// </summary>
/// <remarks>
/// The estimator runs in-process inside the loop, not behind the tactile_state node: the laws react to a frame in the
/// same tick it arrives, with no extra hop of latency or a second decode, and a run replays exactly in lock-step.
/// A tick runs on every tactile tick (a frame newer than the last tick) and on every pose newer than the last one
/// answered; when the pose of an instant arrives after its frames, the second tick has a zero period and the laws do
/// not integrate over it. Frames of an instant that arrive after its tick are fed to the next one.
/// With <see cref="MazeControllerNodeOptions.LockStep"/> (the simulator publishing the pose at every tactile tick, after
/// that instant's frames, and holding time until it is answered) a tick runs on each pose alone, with the frames that
/// came before it, as the in-process loop ticks once per tactile tick on that tick's pose and frames; and with a policy
/// stack the answer to an observation at which the follower is due a plan waits for the policy node's plan of that
/// observation (or its "no plan"), and a plan the follower was not due is dropped: the controller plans exactly when
/// and on what the in-process loop would. On a joint-space arm interface the answer also waits for the observation's
/// joint state (the simulator publishes it first, but the executor may hand the pose over before it).
/// </remarks>
public sealed class MazeControllerNode
{
    private readonly Lock _gate = new();
    private readonly RosNode _node;
    private readonly ControlLoop _loop;
    private readonly MazeControllerNodeOptions _options;
    private readonly bool _watchTactile;
    private readonly bool _watchPlan;
    private readonly TfListener? _tf;
    private readonly List<TactileFrame> _frames = [];
    private readonly TactileImageSubscription[] _images;
    private readonly RobotCommandWriter _commands;
    private readonly RosRobotHand _robot;
    private readonly IHand _hand;
    private readonly Publisher<RosString> _state;
    private readonly Publisher<RosString> _events;
    private (Timestamp Stamp, Pose3 Pose)? _pose;
    private (double Force, double Target, double FingerOffset) _grip = (0, 0, double.NaN);
    private PlannedTrajectory? _plan;
    private long _lastTickNs = long.MinValue;
    private long _answeredNs = long.MinValue;
    private bool _reportedNoPose;
    private long _planStampNs = long.MinValue;
    private long _awaitedGridTick = long.MinValue;
    private long? _heldTickNs;

    public MazeControllerNode(RosNode node, ControlLoop loop, MazeControllerNodeOptions options, double nativeFps,
        string thumbSensorId = "digit_thumb", string indexSensorId = "digit_index")
    {
        _node = node;
        _loop = loop;
        _options = options;
        var clock = node.Clock.Kind;
        _images =
        [
            new TactileImageSubscription(node, options.Images.Thumb, thumbSensorId, nativeFps, OnFrame),
            new TactileImageSubscription(node, options.Images.Index, indexSensorId, nativeFps, OnFrame),
        ];
        if (options.PoseFrames is var (baseFrame, eeFrame))
        {
            _tf = new TfListener(node);
            var republish = options.PoseRepublishTopic.Length == 0 ? null : node.CreatePublisher<PoseStamped>(options.PoseRepublishTopic);
            long republished = long.MinValue;
            _tf.Updated += fromStatic =>
            {
                if (!_tf.Buffer.TryLookup(baseFrame, eeFrame, out var transform, out _))
                {
                    return;
                }
                if (republish is not null && transform!.Stamp.TotalNanoseconds > republished)
                {
                    republished = transform.Stamp.TotalNanoseconds;
                    republish.Publish(new PoseStamped(new Header(RosTime.From(transform.Stamp), baseFrame), Pose.From(transform.Transform)));
                }
                OnPose(transform!.Stamp, transform.Transform);
            };
        }
        else
        {
            node.CreateSubscription<PoseStamped>(options.EePoseTopic, m => OnPose(m.Header.Stamp.ToTimestamp(clock), m.Pose.ToCore()));
        }
        node.CreateSubscription<GripForce>(options.GripStateTopic, m =>
        {
            lock (_gate)
            {
                _grip = (m.Force, m.Target, m.FingerOffset);
            }
        });
        node.CreateSubscription<NavPath>(options.TrajectoryTopic, OnPath);
        var robot = options.Robot ?? RobotInterfaceOptions.Default;
        _commands = new RobotCommandWriter(node, robot, options.FrameId, stream: !options.LockStep);
        if (options.LockStep && _commands.Joints is { } joints)
        {
            joints.Updated += OnJointState;
        }
        _robot = new RosRobotHand(_commands);
        _hand = _robot;
        if (options.Safety is { } safety)
        {
            Safety = new SafeHand(_robot, safety, node.Clock, safety.DryRun ? new ShadowCommandPublisher(node, frameId: options.FrameId).Write : null);
            _hand = Safety;
            // Its subscriptions, reset service and poll timer live as long as the node.
            _ = new SafetyRosAdapter(node, Safety);
            // The safety watchdog hears the streams the controller already reads, on their way in: no second subscription.
            _watchTactile = Safety.Guard.IsWatched(SafetyStreams.Tactile);
            _watchPlan = Safety.Guard.IsWatched(SafetyStreams.Plan);
            if (_watchPlan && !loop.Controller.Stack.Policy)
            {
                throw new ArgumentException($"{node.FullyQualifiedName}: stack {loop.Controller.Stack.Name} follows no plan, but the safety watchdog watches the plan stream; set safety.watchdog.plan to 0");
            }
        }
        _state = node.CreatePublisher<RosString>(options.StateTopic);
        _events = node.CreatePublisher<RosString>(options.EventsTopic);
        loop.Controller.Supervisor.Transitioned += e => _events.Publish(new RosString(SupervisorEventText.Format(e)));
        node.Logger.Info($"stack {loop.Controller.Stack.Name}, {loop.Estimator.Name} estimator in-process: {options.Images.Thumb}, {options.Images.Index}, " +
            $"{options.EePoseTopic}, {options.GripStateTopic}{(loop.Controller.Stack.Policy ? ", " + options.TrajectoryTopic : "")} -> " +
            $"{RobotInterfaceOptions.NameOf(robot.Arm)} arm interface, {robot.Gripper.ToString().ToLowerInvariant()} gripper interface, {options.StateTopic}, {options.EventsTopic}");
    }

    public long Ticks { get; private set; }

    /// <summary>The safety layer every command passes (null without one).</summary>
    public SafeHand? Safety { get; }

    /// <summary>Stops the controller (the supervisor's halt) because the robot side says so, e.g. MoveIt Servo halting for a collision.</summary>
    public void Halt(string reason)
    {
        lock (_gate)
        {
            _loop.Controller.Supervisor.Halt(ControlTime(), reason);
        }
    }

    /// <summary>Resumes after <see cref="Halt"/> once the robot side is fine again; false when the controller is not halted.</summary>
    public bool Resume()
    {
        lock (_gate)
        {
            if (_loop.Controller.Supervisor.State != SupervisorState.Halted)
            {
                return false;
            }
            _loop.Controller.Supervisor.Resume(ControlTime());
            return true;
        }
    }

    /// <summary>The controller's time base: the newest observation's. Holds the gate.</summary>
    private Timestamp ControlTime() => _pose is { } pose ? Timestamp.FromNanoseconds(Math.Max(_lastTickNs, pose.Stamp.TotalNanoseconds), pose.Stamp.Clock) : _node.Clock.Now();

    /// <summary>Compressed frames that did not decode and were dropped.</summary>
    public long UndecodableFrames => _images.Sum(i => i.Undecodable);

    /// <summary>Trajectories that could not be read (an empty path) and were dropped.</summary>
    public long RejectedPlans { get; private set; }

    /// <summary>Observations held for the policy's plan (<see cref="MazeControllerNodeOptions.LockStep"/> with a policy stack).</summary>
    public long AwaitedPlans { get; private set; }

    /// <summary>Plans that arrived for an observation at which the follower was due none, dropped (lock-step, chunk execution).</summary>
    public long UnduePlans { get; private set; }

    /// <summary>What the robot reported at the newest tick (pose, grip force and target, finger offset), as the controller saw it.</summary>
    public EeObservation LastObservation
    {
        get
        {
            lock (_gate)
            {
                return _robot.Read();
            }
        }
    }

    /// <summary>The newest output (supervisor state, progress), for telemetry and tests.</summary>
    public ControlOutput Last
    {
        get
        {
            lock (_gate)
            {
                return _loop.Last;
            }
        }
    }

    private void OnFrame(TactileFrame frame)
    {
        if (_watchTactile)
        {
            Safety!.Feed(SafetyStreams.Tactile);
        }
        lock (_gate)
        {
            _frames.Add(frame);
            if (!_options.LockStep && frame.Stamp.TotalNanoseconds > _lastTickNs)
            {
                Tick(frame.Stamp.TotalNanoseconds);
            }
        }
    }

    private void OnPose(Timestamp stamp, Pose3 pose)
    {
        lock (_gate)
        {
            _pose = (stamp, pose);
            if (stamp.TotalNanoseconds > _answeredNs)
            {
                Tick(Math.Max(stamp.TotalNanoseconds, _lastTickNs));
            }
        }
    }

    private void OnPath(NavPath path)
    {
        if (_watchPlan)
        {
            Safety!.Feed(SafetyStreams.Plan);
        }
        lock (_gate)
        {
            if (_options.LockStep)
            {
                var stampNs = path.Header.Stamp.ToTimestamp(_node.Clock.Kind).TotalNanoseconds;
                if (stampNs <= _answeredNs)
                {
                    // Its observation was answered without waiting: the follower was due no plan there.
                    UnduePlans += path.Poses.Count == 0 ? 0 : 1;
                    return;
                }
                // An empty path is the policy's "no plan at this observation": it answers a hold all the same.
                _planStampNs = Math.Max(_planStampNs, stampNs);
                _plan = path.Poses.Count == 0 ? _plan : TrajectoryPath.ToTrajectory(path, _node.Clock.Kind);
                if (_heldTickNs is { } held && _pose is { } pose && _planStampNs >= pose.Stamp.TotalNanoseconds)
                {
                    _heldTickNs = null;
                    Tick(held);
                }
                return;
            }
            if (path.Poses.Count == 0)
            {
                RejectedPlans++;
                _node.Logger.Warn($"{_options.TrajectoryTopic}: dropped an empty path (a plan starts with its origin pose)");
                return;
            }
            _plan = TrajectoryPath.ToTrajectory(path, _node.Clock.Kind);
        }
    }

    /// <summary>Lock-step on a joint-space interface: a tick held for its observation's joint state runs once that arrives.</summary>
    private void OnJointState()
    {
        lock (_gate)
        {
            if (_heldTickNs is { } held && _pose is { } pose && _commands.Joints!.HasStateAt(pose.Stamp))
            {
                _heldTickNs = null;
                Tick(held);
            }
        }
    }

    /// <summary>
    /// Lock-step with a policy: false (the tick held) while the plan of a new observation at which the follower is due
    /// one has not arrived yet; a plan of an observation at which it is not due is dropped. Holds the gate.
    /// </summary>
    private bool PlanSettled(Timestamp observation)
    {
        if (!_options.LockStep || !_loop.Controller.Stack.Policy || observation.TotalNanoseconds <= _answeredNs)
        {
            return true;
        }
        var follower = _loop.Controller.Follower!;
        var grid = follower.TickAt(observation);
        if (grid == _awaitedGridTick || !_loop.Controller.NeedsPlan(observation))
        {
            if (_plan is { } undue && undue.Stamp.TotalNanoseconds >= observation.TotalNanoseconds)
            {
                UnduePlans++;
                _plan = null;
            }
            return true;
        }
        if (_planStampNs >= observation.TotalNanoseconds)
        {
            _awaitedGridTick = grid;
            return true;
        }
        if (_heldTickNs is null)
        {
            AwaitedPlans++;
        }
        return false;
    }

    /// <summary>Runs the loop at <paramref name="nowNs"/> on the newest pose and publishes the command answering it. Holds the gate.</summary>
    private void Tick(long nowNs)
    {
        if (_pose is not { } pose)
        {
            // Nothing to answer and nowhere to steer from: the frames would only pile up.
            _frames.Clear();
            if (!_reportedNoPose)
            {
                _reportedNoPose = true;
                _node.Logger.Info($"waiting for {_options.EePoseTopic} before controlling");
            }
            return;
        }
        // Lock-step on joints: the step starts from the observation's own joint state, which may be handled after its pose.
        // Checked first: PlanSettled settles the plan it is asked about, so it must be asked once the tick can run.
        if ((_options.LockStep && _commands.Joints is { } joints && !joints.HasStateAt(pose.Stamp)) || !PlanSettled(pose.Stamp))
        {
            // The simulator waits for this answer, so no newer observation comes before the plan does.
            _heldTickNs = Math.Max(_heldTickNs ?? long.MinValue, nowNs);
            return;
        }
        var now = Timestamp.FromNanoseconds(nowNs, pose.Stamp.Clock);
        var period = _lastTickNs == long.MinValue ? ControlLoop.FirstPeriod : TimeSpan.FromTicks((nowNs - _lastTickNs) / 100);
        _robot.Observe(new EeObservation(pose.Stamp, pose.Pose, _grip.Force, _grip.Target, _grip.FingerOffset));
        var output = _loop.Tick(now, period, _hand, _frames, _plan);
        _frames.Clear();
        _plan = null;
        _lastTickNs = nowNs;
        _answeredNs = pose.Stamp.TotalNanoseconds;
        Ticks++;
        PublishState(output);
    }

    private void PublishState(in ControlOutput output) =>
        _state.Publish(new RosString(string.Create(CultureInfo.InvariantCulture,
            $"state: {output.State}, progress_m: {output.Progress:F4}, grip_n: {output.GripTarget:F3}, stale: {output.Stale}, plan_active: {output.Setpoint.Active}")));
}
