using System.Globalization;
using SparshRobot.Control;
using SparshRobot.Control.Ros;
using SparshRobot.Control.Ros.Robot;
using SparshRobot.Control.Supervision;
using SparshRobot.Core.IO;
using SparshRobot.Core.Kinematics;
using SparshRobot.Evaluation.Maze;
using SparshRobot.Policy.Policies;
using SparshRobot.Policy.Ros.Nodes;
using SparshRobot.Ros.Dds;
using SparshRobot.Ros.Launch;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Transport;
using SparshRobot.Sim.Rollouts;
using SparshRobot.Sim.Ros.Nodes;
using SparshRobot.Sim.Simulation;
using NavPath = SparshRobot.Ros.Messages.NavMsgs.Path;
using RosString = SparshRobot.Ros.Messages.StdMsgs.String;

namespace SparshRobot.Cli.Commands;

/// <summary>
/// Episodes run as the ROS 2 graph of <c>launch/bead_maze_demo.launch.xml</c>: the simulator publishing as
/// <c>bead_maze_sim</c> does, <c>tactile_policy</c> and <c>maze_controller</c> as separate nodes in lock-step, all over
/// Cyclone DDS on loopback (every message serialized and delivered by DDS), on a fresh domain per episode. The
/// controller and policy get the rates and chunking of the checkpoint, as the in-process stack does, so the same seed
/// gives the same episode.
/// </summary>
internal static class GraphEpisodes
{
    /// <param name="checkpoint">The policy, for stacks that follow one (null: none of the stacks run does).</param>
    /// <param name="encoder">The policy's encoder, also the probes' (null without a policy).</param>
    /// <param name="probes">The probes folder, for stacks that estimate touch with them.</param>
    /// <param name="arm">How the controller drives the simulated arm: its own topics, MoveIt Servo's twist input, a
    /// Cartesian forward controller, or a joint-space one through the shipped Panda chain (the simulator takes them all,
    /// as a robot offering that interface would).</param>
    /// <param name="probeEncoder">The encoder the probes were trained on (null: <paramref name="encoder"/>).</param>
    /// <param name="slipBias">The controller's <c>probe_slip_bias</c> (null: the node's default).</param>
    public static EpisodeRunner Create(string? checkpoint, string? encoder, string? probes, TextWriter log, ArmInterface arm = ArmInterface.Topics,
        string? probeEncoder = null, double? slipBias = null)
    {
        probeEncoder ??= encoder;
        string[] planning = [$"arm_interface:={RobotInterfaceOptions.NameOf(arm)}"];
        SerialChain? chain = null;
        if (RobotInterfaceOptions.IsJointSpace(arm))
        {
            var file = AncestorPaths.Find(PandaChain) ?? throw new FileNotFoundException(
                $"--robot-adapter {RobotInterfaceOptions.NameOf(arm)}: the simulated arm's chain {Path.Combine(PandaChain)} is not under the working folder or above it; run from the checkout");
            chain = ChainFile.Load(file);
            planning = [.. planning, $"kinematics:={file}"];
        }
        if (checkpoint is not null)
        {
            var info = PolicyCheckpoint.ReadInfo(checkpoint);
            planning =
            [
                .. planning, $"policy_rate_hz:={Double(info.Observation.RateHz)}", $"horizon:={info.Action.Horizon.ToString(CultureInfo.InvariantCulture)}",
                $"executed_steps:={info.Action.ExecutedSteps.ToString(CultureInfo.InvariantCulture)}",
            ];
        }
        string[] probeParameters = slipBias is { } bias ? [$"probe_slip_bias:={Double(bias)}"] : [];
        return (stackName, sim, seed, options, _) =>
            RunEpisode(ControlStack.Parse(stackName), sim, seed, options, checkpoint, encoder, probes, probeEncoder, probeParameters, planning, log, chain);
    }

    /// <summary>The arm the joint-space adapters drive: the shipped Franka Panda chain, relative to the checkout.</summary>
    internal static readonly string[] PandaChain = ["launch", "params", "kinematics", "franka_panda.yaml"];

    /// <summary>
    /// A domain for the episode apart from other processes running episodes at the same time (two evaluations on one
    /// machine would otherwise drive each other's simulators): process and seed pick it in 200-231, above the test suites'
    /// 100-199 and within the 232 domains DDS can address.
    /// </summary>
    internal static uint EpisodeDomain(int seed) => (uint)(200 + (((long)Environment.ProcessId * 37 + seed) % 32 + 32) % 32);

    /// <summary>A double as a parameter value that stays a double ("5.0", not "5"): its type comes from how it is written.</summary>
    private static string Double(double x) => x.ToString("0.0###############", CultureInfo.InvariantCulture);

