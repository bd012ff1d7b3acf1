using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages.StdMsgs;

namespace SparshRobot.Ros.Messages.TrajectoryMsgs;

/// <summary><c>trajectory_msgs/msg/MultiDOFJointTrajectory</c>.</summary>
public sealed record MultiDOFJointTrajectory(Header Header, IReadOnlyList<string> JointNames, IReadOnlyList<MultiDOFJointTrajectoryPoint> Points)
    : IRosMessage<MultiDOFJointTrajectory>
{
    public static string TypeName => "trajectory_msgs/msg/MultiDOFJointTrajectory";

    public static string Definition => "std_msgs/Header header\nstring[] joint_names\nMultiDOFJointTrajectoryPoint[] points\n";

    public void Serialize(CdrWriter writer)
    {
        Header.Serialize(writer);
        MessageSequence.WriteStrings(writer, JointNames);
        MessageSequence.Write(writer, Points);
    }

    public static MultiDOFJointTrajectory Deserialize(ref CdrReader reader) => new(
        Header.Deserialize(ref reader),
        MessageSequence.ReadStrings(ref reader, "MultiDOFJointTrajectory.joint_names"),
        MessageSequence.Read<MultiDOFJointTrajectoryPoint>(ref reader, MultiDOFJointTrajectoryPoint.MinEncodedSize, "MultiDOFJointTrajectory.points"));
}
