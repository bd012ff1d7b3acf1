using SparshRobot.Ros.Messages.ActionMsgs;
using SparshRobot.Ros.Messages.Actions;
using SparshRobot.Ros.Messages.BuiltinInterfaces;
using SparshRobot.Ros.Messages.ControllerManagerMsgs;
using SparshRobot.Ros.Messages.ControlMsgs;
using SparshRobot.Ros.Messages.DiagnosticMsgs;
using SparshRobot.Ros.Messages.ExampleInterfaces;
using SparshRobot.Ros.Messages.GeometryMsgs;
using SparshRobot.Ros.Messages.MoveitMsgs;
using SparshRobot.Ros.Messages.RclInterfaces;
using SparshRobot.Ros.Messages.RosgraphMsgs;
using SparshRobot.Ros.Messages.SensorMsgs;
using SparshRobot.Ros.Messages.SparshRobotMsgs;
using SparshRobot.Ros.Messages.StdMsgs;
using SparshRobot.Ros.Messages.StdSrvs;
using SparshRobot.Ros.Messages.Tf2Msgs;
using SparshRobot.Ros.Messages.TrajectoryMsgs;
using SparshRobot.Ros.Messages.UniqueIdentifierMsgs;
using ParameterValue = SparshRobot.Ros.Parameters.ParameterValue;
using RclInterfaces = SparshRobot.Ros.Messages.RclInterfaces;

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
        ["sparsh_robot_msgs/msg/GripForce"] = new GripForce(Header("gripper"), 2.4, 2.5, -0.0004),
        ["sparsh_robot_msgs/msg/BeadGroundTruth"] = new BeadGroundTruth(
            Header("world"), 0.125, -0.01, new Point(0.1, 0.2, 0.3), new Vector3(0, 1, 0), true, false, true, false,
            new Vector3(0.5, -0.25, 1), 0.75, 0.3, 0.2, 0.004, Pose(2), 2.5, new Vector3(0.001, 0, -0.002), 0.02),
        ["sparsh_robot_msgs/msg/FingerContact"] = new FingerContact(
            Header("digit_index"), FingerContact.FingerIndex, true, 21.5, -1.25, 0.5, 0.3, 1.2, 0.05, -0.1, 0.25, 3.5, 0.9, FingerContact.HealthStale),

        ["builtin_interfaces/msg/Duration"] = new Duration(-2, 250_000_000),
        ["unique_identifier_msgs/msg/UUID"] = GoalId(1),
        ["std_msgs/msg/Float64MultiArray"] = Float64MultiArray.Vector("joints", [0.5, -1.25, 3]),
        ["std_msgs/msg/Int8"] = new Int8(-5),
        ["std_msgs/msg/Empty"] = Empty.Instance,
        ["geometry_msgs/msg/Transform"] = Transform(),
        ["geometry_msgs/msg/TransformStamped"] = new TransformStamped(Header("world"), "tool0", Transform()),
        ["tf2_msgs/msg/TFMessage"] = new TFMessage([
            new TransformStamped(Header("world"), "base", Transform(1)),
            new TransformStamped(Header("base"), "tool0x", Transform(2)),
        ]),
        ["trajectory_msgs/msg/JointTrajectoryPoint"] = Point(1),
        ["trajectory_msgs/msg/JointTrajectory"] = Trajectory(),
        ["trajectory_msgs/msg/MultiDOFJointTrajectoryPoint"] = MultiDofPoint(1),
        ["trajectory_msgs/msg/MultiDOFJointTrajectory"] = MultiDofTrajectory(),
        ["control_msgs/msg/GripperCommand"] = new SparshRobot.Ros.Messages.ControlMsgs.GripperCommand(0.04, 20),
        ["control_msgs/msg/JointJog"] = new JointJog(Header("tool0"), ["j1", "j23"], [], [0.1, -0.2], 0.05),
        ["control_msgs/msg/JointTolerance"] = new JointTolerance("j1", 0.01, 0.1, -1),
        ["control_msgs/msg/JointComponentTolerance"] = new JointComponentTolerance("base", JointComponentTolerance.Rotation, 0.02, 0, 0),
        ["control_msgs/action/GripperCommand_Goal"] = GripperGoal,
        ["control_msgs/action/GripperCommand_Result"] = GripperResult,
        ["control_msgs/action/GripperCommand_Feedback"] = GripperFeedback,
        ["control_msgs/action/GripperCommand_SendGoal_Request"] = new SendGoalRequest<GripperCommandGoal>(GoalId(2), GripperGoal),
        ["control_msgs/action/GripperCommand_SendGoal_Response"] = new SendGoalResponse<GripperCommandGoal>(true, new Time(5, 6)),
        ["control_msgs/action/GripperCommand_GetResult_Request"] = new GetResultRequest<GripperCommandResult>(GoalId(3)),
        ["control_msgs/action/GripperCommand_GetResult_Response"] =
            new GetResultResponse<GripperCommandResult>(GoalStatus.StatusSucceeded, GripperResult),
        ["control_msgs/action/GripperCommand_FeedbackMessage"] = new FeedbackMessage<GripperCommandFeedback>(GoalId(4), GripperFeedback),
        ["control_msgs/action/FollowJointTrajectory_Goal"] = FollowGoal,
        ["control_msgs/action/FollowJointTrajectory_Result"] =
            new FollowJointTrajectoryResult(FollowJointTrajectoryResult.PathToleranceViolated, "j2 left the path"),
        ["control_msgs/action/FollowJointTrajectory_Feedback"] = FollowFeedback,
        ["control_msgs/action/FollowJointTrajectory_SendGoal_Request"] =
            new SendGoalRequest<FollowJointTrajectoryGoal>(GoalId(5), FollowGoal),
        ["control_msgs/action/FollowJointTrajectory_SendGoal_Response"] =
            new SendGoalResponse<FollowJointTrajectoryGoal>(false, new Time(0, 0)),
        ["control_msgs/action/FollowJointTrajectory_GetResult_Request"] = new GetResultRequest<FollowJointTrajectoryResult>(GoalId(6)),
        ["control_msgs/action/FollowJointTrajectory_GetResult_Response"] = new GetResultResponse<FollowJointTrajectoryResult>(
            GoalStatus.StatusAborted, new FollowJointTrajectoryResult(FollowJointTrajectoryResult.InvalidJoints, "no joint 'x'")),
        ["control_msgs/action/FollowJointTrajectory_FeedbackMessage"] =
            new FeedbackMessage<FollowJointTrajectoryFeedback>(GoalId(7), FollowFeedback),
        ["action_msgs/msg/GoalInfo"] = new GoalInfo(GoalId(8), new Time(7, 8)),
        ["action_msgs/msg/GoalStatus"] = new GoalStatus(new GoalInfo(GoalId(9), new Time(9, 10)), GoalStatus.StatusExecuting),
        ["action_msgs/msg/GoalStatusArray"] = new GoalStatusArray([
            new GoalStatus(new GoalInfo(GoalId(10), new Time(1, 2)), GoalStatus.StatusAccepted),
            new GoalStatus(new GoalInfo(GoalId(11), new Time(3, 4)), GoalStatus.StatusCanceling),
        ]),
        ["action_msgs/srv/CancelGoal_Request"] = new CancelGoalRequest(new GoalInfo(UUID.Zero, new Time(0, 0))),
        ["action_msgs/srv/CancelGoal_Response"] = new CancelGoalResponse(CancelGoalResponse.ErrorNone, [
            new GoalInfo(GoalId(12), new Time(1, 0)), new GoalInfo(GoalId(13), new Time(2, 0)),
        ]),
        ["rcl_interfaces/msg/ParameterType"] = RclInterfaces.ParameterType.Instance,
        ["rcl_interfaces/msg/ParameterValue"] = StringArrayValue,
        ["rcl_interfaces/msg/Parameter"] = new Parameter("use_sim_time", BoolValue),
        ["rcl_interfaces/msg/FloatingPointRange"] = new FloatingPointRange(-1.5, 2.5, 0.5),
        ["rcl_interfaces/msg/IntegerRange"] = new IntegerRange(-10, 10, 2),
        ["rcl_interfaces/msg/ParameterDescriptor"] = Descriptor,
        ["rcl_interfaces/msg/SetParametersResult"] = new SetParametersResult(false, "read-only"),
        ["rcl_interfaces/msg/ListParametersResult"] = new ListParametersResult(["a.b", "c"], ["a"]),
        ["rcl_interfaces/msg/ParameterEvent"] = new ParameterEvent(
            new Time(11, 12), "/ns/node", [new Parameter("new", IntegerValue)], [new Parameter("ch", StringArrayValue)], []),
        ["rcl_interfaces/srv/GetParameters_Request"] = new GetParametersRequest(["use_sim_time", "rate"]),
        ["rcl_interfaces/srv/GetParameters_Response"] = new GetParametersResponse([BoolValue, IntegerValue, BytesValue]),
        ["rcl_interfaces/srv/GetParameterTypes_Request"] = new GetParameterTypesRequest(["a", "bc"]),
        ["rcl_interfaces/srv/GetParameterTypes_Response"] = new GetParameterTypesResponse([RclInterfaces.ParameterType.ParameterBool, 0]),
        ["rcl_interfaces/srv/SetParameters_Request"] = new SetParametersRequest([new Parameter("rate", IntegerValue), new Parameter("s", StringArrayValue)]),
        ["rcl_interfaces/srv/SetParameters_Response"] = new SetParametersResponse([new(true, ""), new(false, "bad")]),
        ["rcl_interfaces/srv/SetParametersAtomically_Request"] = new SetParametersAtomicallyRequest([new Parameter("b", BytesValue)]),
        ["rcl_interfaces/srv/SetParametersAtomically_Response"] = new SetParametersAtomicallyResponse(new SetParametersResult(true, "ok")),
        ["rcl_interfaces/srv/DescribeParameters_Request"] = new DescribeParametersRequest(["rate"]),
        ["rcl_interfaces/srv/DescribeParameters_Response"] = new DescribeParametersResponse([Descriptor, Descriptor with { IntegerRange = [] }]),
        ["rcl_interfaces/srv/ListParameters_Request"] = new ListParametersRequest(["ab"], 3),
        ["rcl_interfaces/srv/ListParameters_Response"] = new ListParametersResponse(new ListParametersResult(["ab.c"], ["ab"])),
        ["std_srvs/srv/Empty_Request"] = EmptyRequest.Instance,
        ["std_srvs/srv/Empty_Response"] = EmptyResponse.Instance,
        ["std_srvs/srv/Trigger_Request"] = TriggerRequest.Instance,
        ["std_srvs/srv/Trigger_Response"] = new TriggerResponse(true, "started"),
        ["std_srvs/srv/SetBool_Request"] = new SetBoolRequest(true),
        ["std_srvs/srv/SetBool_Response"] = new SetBoolResponse(false, "busy"),
        ["controller_manager_msgs/msg/ChainConnection"] = new ChainConnection("pid_a", ["j1/velocity", "j2/velocity"]),
        ["controller_manager_msgs/msg/ControllerState"] = JazzyController,
        ["controller_manager_msgs/srv/ListControllers_Request"] = ListControllersRequest.Instance,
        ["controller_manager_msgs/srv/ListControllers_Response"] = new ListControllersResponse<Jazzy>([
            JazzyController, JazzyController with { Name = "jsb", State = "inactive", IsAsync = true, ChainConnections = [] },
        ]),
        ["controller_manager_msgs/srv/SwitchController_Request"] =
            new SwitchControllerRequest<Jazzy>(["fwd"], ["jtc", "x"], SwitchControllerRequest<Jazzy>.Auto, true, new Duration(2, 500)),
        ["controller_manager_msgs/srv/SwitchController_Response"] = new SwitchControllerResponse<Jazzy>(false, "jtc is not loaded"),
        ["moveit_msgs/msg/ServoStatus"] = new ServoStatus(ServoStatus.HaltForCollision, "Collision detected, emergency stop"),
        ["moveit_msgs/srv/ServoCommandType_Request"] = new ServoCommandTypeRequest(ServoCommandTypeRequest.Twist),
        ["moveit_msgs/srv/ServoCommandType_Response"] = new ServoCommandTypeResponse(true),
        ["example_interfaces/srv/AddTwoInts_Request"] = new AddTwoIntsRequest(2, -3),
        ["example_interfaces/srv/AddTwoInts_Response"] = new AddTwoIntsResponse(-1),
    };

    /// <summary>A UUID whose bytes are <paramref name="seed"/>, seed+1, ... so each sample's id differs.</summary>
    public static UUID GoalId(int seed) => new(Enumerable.Range(seed, UUID.Length).Select(i => (byte)i).ToArray());

    private static Transform Transform(double k = 1) => new(new Vector3(0.1 * k, 0.2, 0.3), new Quaternion(0, 0, Math.Sqrt(0.5), Math.Sqrt(0.5)));

    private static JointTrajectoryPoint Point(double k) => new([0.1 * k, 0.2], [], [1, 2], [], new Duration(1, 500_000_000));

    private static JointTrajectory Trajectory() => new(Header("base"), ["j1", "j2"], [Point(1), Point(2)]);

    private static MultiDOFJointTrajectoryPoint MultiDofPoint(double k) => new(
        [Transform(k)], [new SparshRobot.Ros.Messages.GeometryMsgs.Twist(new Vector3(k, 0, 0), new Vector3(0, 0, 1))], [], new Duration(0, 100));

    private static MultiDOFJointTrajectory MultiDofTrajectory() => new(Header("odom"), ["base"], [MultiDofPoint(1)]);

    private static GripperCommandGoal GripperGoal => new(new SparshRobot.Ros.Messages.ControlMsgs.GripperCommand(0.01, 40));

    private static GripperCommandResult GripperResult => new(0.012, 39.5, true, false);

    private static GripperCommandFeedback GripperFeedback => new(0.02, 12.5, false, false);

    private static FollowJointTrajectoryGoal FollowGoal => new(
        Trajectory(), MultiDofTrajectory(), [new JointTolerance("j1", 0.1, 0, 0)], [],
        [], [new JointComponentTolerance("base", JointComponentTolerance.XAxis, 0.01, 0.1, 1)], new Duration(0, 500_000_000));

    private static FollowJointTrajectoryFeedback FollowFeedback => new(
        Header("base"), ["j1", "j2"], Point(1), Point(1.1), Point(0.1), ["b"], MultiDofPoint(1), MultiDofPoint(2), MultiDofPoint(3));

    /// <summary>A Jazzy controller with every field set, the Jazzy-only ones included.</summary>
    public static ControllerState<Jazzy> JazzyController => new(
        "forward_position_controller", "active", "forward_command_controller/ForwardCommandController", false, 500,
        ["j1/position", "j2/position"], ["j1/position", "j2/position"], ["j1/position"], true, false, ["fpc/j1"], ["ref/a"],
        [new ChainConnection("pid", ["r1"])]);

    private static RclInterfaces.ParameterValue BoolValue => RclInterfaces.ParameterValue.From(ParameterValue.Of(true));

    private static RclInterfaces.ParameterValue IntegerValue => RclInterfaces.ParameterValue.From(ParameterValue.Of(5L));

    private static RclInterfaces.ParameterValue BytesValue => RclInterfaces.ParameterValue.From(ParameterValue.Of(new byte[] { 1, 2, 255 }));

    private static RclInterfaces.ParameterValue StringArrayValue => RclInterfaces.ParameterValue.From(ParameterValue.Of(["a", "bcd"]));

    private static RclInterfaces.ParameterDescriptor Descriptor => new(
        "rate", RclInterfaces.ParameterType.ParameterInteger, "loop rate (Hz)", "", false, true, [], [new IntegerRange(1, 1000, 1)]);
}
