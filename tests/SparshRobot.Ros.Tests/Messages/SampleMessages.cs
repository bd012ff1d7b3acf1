using SparshRobot.Ros.Messages.BuiltinInterfaces;
using SparshRobot.Ros.Messages.DiagnosticMsgs;
using SparshRobot.Ros.Messages.GeometryMsgs;
using SparshRobot.Ros.Messages.RosgraphMsgs;
using SparshRobot.Ros.Messages.SensorMsgs;
using SparshRobot.Ros.Messages.SparshRobotMsgs;
using SparshRobot.Ros.Messages.StdMsgs;

namespace SparshRobot.Ros.Tests.Messages;

/// <summary>One non-trivial instance of every built-in message type, with odd-length strings so alignment padding shows up.</summary>
internal static class SampleMessages
{
    public static Header Header(string frame = "base_link") => new(new Time(1_700_000_000, 123_456_789), frame);

    public static Pose Pose(double k = 1) => new(new Point(1.5 * k, -2.25, 3), new Quaternion(0, 0, Math.Sqrt(0.5), Math.Sqrt(0.5)));

    public static IReadOnlyDictionary<string, object> All { get; } = new Dictionary<string, object>
    {
        ["builtin_interfaces/msg/Time"] = new Time(-3, 999_999_999),
        ["std_msgs/msg/Header"] = Header("map"),
        ["std_msgs/msg/String"] = new SparshRobot.Ros.Messages.StdMsgs.String("héllo wörld"),
        ["std_msgs/msg/Bool"] = new Bool(true),
        ["std_msgs/msg/Float32"] = new Float32(-0.1f),
        ["std_msgs/msg/Float64"] = new Float64(Math.PI),
        ["std_msgs/msg/MultiArrayDimension"] = new MultiArrayDimension("rows", 2, 6),
        ["std_msgs/msg/MultiArrayLayout"] = new MultiArrayLayout([new("rows", 2, 6), new("cols", 3, 3)], 1),
        ["std_msgs/msg/Float32MultiArray"] = new Float32MultiArray(
            new MultiArrayLayout([new("rows", 2, 6), new("c", 3, 3)], 0), [1, 2, 3, 4.5f, -5, float.NaN]),
        ["sensor_msgs/msg/Image"] = new Image(Header("cam"), 2, 3, "rgb8", 0, 9, Enumerable.Range(0, 18).Select(i => (byte)(i * 13)).ToArray()),
        ["sensor_msgs/msg/CompressedImage"] = new CompressedImage(Header("cam"), "jpeg", new byte[] { 0xff, 0xd8, 0xff, 0xe0, 0x00 }),
        ["sensor_msgs/msg/JointState"] = new JointState(Header(), ["wrist", "finger_a", "b"], [0.1, 0.2, 0.3], [], [1, 2, 3]),
        ["geometry_msgs/msg/Point"] = new Point(1, 2, 3),
        ["geometry_msgs/msg/Quaternion"] = new Quaternion(0.1, 0.2, 0.3, 0.9),
        ["geometry_msgs/msg/Pose"] = Pose(),
        ["geometry_msgs/msg/PoseStamped"] = new PoseStamped(Header(), Pose()),
        ["geometry_msgs/msg/PoseArray"] = new PoseArray(Header("odom"), [Pose(1), Pose(2), Pose(3)]),
        ["geometry_msgs/msg/Vector3"] = new Vector3(-1, 0.5, 1e-9),
        ["geometry_msgs/msg/Twist"] = new SparshRobot.Ros.Messages.GeometryMsgs.Twist(new Vector3(0.1, 0, 0), new Vector3(0, 0, -0.5)),
        ["geometry_msgs/msg/TwistStamped"] = new TwistStamped(
            Header("tool0"), new SparshRobot.Ros.Messages.GeometryMsgs.Twist(new Vector3(0.1, 0.2, 0.3), new Vector3(0.4, 0.5, 0.6))),
        ["geometry_msgs/msg/Wrench"] = new SparshRobot.Ros.Messages.GeometryMsgs.Wrench(new Vector3(0, 0, -9.81), new Vector3(0.01, 0, 0)),
        ["geometry_msgs/msg/WrenchStamped"] = new WrenchStamped(
            Header("ft"), new SparshRobot.Ros.Messages.GeometryMsgs.Wrench(new Vector3(1, 2, 3), new Vector3(4, 5, 6))),
        ["nav_msgs/msg/Path"] = new SparshRobot.Ros.Messages.NavMsgs.Path(
            Header("map"), [new PoseStamped(Header("a"), Pose(1)), new PoseStamped(Header("bc"), Pose(2))]),
        ["diagnostic_msgs/msg/KeyValue"] = new KeyValue("temperature", "41.5"),
        ["diagnostic_msgs/msg/DiagnosticStatus"] = new DiagnosticStatus(
            DiagnosticStatus.Warn, "digit/left", "hot", "D20001", [new("temperature", "41.5"), new("fps", "60")]),
        ["diagnostic_msgs/msg/DiagnosticArray"] = new DiagnosticArray(Header("x"), [
            new DiagnosticStatus(DiagnosticStatus.Ok, "a", "", "", []),
            new DiagnosticStatus(DiagnosticStatus.Error, "bcd", "lost", "hw", [new("k", "v")]),
        ]),
        ["rosgraph_msgs/msg/Clock"] = new ClockMsg(new Time(12, 500_000_000)),
        ["sparsh_robot_msgs/msg/GripForce"] = new GripForce(Header("gripper"), 2.4, 2.5),
        ["sparsh_robot_msgs/msg/BeadGroundTruth"] = new BeadGroundTruth(
            Header("world"), 0.125, -0.01, new Point(0.1, 0.2, 0.3), new Vector3(0, 1, 0), true, false, true, false,
            new Vector3(0.5, -0.25, 1), 0.75, 0.3, 0.2, 0.004, Pose(2), 2.5, new Vector3(0.001, 0, -0.002), 0.02),
        ["sparsh_robot_msgs/msg/FingerContact"] = new FingerContact(
            Header("digit_index"), FingerContact.FingerIndex, true, 21.5, -1.25, 0.5, 0.3, 1.2, 0.05, -0.1, 0.25, 3.5, 0.9, FingerContact.HealthStale),
    };
}
