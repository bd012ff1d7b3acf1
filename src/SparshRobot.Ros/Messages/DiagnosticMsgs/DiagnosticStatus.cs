using SparshRobot.Ros.Cdr;

namespace SparshRobot.Ros.Messages.DiagnosticMsgs;

/// <summary><c>diagnostic_msgs/msg/DiagnosticStatus</c>; <see cref="Level"/> is one of the constants below.</summary>
public sealed record DiagnosticStatus(byte Level, string Name, string Message, string HardwareId, IReadOnlyList<KeyValue> Values)
    : IRosMessage<DiagnosticStatus>
{
    public const byte Ok = 0;
    public const byte Warn = 1;
    public const byte Error = 2;
    public const byte Stale = 3;

    /// <summary>Lower bound on the encoded size: the level, three empty strings, an empty sequence.</summary>
    internal const int MinEncodedSize = 20;

    public static string TypeName => "diagnostic_msgs/msg/DiagnosticStatus";

    public static string Definition =>
        "byte OK=0\nbyte WARN=1\nbyte ERROR=2\nbyte STALE=3\n\nbyte level\nstring name\nstring message\nstring hardware_id\nKeyValue[] values\n";

    public void Serialize(CdrWriter writer)
    {
        writer.WriteByte(Level);
        writer.WriteString(Name);
        writer.WriteString(Message);
        writer.WriteString(HardwareId);
        MessageSequence.Write(writer, Values);
    }

    public static DiagnosticStatus Deserialize(ref CdrReader reader) => new(
        reader.ReadByte("DiagnosticStatus.level"),
        reader.ReadString("DiagnosticStatus.name"),
        reader.ReadString("DiagnosticStatus.message"),
        reader.ReadString("DiagnosticStatus.hardware_id"),
        MessageSequence.Read<KeyValue>(ref reader, KeyValue.MinEncodedSize, "DiagnosticStatus.values"));
}
