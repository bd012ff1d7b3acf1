using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages.StdMsgs;

namespace SparshRobot.Ros.Messages.TrajectoryMsgs;

/// <summary><c>trajectory_msgs/msg/JointTrajectory</c>; a zero header stamp means "start now".</summary>
public sealed record JointTrajectory(Header Header, IReadOnlyList<string> JointNames, IReadOnlyList<JointTrajectoryPoint> Points)
    : IRosMessage<JointTrajectory>
{
    public static string TypeName => "trajectory_msgs/msg/JointTrajectory";

    public static string Definition => "std_msgs/Header header\nstring[] joint_names\nJointTrajectoryPoint[] points\n";

    public void Serialize(CdrWriter writer)
    {
        Header.Serialize(writer);
        MessageSequence.WriteStrings(writer, JointNames);
        MessageSequence.Write(writer, Points);
    }

    public static JointTrajectory Deserialize(ref CdrReader reader) => new(
        Header.Deserialize(ref reader),
        MessageSequence.ReadStrings(ref reader, "JointTrajectory.joint_names"),
        MessageSequence.Read<JointTrajectoryPoint>(ref reader, JointTrajectoryPoint.MinEncodedSize, "JointTrajectory.points"));
}
