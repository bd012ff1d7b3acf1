using SparshRobot.Core.Kinematics;
using SparshRobot.Ros.Launch;
using SparshRobot.Ros.Node;
using SparshRobot.Sim.Faults;
using SparshRobot.Sim.Mazes;
using SparshRobot.Sim.Recording;
using SparshRobot.Sim.Rollouts;
using SparshRobot.Sim.Ros.Recording;
using SparshRobot.Sim.Simulation;
using SparshRobot.Tactile.Calibration;

namespace SparshRobot.Sim.Ros.Nodes;

/// <summary>The simulator's nodes of package sparsh_robot, runnable with <c>sparsh-robot run</c> and from launch files.</summary>
public static class SimNodes
{
    public const string BeadMazeSim = "bead_maze_sim";

    /// <summary>
    /// Adds <c>bead_maze_sim</c>: one maze rollout driven by ROS 2 commands through any robot interface
    /// (<see cref="SimCommandTopics"/>: <c>/robot/ee_target</c>, <c>/robot/ee_twist</c>, MoveIt Servo's twist input, a
    /// Cartesian forward velocity controller, <c>/gripper/force_target</c> or the gripper's forward controller, and the
    /// <c>/gripper/gripper_cmd</c> action, see <see cref="SimGripperAction"/>), publishing both DIGIT images (raw and JPEG-compressed), <c>/robot/ee_pose</c>,
    /// <c>/gripper/force_state</c>, <c>/sim/ground_truth</c> and <c>/clock</c>. Parameters: <c>maze</c> (name, path or
    /// seed spec), <c>seed</c>, <c>real_time_factor</c> (0: as fast as possible; in lock-step an upper bound),
    /// <c>lock_step</c>, <c>lock_step_timeout</c> (s; see <see cref="RosCommandController"/>) and <c>lock_step_readers</c>,
    /// <c>control_rate</c> (<c>observation</c> or <c>tactile</c>), <c>time_limit</c> (s),
    /// <c>background</c> (DIGIT no-contact image; empty: the default the caller supplies), <c>jpeg_quality</c>,
    /// <c>faults_file</c> (YAML fault plan, see <see cref="FaultPlanFile"/>; its seed, else <c>seed</c>, seeds it),
    /// <c>kinematics</c> (an arm's chain file: the hand becomes its tool and takes joint-space commands, see <see cref="SimJointArm"/>).
    /// </summary>
    public static NodeRegistry RegisterSimNodes(this NodeRegistry registry, Func<string?, BackgroundImage> loadBackground) =>
        registry.Register(BeadMazeSim, "bead-maze simulator driven by ROS 2 commands (parameters: maze, seed, real_time_factor, lock_step, lock_step_timeout, lock_step_readers, control_rate, time_limit, background, jpeg_quality, faults_file, servo_twist_topic, forward_velocity_topic, forward_position_topic, gripper_forward_topic, servo_command_timeout, tf_child_frame, kinematics, forward_joint_position_topic, forward_joint_velocity_topic, joint_trajectory_action, joint_states_topic)", c =>
        {
            using var node = new RosNode(c.Context, BeadMazeSim, options: c.NodeOptions);
            var mazeSpec = node.DeclareParameter("maze", "easy:0", "bundled maze name, YAML path, or seed spec (easy:N, hard:N)");
            var seed = node.DeclareParameter("seed", 0L, "noise and renderer seed");
            var realTimeFactor = node.DeclareParameter("real_time_factor", 1.0, "simulated seconds per wall second; 0 runs flat out");
            var timeLimit = node.DeclareParameter("time_limit", 120.0, "stop after this much simulated time, s");
            var background = node.DeclareParameter("background", "", "DIGIT no-contact image or calibration folder");
            var faultsFile = node.DeclareParameter("faults_file", "", "YAML fault plan; empty: no faults");
            var jpegQuality = node.DeclareParameter("jpeg_quality", (long)DemoMessageCodec.DefaultJpegQuality, "JPEG quality of the .../image_raw/compressed topics, 1-100");
            var lockStep = node.DeclareParameter("lock_step", false, "hold simulated time at each observation until a command stamped at or after it arrives");
            var lockStepTimeout = node.DeclareParameter("lock_step_timeout", 5.0, "seconds without the awaited command before each warning (it keeps waiting)");
            var lockStepReaders = node.DeclareParameter("lock_step_readers", 1L, "lock-step: readers of /robot/ee_pose (and, above 1, of each raw image topic) to wait for before the first observation");
            var controlRate = node.DeclareParameter("control_rate", "observation",
                "observation: publish /robot/ee_pose and apply commands at 30 Hz (the teleop recordings' rate); tactile: at every 60 Hz tactile tick, as maze_controller runs");

            var d = SimCommandTopics.Default;
            var commandTopics = d with
            {
                ServoTwist = node.DeclareParameter("servo_twist_topic", d.ServoTwist, "MoveIt Servo-style twist input (geometry_msgs/TwistStamped)"),
                ForwardVelocity = node.DeclareParameter("forward_velocity_topic", d.ForwardVelocity, "Cartesian velocity forward controller input (std_msgs/Float64MultiArray vx vy vz wx wy wz)"),
                ForwardPosition = node.DeclareParameter("forward_position_topic", d.ForwardPosition, "Cartesian pose forward controller input (std_msgs/Float64MultiArray x y z qx qy qz qw)"),
                GripperForward = node.DeclareParameter("gripper_forward_topic", d.GripperForward, "gripper forward controller input (std_msgs/Float64MultiArray [force N])"),
                TfChildFrame = node.DeclareParameter("tf_child_frame", d.TfChildFrame, "publish the end-effector pose on /tf as world to this frame; empty: not"),
                ServoCommandTimeout = node.DeclareParameter("servo_command_timeout", d.ServoCommandTimeout, "a Servo twist not renewed for this long (simulated s) stops the hand, as Servo's incoming_command_timeout"),
                ForwardJointPosition = node.DeclareParameter("forward_joint_position_topic", d.ForwardJointPosition, "with kinematics: joint position forward controller input (std_msgs/Float64MultiArray, the chain's joint order)"),
                ForwardJointVelocity = node.DeclareParameter("forward_joint_velocity_topic", d.ForwardJointVelocity, "with kinematics: joint velocity forward controller input (std_msgs/Float64MultiArray, the chain's joint order)"),
                JointTrajectoryAction = node.DeclareParameter("joint_trajectory_action", d.JointTrajectoryAction, "with kinematics: the control_msgs/action/FollowJointTrajectory server"),
                JointStates = node.DeclareParameter("joint_states_topic", d.JointStates, "with kinematics: the arm's sensor_msgs/JointState output"),
            };
            var kinematics = node.DeclareParameter("kinematics", "", "an arm's kinematic chain file: the hand becomes its tool and takes joint-space commands; empty: Cartesian interfaces only");
            var controlTicks = controlRate switch
            {
                "observation" => SimTicks.Observation,
                "tactile" => SimTicks.Tactile,
                _ => throw new ArgumentException($"{node.FullyQualifiedName}: control_rate '{controlRate}' is neither 'observation' (30 Hz) nor 'tactile' (60 Hz)"),
            };
            var maze = MazeCatalog.Resolve(mazeSpec, MazeDifficulty.Easy);
            var faults = faultsFile.Length == 0 ? FaultPlan.None : FaultPlanFile.Load(faultsFile).ToPlan((int)seed);
            var renderer = new DigitFrameRenderer(loadBackground(background.Length == 0 ? null : background), (int)seed);
            node.Logger.Info($"maze {maze.Name}, real-time factor {realTimeFactor}{(lockStep ? ", lock-step" : "")}, {faults.Faults.Count} faults");
            Rollout(node, new BeadMazeSim(maze, faults: faults), new RolloutOptions(TimeLimit: timeLimit, Renderer: renderer, TraceInterval: 0, Cancellation: c.Cancellation),
                realTimeFactor, (int)jpegQuality, lockStep ? TimeSpan.FromSeconds(lockStepTimeout) : null, (int)lockStepReaders, controlTicks, commandTopics,
                kinematics.Length == 0 ? null : ChainFile.Load(kinematics));
            return Task.FromResult(0);
        });

