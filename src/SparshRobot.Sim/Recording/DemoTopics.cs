using SparshRobot.Core.Robot;

namespace SparshRobot.Sim.Recording;

/// <summary>A topic a teleop session records: name, ROS 2 type, and its nominal rate (0 = when commanded).</summary>
public sealed record DemoTopic(string Name, string RosType, double RateHz, string Description);

/// <summary>
/// Exactly the topics a real teleop session on the robot records, plus the simulator's ground truth. The MCAP
/// writer and the ROS 2 publishers map each <see cref="DemoMessage"/> subtype to the ROS type named here.
/// Plain names and type strings, so they stay with the simulator: the rollout labels every stream it emits with them
/// and each sink agrees; the ROS encoding itself lives in SparshRobot.Sim.Ros.
/// </summary>
public static class DemoTopics
{
    // A teleop recording (and the Sparsh T6 data) takes image_transport's compressed topic: raw 60 Hz DIGIT streams
    // would make an 18 s episode ~400 MB.
    public static DemoTopic ThumbImage { get; } = new("/tactile/thumb/image_raw/compressed", "sensor_msgs/msg/CompressedImage", 60,
        "Thumb DIGIT, JPEG of the 320x240 (H x W) rgb8 image as image_transport's compressed plugin writes it, frame_id digit_thumb");

    public static DemoTopic IndexImage { get; } = new("/tactile/index/image_raw/compressed", "sensor_msgs/msg/CompressedImage", 60,
        "Index DIGIT, JPEG of the 320x240 (H x W) rgb8 image as image_transport's compressed plugin writes it, frame_id digit_index");

    public static DemoTopic ThumbImageRaw { get; } = new("/tactile/thumb/image_raw", "sensor_msgs/msg/Image", 60,
        "Thumb DIGIT, 320x240 (H x W) rgb8, frame_id digit_thumb; published live, not recorded");

    public static DemoTopic IndexImageRaw { get; } = new("/tactile/index/image_raw", "sensor_msgs/msg/Image", 60,
        "Index DIGIT, 320x240 (H x W) rgb8, frame_id digit_index; published live, not recorded");

    public static DemoTopic EePose { get; } = new("/robot/ee_pose", "geometry_msgs/msg/PoseStamped", 30,
        "End-effector (panda_link8) pose from the robot's kinematics, frame_id world");

    public static DemoTopic GripperState { get; } = new("/gripper/force_state", "sparsh_robot_msgs/msg/GripForce", 30,
        "Measured and target pinch force, N");

    public static DemoTopic EeTarget { get; } = new(RobotCommandTopics.PoseTarget, "geometry_msgs/msg/PoseStamped", 0,
        "Commanded end-effector pose target (teleop streams these at the command rate)");

    public static DemoTopic EeTwist { get; } = new(RobotCommandTopics.TwistTarget, "geometry_msgs/msg/TwistStamped", 0,
        "Commanded end-effector twist target (twist-mode controllers)");

    public static DemoTopic GripTarget { get; } = new(RobotCommandTopics.GripTarget, "std_msgs/msg/Float64", 0,
        "Commanded pinch force, N");

    public static DemoTopic GroundTruth { get; } = new("/sim/ground_truth", "sparsh_robot_msgs/msg/BeadGroundTruth", 60,
        "Simulator only: bead s, forces, slip, grasp, faults in force");

    /// <summary>The recorded topics.</summary>
    public static IReadOnlyList<DemoTopic> All { get; } = [ThumbImage, IndexImage, EePose, GripperState, EeTarget, EeTwist, GripTarget, GroundTruth];

    /// <summary>
    /// The raw base topic of each compressed image topic: a live image_transport publisher offers both, so the
    /// simulator node publishes each frame on both while bags keep the compressed one.
    /// </summary>
    public static IReadOnlyDictionary<DemoTopic, DemoTopic> RawImages { get; } =
        new Dictionary<DemoTopic, DemoTopic> { [ThumbImage] = ThumbImageRaw, [IndexImage] = IndexImageRaw };
}
