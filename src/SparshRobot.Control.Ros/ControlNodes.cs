using SparshRobot.Control.Estimation;
using SparshRobot.Control.Ros.Robot;
using SparshRobot.Control.Ros.Safety;
using SparshRobot.Core.Geometry;
using SparshRobot.Policy.Datasets.Building;
using SparshRobot.Policy.Runtime;
using SparshRobot.Policy.Spec;
using SparshRobot.Ros.Launch;
using SparshRobot.Ros.Node;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Tactile.Profiles;
using SparshRobot.Tactile.Ros.Backgrounds;

namespace SparshRobot.Control.Ros;

/// <summary>The control layer's nodes of package sparsh_robot, runnable with <c>sparsh-robot run</c> and from launch files.</summary>
public static class ControlNodes
{
    public const string TactileState = "tactile_state";
    public const string MazeController = "maze_controller";

    /// <summary>
    /// Adds <c>tactile_state</c> (the classical or the probe estimator: DIGIT images -> per-finger FingerContact and /diagnostics)
    /// and <c>maze_controller</c> (<see cref="ControlLoop"/>: images, pose, grip and the policy's trajectory -> hand commands).
    /// </summary>
    /// <param name="loadBackground">A sensor's no-contact image from a file or calibration folder; null path: the default the caller supplies.</param>
    public static NodeRegistry RegisterControlNodes(this NodeRegistry registry, Func<string?, SensorProfile, BackgroundImage> loadBackground) => registry
        .Register(TactileState, "tactile estimator (classical, or the Sparsh probes): DIGIT images -> /tactile/{thumb,index}/contact (FingerContact) + /diagnostics (parameters: backgrounds or serials + calibration_root, thumb_topic, index_topic, probes, probe_encoder, probe_slip_bias)", c =>
        {
            using var node = new RosNode(c.Context, TactileState, options: c.NodeOptions);
            var (topics, profile, estimator) = DeclareTactileInputs(node, loadBackground);
            using (estimator)
            {
                var thumbOut = node.DeclareParameter("thumb_contact_topic", "/tactile/thumb/contact", "thumb estimate (sparsh_robot_msgs/FingerContact)");
                var indexOut = node.DeclareParameter("index_contact_topic", "/tactile/index/contact", "index estimate (sparsh_robot_msgs/FingerContact)");
                _ = new TactileStateNode(node, estimator, new TactileStateNodeOptions(topics, thumbOut, indexOut), profile.NativeFps);
                Spin(node, c.Cancellation);
            }
            return Task.FromResult(0);
        })
        .Register(MazeController, "maze controller (ControlLoop): DIGIT images + /robot/ee_pose + /gripper/force_state + /policy/ee_trajectory -> the arm and gripper interfaces (arm_interface topics: /robot/ee_target | /robot/ee_twist; servo; forward_velocity), /control/state, /control/events (parameters: stack, arm_interface, gripper_interface, gripper_action, backgrounds or serials + calibration_root, thumb_topic, index_topic, start_heading_deg, policy_rate_hz, horizon, executed_steps, chunk_execution, lock_step, probes, probe_encoder, probe_slip_bias)", c =>
        {
            using var node = new RosNode(c.Context, MazeController, options: c.NodeOptions);
            var stack = ControlStack.Parse(node.DeclareParameter("stack", ControlStack.FullClassic.Name, $"control stack: {string.Join(", ", ControlStack.All.Select(s => s.Name))}"));
            var (topics, profile, estimator) = DeclareTactileInputs(node, loadBackground);
            var heading = node.DeclareParameter("start_heading_deg", 0.0, "tactile-servo: which way to go before the wire is felt, degrees in the board's x-z plane (the maze's heading_deg)");
            var rate = node.DeclareParameter("policy_rate_hz", 5.0, "policy stacks: the rate the policy plans at (its checkpoint's; the shipped policy: 5 Hz)");
            var horizon = node.DeclareParameter("horizon", 8L, "policy stacks: actions per plan");
            var executed = node.DeclareParameter("executed_steps", 5L, "policy stacks: actions executed per chunk (chunk execution)");
            var execution = node.DeclareParameter("chunk_execution", "ensemble", "policy stacks: ensemble or chunk");
            var robot = RobotInterfaceOptions.Declare(node);
            var robotSide = RobotSideOptions.Declare(node, robot);
            var safety = SafetyRosAdapter.LoadOptions(node);
            if (node.DeclareParameter("dry_run", false, "compute, limit and publish commands on the safety layer's shadow topics only (needs safety_params_file)"))
            {
                safety = (safety ?? throw new ArgumentException($"{node.FullyQualifiedName}: dry_run needs the safety layer; give safety_params_file")) with { DryRun = true };
            }
            var lockStep = node.DeclareParameter("lock_step", false, "beside a lock-stepped simulator (its control_rate tactile): tick on each pose with the frames before it, and with a policy stack answer an observation at which a plan is due only once the policy's plan of it arrived");
            if (stack.Estimator != estimator.Name)
            {
                node.Logger.Info($"stack {stack.Name} was tuned with the {stack.Estimator} estimator; this node runs the {estimator.Name} one");
            }
            var h = heading * Math.PI / 180;
            var options = MazeControlOptions.Default with { StartDirection = new Vec3(Math.Cos(h), 0, Math.Sin(h)) };
            var controller = stack.Policy
                ? new Control.MazeController(stack, options, rate, new ActionSpec(EpisodeBuilder.ActionFeatures, (int)horizon, (int)executed),
                    Enum.Parse<ChunkExecutionMode>(execution, ignoreCase: true))
                : new Control.MazeController(stack, options);
            using var loop = new ControlLoop(controller, estimator);
            if (safety is null && robot.Arm != ArmInterface.Topics)
            {
                node.Logger.Warn($"no safety_params_file: commands reach the {RobotInterfaceOptions.NameOf(robot.Arm)} interface without the safety layer (docs/safety.md)");
            }
            var controllerNode = new MazeControllerNode(node, loop, new MazeControllerNodeOptions(topics, LockStep: lockStep, Robot: robot, Safety: safety,
                PoseFrames: robotSide.PoseFrames, PoseRepublishTopic: robotSide.PoseRepublishTopic), profile.NativeFps);
            using var executor = new Executor();
            executor.Add(node);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(c.Cancellation);
            var spin = Task.Run(() => executor.Spin(stop.Token));
            try
            {
                // The robot's stack is checked and Servo started with the node spinning, as its service clients need.
                using var robotStack = robotSide.Connect(node, controllerNode, stop.Token);
                spin.GetAwaiter().GetResult();
            }
            finally
            {
                stop.Cancel();
                spin.Wait();
            }
            var last = controllerNode.Last;
            node.Logger.Info($"maze controller: {controllerNode.Ticks} ticks, last state {last.State}, progress {last.Progress:F3} m, {controllerNode.RejectedPlans} plans rejected" +
                (lockStep ? $", {controllerNode.AwaitedPlans} observations held for a plan, {controllerNode.UnduePlans} undue plans dropped" : ""));
            return Task.FromResult(0);
        });

