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
}
