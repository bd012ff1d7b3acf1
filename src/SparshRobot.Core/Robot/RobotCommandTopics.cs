namespace SparshRobot.Core.Robot;

/// <summary>
/// The default names of the command topics a robot takes: our own, MoveIt Servo's twist input and ros2_control forward
/// controllers'. The controller's adapters, the simulated robot and the recorder share them, so they agree by default.
/// Plain strings, so they live here rather than in a ROS project: the pure simulator labels its recordings with them.
/// </summary>
public static class RobotCommandTopics
{
    public const string PoseTarget = "/robot/ee_target";

    public const string TwistTarget = "/robot/ee_twist";

    public const string GripTarget = "/gripper/force_target";

    public const string ServoTwist = "/servo_node/delta_twist_cmds";

    public const string ForwardVelocity = "/forward_velocity_controller/commands";

    public const string ForwardPosition = "/forward_position_controller/commands";

    public const string GripperForward = "/gripper_force_controller/commands";

    /// <summary>A joint position forward controller (one value per joint); not the Cartesian one's default name, whose 7 values a Panda's 7 joints would alias.</summary>
    public const string ForwardJointPosition = "/joint_position_controller/commands";

    public const string ForwardJointVelocity = "/joint_velocity_controller/commands";

    /// <summary>JointTrajectoryController's <c>control_msgs/action/FollowJointTrajectory</c> action.</summary>
    public const string JointTrajectoryAction = "/joint_trajectory_controller/follow_joint_trajectory";

    /// <summary>joint_state_broadcaster's <c>sensor_msgs/JointState</c>.</summary>
    public const string JointStates = "/joint_states";
}
