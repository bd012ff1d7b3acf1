using SparshRobot.Control.Ros.Robot.Stack;
using SparshRobot.Ros.Messages;
using SparshRobot.Ros.Node;

namespace SparshRobot.Control.Ros.Robot;

/// <summary>
/// What the controller node needs from the lab's robot stack besides its command interfaces: where the end-effector pose
/// comes from (a pose topic or /tf between two frames), the ros2_control controllers that must be active, and whether to
/// start MoveIt Servo (whose halts then halt the controller, and whose recovery resumes it).
/// </summary>
/// <param name="ServoNode">Servo's node name (its services and status topic live under it).</param>
/// <param name="Distro">Which Servo and controller_manager interfaces the stack speaks (Humble or Jazzy).</param>
public sealed record RobotSideOptions(
    (string BaseFrame, string EeFrame)? PoseFrames = null,
    string PoseRepublishTopic = "",
    bool StartServo = false,
    string ServoNode = "/servo_node",
    IReadOnlyList<string>? RequiredControllers = null,
    string ControllerManager = "/controller_manager",
    InterfaceDistro? Distro = null,
    double StartTimeout = 10)
{
    public static RobotSideOptions Declare(RosNode node, RobotInterfaceOptions robot)
    {
        var source = node.DeclareParameter("pose_source", "topic", "where the end-effector pose comes from: topic (ee_pose as PoseStamped) or tf (base_frame to ee_frame)");
        var baseFrame = node.DeclareParameter("base_frame", "world", "pose_source tf: the frame poses and commands are expressed in");
        var eeFrame = node.DeclareParameter("ee_frame", "ee", "pose_source tf: the end-effector (pinch point) frame");
        var republish = node.DeclareParameter("pose_republish_topic", "", "pose_source tf: republish the pose read from /tf on this topic (PoseStamped) for the policy node; empty: not");
        var startServo = node.DeclareParameter("start_servo", false, "arm_interface servo: start MoveIt Servo for twists at startup and halt the controller while Servo reports a halt");
        var servoNode = node.DeclareParameter("servo_node", "/servo_node", "MoveIt Servo's node name");
        var controllers = node.DeclareParameter("required_controllers", Array.Empty<string>(), "ros2_control controllers that must be active before controlling (checked through controller_manager)");
        var manager = node.DeclareParameter("controller_manager", "/controller_manager", "the controller_manager node's name");
        var distro = node.DeclareParameter("ros_distro", "", "humble or jazzy: which Servo and controller_manager interfaces the robot's stack speaks; empty: $ROS_DISTRO");
        var timeout = node.DeclareParameter("stack_timeout", 10.0, "seconds to wait for Servo's and controller_manager's services at startup");
        var where = node.FullyQualifiedName;
        (string, string)? frames = source switch
        {
            "topic" => null,
            "tf" => (baseFrame, eeFrame),
            _ => throw new ArgumentException($"{where}: pose_source '{source}' is neither 'topic' nor 'tf'"),
        };
        if (startServo && robot.Arm != ArmInterface.Servo)
        {
            throw new ArgumentException($"{where}: start_servo is set but arm_interface is {RobotInterfaceOptions.NameOf(robot.Arm)}; set arm_interface to servo");
        }
        if (!(timeout > 0))
        {
            throw new ArgumentException($"{where}: stack_timeout {timeout} s must be positive");
        }
        return new RobotSideOptions(frames, republish, startServo, servoNode, controllers, manager,
            distro.Length == 0 ? null : InterfaceDistros.Parse(distro, $"{where}: ros_distro"), timeout);
    }

    /// <summary>
    /// Checks the controllers and starts Servo (the node must be spinning), and ties Servo's halts to
    /// <paramref name="controller"/>. Throws with the fix when the stack is not ready; dispose to let go of Servo's status.
    /// </summary>
    public IDisposable? Connect(RosNode node, MazeControllerNode controller, CancellationToken cancellation)
    {
        var timeout = TimeSpan.FromSeconds(StartTimeout);
        var distro = Distro ?? InterfaceDistros.FromEnvironment();
        if (RequiredControllers is { Count: > 0 } required)
        {
            using var manager = new ControllerManagerClient(node, new ControllerManagerOptions
            {
                ControllerManager = ControllerManager,
                Distro = distro,
                Timeout = timeout,
            });
            var active = manager.EnsureActiveAsync(required, cancellation).GetAwaiter().GetResult();
            node.Logger.Info($"controllers active: {string.Join(", ", active.Select(c => c.Name))}");
        }
        if (!StartServo)
        {
            return null;
        }
        var servo = new ServoClient(node, new ServoClientOptions { ServoNode = ServoNode, Distro = distro, Timeout = timeout });
        servo.StatusChanged += status =>
        {
            if (status.IsHalt)
            {
                controller.Halt($"MoveIt Servo: {status.Text}");
            }
            else if (controller.Resume())
            {
                node.Logger.Info($"MoveIt Servo recovered ({status.Text}); control resumes");
            }
        };
        try
        {
            servo.StartTwistAsync(cancellation).GetAwaiter().GetResult();
        }
        catch
        {
            servo.Dispose();
            throw;
        }
        node.Logger.Info($"MoveIt Servo started for twists ({servo.TwistTopic})");
        return servo;
    }
}
