using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages.StdMsgs;

namespace SparshRobot.Ros.Messages.ControlMsgs;

/// <summary>
/// <c>control_msgs/msg/JointJog</c> (MoveIt Servo's <c>~/delta_joint_cmds</c>): per-joint displacements or
/// velocities; the arrays are owned by the message: do not mutate them.
/// </summary>
public sealed record JointJog(Header Header, IReadOnlyList<string> JointNames, double[] Displacements, double[] Velocities, double Duration)
    : IRosMessage<JointJog>
{
    public static string TypeName => "control_msgs/msg/JointJog";

    public static string Definition =>
        "std_msgs/Header header\nstring[] joint_names\nfloat64[] displacements\nfloat64[] velocities\nfloat64 duration\n";

    public void Serialize(CdrWriter writer)
    {
        Header.Serialize(writer);
        MessageSequence.WriteStrings(writer, JointNames);
        MessageSequence.WritePrimitives<double>(writer, Displacements);
        MessageSequence.WritePrimitives<double>(writer, Velocities);
        writer.WriteFloat64(Duration);
    }

    public static JointJog Deserialize(ref CdrReader reader) => new(
        Header.Deserialize(ref reader),
        MessageSequence.ReadStrings(ref reader, "JointJog.joint_names"),
        MessageSequence.ReadPrimitives<double>(ref reader, "JointJog.displacements"),
        MessageSequence.ReadPrimitives<double>(ref reader, "JointJog.velocities"),
        reader.ReadFloat64("JointJog.duration"));
}
