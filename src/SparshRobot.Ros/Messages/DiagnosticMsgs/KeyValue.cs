using SparshRobot.Ros.Cdr;

namespace SparshRobot.Ros.Messages.DiagnosticMsgs;

/// <summary><c>diagnostic_msgs/msg/KeyValue</c>.</summary>
public sealed record KeyValue(string Key, string Value) : IRosMessage<KeyValue>
{
    /// <summary>Lower bound on the encoded size: two empty strings.</summary>
    internal const int MinEncodedSize = 10;

    public static string TypeName => "diagnostic_msgs/msg/KeyValue";

    public static string Definition => "string key\nstring value\n";

    public void Serialize(CdrWriter writer)
    {
        writer.WriteString(Key);
        writer.WriteString(Value);
    }

    public static KeyValue Deserialize(ref CdrReader reader) => new(reader.ReadString("KeyValue.key"), reader.ReadString("KeyValue.value"));
}