    /// <summary>
    /// The image topics and the estimator on the sensors' backgrounds, as both nodes declare them: the classical one,
    /// or the Sparsh probes when <c>probes</c> names their folder.
    /// </summary>
    private static (TactileTopics Topics, SensorProfile Profile, ITactileEstimator Estimator) DeclareTactileInputs(RosNode node,
        Func<string?, SensorProfile, BackgroundImage> loadBackground)
    {
        var probes = node.DeclareParameter("probes", "", "folder with force/, slip/ and pose/probe.safetensors: estimate touch with the Sparsh probes; empty: the classical estimator");
        var probeEncoder = node.DeclareParameter("probe_encoder", "", "the frozen encoder the probes were trained on (required with probes)");
        var slipBias = node.DeclareParameter("probe_slip_bias", new ProbeEstimatorOptions().SlipLogitBias,
            "logit added to the probes' slip reading on top of its natural-rate correction: the controller's operating point (docs/control.md)");
        var thumb = node.DeclareParameter("thumb_topic", "/tactile/thumb/image_raw", "thumb DIGIT images; a name ending in /compressed takes JPEG CompressedImage");
        var index = node.DeclareParameter("index_topic", "/tactile/index/image_raw", "index DIGIT images; a name ending in /compressed takes JPEG CompressedImage");
        var sources = SensorBackgroundParameters.Declare(node, "thumb, index");
        var profile = SensorProfile.FromName(node.DeclareParameter("sensor_profile", SensorProfile.Digit.Name, "sensor profile of both tactile streams"));
        var backgrounds = sources.Load(node, ["thumb", "index"], profile, loadBackground);
        var (thumbBackground, indexBackground) = (backgrounds[0], backgrounds[1]);
        if (probes.Length == 0)
        {
            return (new TactileTopics(thumb, index), profile, new ClassicalTactileEstimator(thumbBackground, indexBackground));
        }
        if (probeEncoder.Length == 0)
        {
            throw new ArgumentException($"{node.FullyQualifiedName}: probes is set ({probes}) but probe_encoder is not; give the encoder the probes were trained on");
        }
        if (!ProbeEstimatorOptions.IsSlipLogitBias(slipBias))
        {
            throw new ArgumentException($"{node.FullyQualifiedName}: probe_slip_bias is {slipBias}; expected a finite logit within ±{ProbeEstimatorOptions.MaxSlipLogitBias}");
        }
        return (new TactileTopics(thumb, index), profile,
            ProbeTactileEstimator.Load(probes, probeEncoder, thumbBackground, indexBackground, new ProbeEstimatorOptions { SlipLogitBias = slipBias }));
    }

    private static void Spin(RosNode node, CancellationToken cancellation)
    {
        using var executor = new Executor();
        executor.Add(node);
        executor.Spin(cancellation);
    }
}
