using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages.StdMsgs;

namespace SparshRobot.Ros.Messages.SensorMsgs;

/// <summary>
/// <c>sensor_msgs/msg/JointState</c>. As in ROS, each of position/velocity/effort is either empty or as long as
/// <see cref="Name"/>; the arrays are owned by the message: do not mutate them.
/// </summary>
public sealed record JointState(Header Header, IReadOnlyList<string> Name, double[] Position, double[] Velocity, double[] Effort)
    : IRosMessage<JointState>
{
    public static string TypeName => "sensor_msgs/msg/JointState";

    public static string Definition => "std_msgs/Header header\n\nstring[] name\nfloat64[] position\nfloat64[] velocity\nfloat64[] effort\n";

    public void Serialize(CdrWriter writer)
    {
        Header.Serialize(writer);
        MessageSequence.WriteStrings(writer, Name);
        MessageSequence.WritePrimitives<double>(writer, Position);
        MessageSequence.WritePrimitives<double>(writer, Velocity);
        MessageSequence.WritePrimitives<double>(writer, Effort);
    }

    public static JointState Deserialize(ref CdrReader reader) => new(
        Header.Deserialize(ref reader),
        MessageSequence.ReadStrings(ref reader, "JointState.name"),
        MessageSequence.ReadPrimitives<double>(ref reader, "JointState.position"),
        MessageSequence.ReadPrimitives<double>(ref reader, "JointState.velocity"),
        MessageSequence.ReadPrimitives<double>(ref reader, "JointState.effort"));
}
