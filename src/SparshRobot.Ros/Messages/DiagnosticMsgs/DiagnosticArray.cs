using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages.StdMsgs;

namespace SparshRobot.Ros.Messages.DiagnosticMsgs;

/// <summary><c>diagnostic_msgs/msg/DiagnosticArray</c>.</summary>
public sealed record DiagnosticArray(Header Header, IReadOnlyList<DiagnosticStatus> Status) : IRosMessage<DiagnosticArray>
{
    public static string TypeName => "diagnostic_msgs/msg/DiagnosticArray";

    public static string Definition => "std_msgs/Header header\nDiagnosticStatus[] status\n";

    public void Serialize(CdrWriter writer)
    {
        Header.Serialize(writer);
        MessageSequence.Write(writer, Status);
    }

    public static DiagnosticArray Deserialize(ref CdrReader reader) => new(
        Header.Deserialize(ref reader),
        MessageSequence.Read<DiagnosticStatus>(ref reader, DiagnosticStatus.MinEncodedSize, "DiagnosticArray.status"));
}
