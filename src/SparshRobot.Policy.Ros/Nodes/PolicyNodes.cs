using SparshRobot.Encoder;
using SparshRobot.Policy.Runtime;
using SparshRobot.Policy.Spec;
using SparshRobot.Ros.Launch;
using SparshRobot.Ros.Node;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Tactile.Profiles;
using SparshRobot.Tactile.Ros.Backgrounds;
using static TorchSharp.torch;

namespace SparshRobot.Policy.Ros.Nodes;

/// <summary>The policy's nodes of package sparsh_robot, runnable with <c>sparsh-robot run</c> and from launch files.</summary>
public static class PolicyNodes
{
    public const string TactilePolicy = "tactile_policy";

    /// <summary>
    /// Adds <c>tactile_policy</c>: subscribes to one image topic per sensor and <c>/robot/ee_pose</c>, runs the policy
    /// at <c>rate_hz</c> and publishes the planned end-effector trajectory on <c>/policy/ee_trajectory</c>.
    /// </summary>
    /// <param name="loadPolicy">Opens a policy checkpoint on a device (the trained policy's loader).</param>
    /// <param name="loadBackground">A sensor's no-contact image from a file or calibration folder; null path: the default the caller supplies.</param>
    public static NodeRegistry RegisterPolicyNodes(this NodeRegistry registry, Func<string, Device, ITactilePolicy> loadPolicy,
        Func<string?, SensorProfile, BackgroundImage> loadBackground) =>
        registry.Register(TactilePolicy, "tactile policy: DIGIT images + /robot/ee_pose -> /policy/ee_trajectory (parameters: checkpoint, encoder, backgrounds or serials + calibration_root, rate_hz, sensor_topics, device, threads, lock_step)", c =>
        {
            using var node = new RosNode(c.Context, TactilePolicy, options: c.NodeOptions);
            var checkpoint = node.DeclareParameter("checkpoint", "", "policy checkpoint file (required)");
            var encoderPath = node.DeclareParameter("encoder", "", "Sparsh encoder checkpoint the policy was trained on (required)");
            var backgrounds = SensorBackgroundParameters.Declare(node, "in sensor_topics order");
            var profileName = node.DeclareParameter("sensor_profile", SensorProfile.Digit.Name, "sensor profile of every tactile stream (frame size, native rate)");
            var rate = node.DeclareParameter("rate_hz", 0.0, "control rate, Hz; 0: the rate the policy was trained at");
            var topics = node.DeclareParameter("sensor_topics", new[] { "/tactile/thumb/image_raw", "/tactile/index/image_raw" },
                "image topic per sensor in the policy's sensor order; a name ending in /compressed takes JPEG CompressedImage");
            var eePose = node.DeclareParameter("ee_pose_topic", "/robot/ee_pose", "end-effector pose (geometry_msgs/PoseStamped)");
            var output = node.DeclareParameter("output_topic", "/policy/ee_trajectory", "planned trajectory (nav_msgs/Path)");
            var deviceName = node.DeclareParameter("device", "cpu", "torch device: cpu or cuda[:N]");
            var threads = node.DeclareParameter("threads", 0L, "torch intra-op threads; 0 keeps the default");
            var stale = node.DeclareParameter("stale_periods", 6L, "a sensor silent for more native periods than this is stale");
            var lockStep = node.DeclareParameter("lock_step", false, "plan on the poses' stamps (a lock-stepped simulator's time), not a wall-clock timer");
            if (checkpoint.Length == 0 || encoderPath.Length == 0)
            {
                node.Logger.Error("parameters 'checkpoint' and 'encoder' are required (-p checkpoint:=policy.ckpt -p encoder:=sparsh.safetensors)");
                return Task.FromResult(2);
            }
            if (threads > 0)
            {
                set_num_threads((int)threads);
            }
            var device = new Device(deviceName);
            var profile = SensorProfile.FromName(profileName);
            using var policy = loadPolicy(checkpoint, device);
            using var encoder = TactileEncoder.Open(encoderPath, device);
            var sensors = policy.Observation.Sensors;
            var sensorBackgrounds = backgrounds.Load(node, sensors, profile, loadBackground);
            using var runner = new PolicyRunner(policy, encoder,
                [.. sensors.Select((name, i) => new PolicySensor(name, profile, sensorBackgrounds[i]))],
                (int)stale);
            using var policyNode = new TactilePolicyNode(node, runner,
                new TactilePolicyNodeOptions(topics, rate > 0 ? rate : policy.Observation.RateHz, eePose, output, LockStep: lockStep));
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(c.Cancellation);
            // A failing inference thread stops the node instead of leaving it silently idle.
            policyNode.Worker.ContinueWith(_ => stop.Cancel(), TaskContinuationOptions.OnlyOnFaulted);
            using var executor = new Executor();
            executor.Add(node);
            executor.Spin(stop.Token);
            return Task.FromResult(policyNode.Worker.IsFaulted ? 1 : 0);
        });
}