    private static EpisodeRun RunEpisode(ControlStack stack, BeadMazeSim sim, int seed, RolloutOptions options, string? checkpoint, string? encoder,
        string? probes, string? probeEncoder, string[] probeParameters, string[] planning, TextWriter log, SerialChain? arm)
    {
        using var context = new RosContext(new DdsTransport(new DdsTransportOptions(EpisodeDomain(seed), DiscoveryRange.Localhost)));
        using var shutdown = CancellationTokenSource.CreateLinkedTokenSource(options.Cancellation);
        var nodes = new List<Task<int>>();
        void Start(string executable, params string[] parameters)
        {
            if (!RunCommand.Nodes.TryGet(executable, out var entry))
            {
                throw new InvalidOperationException($"node {executable} is not registered");
            }
            var arguments = RosArguments.Parse(["--ros-args", .. parameters.SelectMany(p => new[] { "-p", p })]);
            nodes.Add(Task.Run(() => entry!.Main(new NodeLaunchContext(context, arguments, log, shutdown.Token))));
        }
        if (stack.Policy)
        {
            if (checkpoint is null)
            {
                throw new ArgumentException($"stack {stack.Name} follows a policy; give its checkpoint");
            }
            Start(PolicyNodes.TactilePolicy, $"checkpoint:={checkpoint}", $"encoder:={encoder}", "lock_step:=true");
        }
        List<string> controller = [$"stack:={stack.Name}", $"start_heading_deg:={Double(sim.Maze.HeadingDeg)}", "lock_step:=true", .. planning];
        if (stack.Estimator == "probe")
        {
            controller.AddRange([$"probes:={probes ?? throw new ArgumentException($"stack {stack.Name} needs the probes")}",
                $"probe_encoder:={probeEncoder ?? throw new ArgumentException($"stack {stack.Name} needs the encoder its probes were trained on")}",
                .. probeParameters]);
        }
        Start(ControlNodes.MazeController, [.. controller]);
        // A node that stops early (a bad parameter, a model it cannot load) would leave lock-step waiting for ever.
        using var nodeStopped = CancellationTokenSource.CreateLinkedTokenSource(options.Cancellation);
        foreach (var task in nodes)
        {
            task.ContinueWith(_ => nodeStopped.Cancel(), TaskScheduler.Default);
        }
        RolloutResult result;
        var events = new List<SupervisorEvent>();
        var plans = 0;
        var topics = new MazeControllerNodeOptions(new TactileTopics());
        var stoppedEarly = false;
        try
        {
            using var simulator = new RosNode(context, SimNodes.BeadMazeSim, options: new NodeOptions { LogOutput = log });
            // The controller publishes a transition before the command that answers its tick, and the simulator's
            // executor runs callbacks in arrival order, so every event of a tick is in before the rollout moves on.
            simulator.CreateSubscription<RosString>(topics.EventsTopic, m =>
            {
                lock (events)
                {
                    events.Add(SupervisorEventText.Parse(m.Data, simulator.Clock.Kind));
                }
            }, QosProfile.Default with { Depth = 1000 });
            simulator.CreateSubscription<NavPath>(topics.TrajectoryTopic, m => plans += m.Poses.Count > 0 ? 1 : 0, QosProfile.Default with { Depth = 1000 });
            // Lock-step from the first observation: the policy and the controller both read pose and images.
            result = SimNodes.Rollout(simulator, sim, options with { Cancellation = nodeStopped.Token }, realTimeFactor: 0, jpegQuality: 90,
                lockStep: TimeSpan.FromSeconds(30), readers: stack.Policy ? 2 : 1, controlTicks: SimTicks.Tactile, arm: arm);
            stoppedEarly = nodeStopped.IsCancellationRequested && !options.Cancellation.IsCancellationRequested;
        }
        finally
        {
            shutdown.Cancel();
            try
            {
                Task.WaitAll([.. nodes]);
            }
            catch (AggregateException e) when (!options.Cancellation.IsCancellationRequested)
            {
                throw new InvalidOperationException($"episode {sim.Maze.Name} ({stack.Name}) in the ROS graph: a node failed: {e.InnerException?.Message}", e.InnerException);
            }
        }
        if (stoppedEarly)
        {
            throw new InvalidOperationException($"episode {sim.Maze.Name} ({stack.Name}) in the ROS graph: a node stopped before the rollout ended; see nodes.log");
        }
        lock (events)
        {
            // The policy's step times stay in its process (its log has their mean).
            return new EpisodeRun(result, new ControlReport([.. events], events.Count > 0 ? events[^1].To : RecoverySupervisor.InitialState, plans, double.NaN));
        }
    }
}
