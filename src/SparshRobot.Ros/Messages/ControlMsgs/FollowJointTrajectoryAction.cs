using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages.BuiltinInterfaces;
using SparshRobot.Ros.Messages.StdMsgs;
using SparshRobot.Ros.Messages.TrajectoryMsgs;

namespace SparshRobot.Ros.Messages.ControlMsgs;

// control_msgs/action/FollowJointTrajectory (JointTrajectoryController's ~/follow_joint_trajectory), same in
// Humble and Jazzy.

/// <summary><c>control_msgs/action/FollowJointTrajectory_Goal</c>.</summary>
public sealed record FollowJointTrajectoryGoal(
    JointTrajectory Trajectory,
    MultiDOFJointTrajectory MultiDofTrajectory,
    IReadOnlyList<JointTolerance> PathTolerance,
    IReadOnlyList<JointComponentTolerance> ComponentPathTolerance,
    IReadOnlyList<JointTolerance> GoalTolerance,
    IReadOnlyList<JointComponentTolerance> ComponentGoalTolerance,
    Duration GoalTimeTolerance) : IRosMessage<FollowJointTrajectoryGoal>
{
    public static string TypeName => "control_msgs/action/FollowJointTrajectory_Goal";

    public static string Definition =>
        "trajectory_msgs/JointTrajectory trajectory\n"
        + "trajectory_msgs/MultiDOFJointTrajectory multi_dof_trajectory\n"
        + "JointTolerance[] path_tolerance\n"
        + "JointComponentTolerance[] component_path_tolerance\n"
        + "JointTolerance[] goal_tolerance\n"
        + "JointComponentTolerance[] component_goal_tolerance\n"
        + "builtin_interfaces/Duration goal_time_tolerance\n";

    public void Serialize(CdrWriter writer)
    {
        Trajectory.Serialize(writer);
        MultiDofTrajectory.Serialize(writer);
        MessageSequence.Write(writer, PathTolerance);
        MessageSequence.Write(writer, ComponentPathTolerance);
        MessageSequence.Write(writer, GoalTolerance);
        MessageSequence.Write(writer, ComponentGoalTolerance);
        GoalTimeTolerance.Serialize(writer);
    }

    public static FollowJointTrajectoryGoal Deserialize(ref CdrReader reader) => new(
        JointTrajectory.Deserialize(ref reader),
        MultiDOFJointTrajectory.Deserialize(ref reader),
        MessageSequence.Read<JointTolerance>(ref reader, JointTolerance.MinEncodedSize, "FollowJointTrajectory_Goal.path_tolerance"),
        MessageSequence.Read<JointComponentTolerance>(
            ref reader, JointComponentTolerance.MinEncodedSize, "FollowJointTrajectory_Goal.component_path_tolerance"),
        MessageSequence.Read<JointTolerance>(ref reader, JointTolerance.MinEncodedSize, "FollowJointTrajectory_Goal.goal_tolerance"),
        MessageSequence.Read<JointComponentTolerance>(
            ref reader, JointComponentTolerance.MinEncodedSize, "FollowJointTrajectory_Goal.component_goal_tolerance"),
        Duration.Deserialize(ref reader));
}

/// <summary><c>control_msgs/action/FollowJointTrajectory_Result</c>; <see cref="ErrorCode"/> is one of the constants.</summary>
public sealed record FollowJointTrajectoryResult(int ErrorCode, string ErrorString) : IRosMessage<FollowJointTrajectoryResult>
{
    public const int Successful = 0;
    public const int InvalidGoal = -1;
    public const int InvalidJoints = -2;
    public const int OldHeaderTimestamp = -3;
    public const int PathToleranceViolated = -4;
    public const int GoalToleranceViolated = -5;

    public static string TypeName => "control_msgs/action/FollowJointTrajectory_Result";

    public static string Definition =>
        "int32 error_code\nint32 SUCCESSFUL = 0\nint32 INVALID_GOAL = -1\nint32 INVALID_JOINTS = -2\nint32 OLD_HEADER_TIMESTAMP = -3\n"
        + "int32 PATH_TOLERANCE_VIOLATED = -4\nint32 GOAL_TOLERANCE_VIOLATED = -5\n\nstring error_string\n";

    public void Serialize(CdrWriter writer)
    {
        writer.WriteInt32(ErrorCode);
        writer.WriteString(ErrorString);
    }

    public static FollowJointTrajectoryResult Deserialize(ref CdrReader reader) =>
        new(reader.ReadInt32("FollowJointTrajectory_Result.error_code"), reader.ReadString("FollowJointTrajectory_Result.error_string"));
}

/// <summary><c>control_msgs/action/FollowJointTrajectory_Feedback</c>: desired, actual and error per joint.</summary>
public sealed record FollowJointTrajectoryFeedback(
    Header Header,
    IReadOnlyList<string> JointNames,
    JointTrajectoryPoint Desired,
    JointTrajectoryPoint Actual,
    JointTrajectoryPoint Error,
    IReadOnlyList<string> MultiDofJointNames,
    MultiDOFJointTrajectoryPoint MultiDofDesired,
    MultiDOFJointTrajectoryPoint MultiDofActual,
    MultiDOFJointTrajectoryPoint MultiDofError) : IRosMessage<FollowJointTrajectoryFeedback>
{
    public static string TypeName => "control_msgs/action/FollowJointTrajectory_Feedback";

    public static string Definition =>
        "std_msgs/Header header\nstring[] joint_names\n"
        + "trajectory_msgs/JointTrajectoryPoint desired\ntrajectory_msgs/JointTrajectoryPoint actual\ntrajectory_msgs/JointTrajectoryPoint error\n"
        + "string[] multi_dof_joint_names\n"
        + "trajectory_msgs/MultiDOFJointTrajectoryPoint multi_dof_desired\n"
        + "trajectory_msgs/MultiDOFJointTrajectoryPoint multi_dof_actual\n"
        + "trajectory_msgs/MultiDOFJointTrajectoryPoint multi_dof_error\n";

    public void Serialize(CdrWriter writer)
    {
        Header.Serialize(writer);
        MessageSequence.WriteStrings(writer, JointNames);
        Desired.Serialize(writer);
        Actual.Serialize(writer);
        Error.Serialize(writer);
        MessageSequence.WriteStrings(writer, MultiDofJointNames);
        MultiDofDesired.Serialize(writer);
        MultiDofActual.Serialize(writer);
        MultiDofError.Serialize(writer);
    }

    public static FollowJointTrajectoryFeedback Deserialize(ref CdrReader reader) => new(
        Header.Deserialize(ref reader),
        MessageSequence.ReadStrings(ref reader, "FollowJointTrajectory_Feedback.joint_names"),
        JointTrajectoryPoint.Deserialize(ref reader),
        JointTrajectoryPoint.Deserialize(ref reader),
        JointTrajectoryPoint.Deserialize(ref reader),
        MessageSequence.ReadStrings(ref reader, "FollowJointTrajectory_Feedback.multi_dof_joint_names"),
        MultiDOFJointTrajectoryPoint.Deserialize(ref reader),
        MultiDOFJointTrajectoryPoint.Deserialize(ref reader),
        MultiDOFJointTrajectoryPoint.Deserialize(ref reader));
}
