using SparshRobot.Control.Laws;
using SparshRobot.Core.Robot;
using SparshRobot.Ros.Node;

namespace SparshRobot.Control.Ros.Robot;

/// <summary>How the arm takes motion commands.</summary>
public enum ArmInterface
{
    /// <summary>PoseStamped targets and TwistStamped twists on the robot's own topics (<c>/robot/ee_target</c>, <c>/robot/ee_twist</c>), as the simulator node reads them.</summary>
    Topics,

    /// <summary>MoveIt Servo: TwistStamped on its <c>delta_twist_cmds</c> input, streamed at the servo rate; pose targets become twists.</summary>
    Servo,

    /// <summary>A ros2_control forward controller on a Cartesian velocity interface: Float64MultiArray [vx, vy, vz, wx, wy, wz] in the command frame.</summary>
    ForwardVelocity,

    /// <summary>A ros2_control forward controller on a Cartesian pose interface: Float64MultiArray [x, y, z, qx, qy, qz, qw];
    /// a twist becomes the pose it reaches in the pose tracking time constant, the inverse of <see cref="Laws.PoseTracking"/>.</summary>
    ForwardPosition,

    /// <summary>A ros2_control joint position forward controller: Float64MultiArray, one position per joint in
    /// <see cref="RobotInterfaceOptions.JointNames"/> order; a twist becomes the joints it reaches in the pose tracking
    /// time constant through the arm's differential IK (<see cref="JointSpaceArm"/>).</summary>
    ForwardJointPosition,

    /// <summary>A ros2_control joint velocity forward controller: Float64MultiArray, one velocity per joint; a twist becomes joint velocities through the differential IK.</summary>
    ForwardJointVelocity,

    /// <summary>JointTrajectoryController's <c>control_msgs/action/FollowJointTrajectory</c>: each command a one-point
    /// trajectory to the joints the twist reaches in the pose tracking time constant, the newest goal preempting the last.</summary>
    JointTrajectory,
}

/// <summary>How the gripper takes continuous force targets.</summary>
public enum GripperInterface
{
    /// <summary>std_msgs/Float64 in newtons (<c>/gripper/force_target</c>).</summary>
    Topic,

    /// <summary>A ros2_control forward controller: Float64MultiArray [force], newtons.</summary>
    Forward,
}