    /// <summary>
    /// The node's rollout: <paramref name="sim"/> driven by the ROS 2 command topics and publishing what a robot would
    /// (the options' sink is replaced by the node's publisher), with <paramref name="node"/> spun for the rollout's length.
    /// </summary>
    /// <param name="lockStep">Hold simulated time at each observation until a command answers it, warning after this long; null: free running.</param>
    /// <param name="readers">In lock-step, the readers the pose and image topics wait for before the first observation.</param>
    /// <param name="controlTicks">When the pose and grip state are published and the command topics are applied (and,
    /// in lock-step, awaited): each observation, or each tactile tick (the control stack's rate).</param>
    /// <param name="commandTopics">The command inputs (default: <see cref="SimCommandTopics.Default"/>).</param>
    /// <param name="arm">The arm the hand is the tool of, taking joint-space commands and publishing joint states; null: none.</param>
    public static RolloutResult Rollout(RosNode node, BeadMazeSim sim, RolloutOptions options, double realTimeFactor, int jpegQuality, TimeSpan? lockStep,
        int readers = 1, SimTicks controlTicks = SimTicks.Observation, SimCommandTopics? commandTopics = null, SerialChain? arm = null)
    {
        var controller = new RosCommandController(node, lockStep, options.Cancellation, controlTicks, commandTopics);
        using var gripper = new SimGripperAction(node, controller, sim.Options.MaxGrip, 2 * sim.Options.Bead.BeadRadius);
        using var joints = arm is null ? null : new SimJointArm(node, controller, arm, DemoMessageCodec.WorldFrame, lockStep, options.Cancellation);
        var publisher = new RosDemoPublisher(node, realTimeFactor, new DemoMessageCodec(jpegQuality), lockStep, options.Cancellation, readers, (stamp, pose) =>
        {
            // The joints first: a controller reading both has them when the pose that triggers its tick arrives.
            joints?.Observe(stamp, pose);
            controller.ObservationPublished(stamp);
        }, controller.Topics.TfChildFrame);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(options.Cancellation);
        using var executor = new Executor();
        executor.Add(node);
        var spin = Task.Run(() => executor.Spin(stop.Token));
        try
        {
            var result = RolloutRunner.Run(sim, controller, options with { Sink = publisher, PoseTicks = controlTicks });
            var m = result.Metrics;
            node.Logger.Info($"rollout ended after {m.Time:F1} s: success {m.Success}, completion {m.Completion:P0}, slips {m.Slips}, drops {m.Drops}, " +
                $"jams {m.Jams}; {controller.Received} commands in, {publisher.Published} messages out");
            return result;
        }
        finally
        {
            stop.Cancel();
            spin.Wait();
        }
    }
}