/// <summary>
/// The robot side of the control layer's hardware boundary on a ROS 2 graph: which interfaces the arm and gripper
/// offer and on which topics. Parameter names follow the snake_case of each property (see <see cref="Declare"/>).
/// </summary>
/// <param name="ServoRateHz">Servo: the rate the newest twist is streamed at between control ticks (Servo stops a
/// twist older than its <c>incoming_command_timeout</c>, 0.1 s); 0 publishes only on control ticks (lock-step).</param>
/// <param name="CommandTimeout">Servo streaming: a twist not renewed by the controller for this long is replaced by zero, s.</param>
/// <param name="Kinematics">Joint-space arm interfaces: the arm's chain file (<see cref="Core.Kinematics.ChainFile"/>); its tool
/// frame must be the controller's end-effector frame.</param>
/// <param name="JointNames">Joint-space interfaces: the controller's joint order (its <c>joints</c> parameter); empty: the chain's order.</param>
/// <param name="GripperAction">A <c>control_msgs/action/GripperCommand</c> server used to open and close the hand when the
/// grip target crosses <see cref="OpenForce"/>; empty: none (opening and closing go through the force target alone).</param>
public sealed record RobotInterfaceOptions(
    ArmInterface Arm = ArmInterface.Topics,
    GripperInterface Gripper = GripperInterface.Topic,
    string PoseTargetTopic = RobotCommandTopics.PoseTarget,
    string TwistTargetTopic = RobotCommandTopics.TwistTarget,
    string ServoTwistTopic = RobotCommandTopics.ServoTwist,
    string ForwardVelocityTopic = RobotCommandTopics.ForwardVelocity,
    string ForwardPositionTopic = RobotCommandTopics.ForwardPosition,
    string ForwardJointPositionTopic = RobotCommandTopics.ForwardJointPosition,
    string ForwardJointVelocityTopic = RobotCommandTopics.ForwardJointVelocity,
    string JointTrajectoryAction = RobotCommandTopics.JointTrajectoryAction,
    string JointStatesTopic = RobotCommandTopics.JointStates,
    string Kinematics = "",
    IReadOnlyList<string>? JointNames = null,
    string GripTargetTopic = RobotCommandTopics.GripTarget,
    string GripperForwardTopic = RobotCommandTopics.GripperForward,
    string GripperAction = "",
    double OpenForce = 0.05,
    double GripperOpenPosition = 0.08,
    double GripperClosedPosition = 0.0,
    double ServoRateHz = 100,
    double CommandTimeout = 0.1,
    PoseTrackingOptions? PoseTracking = null)
{
    public static RobotInterfaceOptions Default { get; } = new();

    public PoseTrackingOptions Tracking => PoseTracking ?? PoseTrackingOptions.Default;

    /// <summary>The names <c>arm_interface</c> takes.</summary>
    public static IReadOnlyDictionary<string, ArmInterface> ArmNames { get; } = new Dictionary<string, ArmInterface>(StringComparer.Ordinal)
    {
        ["topics"] = ArmInterface.Topics,
        ["servo"] = ArmInterface.Servo,
        ["forward_velocity"] = ArmInterface.ForwardVelocity,
        ["forward_position"] = ArmInterface.ForwardPosition,
        ["forward_joint_position"] = ArmInterface.ForwardJointPosition,
        ["forward_joint_velocity"] = ArmInterface.ForwardJointVelocity,
        ["joint_trajectory"] = ArmInterface.JointTrajectory,
    };

    /// <summary>The names <c>gripper_interface</c> takes.</summary>
    public static IReadOnlyDictionary<string, GripperInterface> GripperNames { get; } = new Dictionary<string, GripperInterface>(StringComparer.Ordinal)
    {
        ["topic"] = GripperInterface.Topic,
        ["forward"] = GripperInterface.Forward,
    };

    public static ArmInterface ParseArm(string name, string what = "arm_interface") =>
        ArmNames.TryGetValue(name, out var arm) ? arm : throw new ArgumentException($"{what} '{name}' is not one of: {string.Join(", ", ArmNames.Keys)}");

    public static GripperInterface ParseGripper(string name, string what = "gripper_interface") =>
        GripperNames.TryGetValue(name, out var gripper) ? gripper : throw new ArgumentException($"{what} '{name}' is not one of: {string.Join(", ", GripperNames.Keys)}");

    public static string NameOf(ArmInterface arm) => ArmNames.First(p => p.Value == arm).Key;

    /// <summary>Whether <paramref name="arm"/> takes joint values, so that a twist needs the arm's kinematics.</summary>
    public static bool IsJointSpace(ArmInterface arm) => arm is ArmInterface.ForwardJointPosition or ArmInterface.ForwardJointVelocity or ArmInterface.JointTrajectory;

    public void Validate()
    {
        if (!(ServoRateHz >= 0) || !double.IsFinite(ServoRateHz))
        {
            throw new ArgumentException($"servo_rate_hz {ServoRateHz} must be 0 (control ticks only) or positive");
        }
        if (!(CommandTimeout > 0))
        {
            throw new ArgumentException($"command_timeout {CommandTimeout} s must be positive");
        }
        if (!(OpenForce >= 0))
        {
            throw new ArgumentException($"open_force {OpenForce} N must not be negative");
        }
        if (IsJointSpace(Arm) && Kinematics.Length == 0)
        {
            throw new ArgumentException($"arm_interface {NameOf(Arm)} takes joint values: set kinematics to the arm's chain file (launch/params/kinematics/franka_panda.yaml for a Panda)");
        }
        Tracking.Validate();
    }

    /// <summary>Declares the robot interface's parameters on <paramref name="node"/> and returns the options they give.</summary>
    public static RobotInterfaceOptions Declare(RosNode node)
    {
        var d = Default;
        var options = new RobotInterfaceOptions(
            ParseArm(node.DeclareParameter("arm_interface", NameOf(d.Arm), $"how the arm takes motion: {string.Join(", ", ArmNames.Keys)}"), $"{node.FullyQualifiedName}: arm_interface"),
            ParseGripper(node.DeclareParameter("gripper_interface", "topic", $"how the gripper takes force targets: {string.Join(", ", GripperNames.Keys)}"), $"{node.FullyQualifiedName}: gripper_interface"),
            node.DeclareParameter("pose_target_topic", d.PoseTargetTopic, "arm_interface topics: pose targets (geometry_msgs/PoseStamped)"),
            node.DeclareParameter("twist_target_topic", d.TwistTargetTopic, "arm_interface topics: twists (geometry_msgs/TwistStamped)"),
            node.DeclareParameter("servo_twist_topic", d.ServoTwistTopic, "arm_interface servo: MoveIt Servo's twist input (geometry_msgs/TwistStamped)"),
            node.DeclareParameter("forward_velocity_topic", d.ForwardVelocityTopic, "arm_interface forward_velocity: the Cartesian velocity forward controller's commands (std_msgs/Float64MultiArray, vx vy vz wx wy wz)"),
            node.DeclareParameter("forward_position_topic", d.ForwardPositionTopic, "arm_interface forward_position: the Cartesian pose forward controller's commands (std_msgs/Float64MultiArray, x y z qx qy qz qw)"),
            node.DeclareParameter("forward_joint_position_topic", d.ForwardJointPositionTopic, "arm_interface forward_joint_position: the joint position forward controller's commands (std_msgs/Float64MultiArray, joint_names order)"),
            node.DeclareParameter("forward_joint_velocity_topic", d.ForwardJointVelocityTopic, "arm_interface forward_joint_velocity: the joint velocity forward controller's commands (std_msgs/Float64MultiArray, joint_names order)"),
            node.DeclareParameter("joint_trajectory_action", d.JointTrajectoryAction, "arm_interface joint_trajectory: the JointTrajectoryController's control_msgs/action/FollowJointTrajectory"),
            node.DeclareParameter("joint_states_topic", d.JointStatesTopic, "joint-space arm interfaces: the arm's sensor_msgs/JointState"),
            node.DeclareParameter("kinematics", d.Kinematics, "joint-space arm interfaces: the arm's kinematic chain file (YAML), its tool frame the end-effector frame"),
            node.DeclareParameter("joint_names", Array.Empty<string>(), "joint-space arm interfaces: the controller's joint order; empty: the chain file's"),
            node.DeclareParameter("grip_target_topic", d.GripTargetTopic, "gripper_interface topic: grip force target, N (std_msgs/Float64)"),
            node.DeclareParameter("gripper_forward_topic", d.GripperForwardTopic, "gripper_interface forward: the gripper's forward controller commands (std_msgs/Float64MultiArray, [force N])"),
            node.DeclareParameter("gripper_action", d.GripperAction, "control_msgs/action/GripperCommand server that opens and closes the hand; empty: none"),
            node.DeclareParameter("open_force", d.OpenForce, "a grip target at or below this (N) means an open hand"),
            node.DeclareParameter("gripper_open_position", d.GripperOpenPosition, "gripper action: finger gap of an open hand, m"),
            node.DeclareParameter("gripper_closed_position", d.GripperClosedPosition, "gripper action: finger gap asked for when closing (the hand stalls on the bead), m"),
            node.DeclareParameter("servo_rate_hz", d.ServoRateHz, "servo: stream the newest twist at this rate between control ticks; 0: on control ticks only"),
            node.DeclareParameter("command_timeout", d.CommandTimeout, "servo streaming: a twist the controller has not renewed for this long (s) is replaced by zero"),
            new PoseTrackingOptions(
                node.DeclareParameter("pose_time_constant", PoseTrackingOptions.Default.TimeConstant, "velocity interfaces: a pose target becomes the pose error over this time; forward_position: a twist becomes the pose it reaches in this time, s"),
                node.DeclareParameter("pose_max_speed", PoseTrackingOptions.Default.MaxSpeed, "velocity interfaces: speed limit of a twist made from a pose target, m/s"),
                node.DeclareParameter("pose_max_angular_speed", PoseTrackingOptions.Default.MaxAngularSpeed, "velocity interfaces: angular speed limit of such a twist, rad/s")));
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{node.FullyQualifiedName}: {e.Message}", e);
        }
        return options;
    }
}
