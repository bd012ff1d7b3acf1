using SparshRobot.Ros.Cdr;

namespace SparshRobot.Ros.Messages.ControllerManagerMsgs;

/// <summary><c>controller_manager_msgs/msg/ChainConnection</c>: a controller this one is chained to and the references it uses.</summary>
public sealed record ChainConnection(string Name, IReadOnlyList<string> ReferenceInterfaces) : IRosMessage<ChainConnection>
{
    /// <summary>Lower bound on the encoded size: an empty name and an empty sequence.</summary>
    internal const int MinEncodedSize = 9;

    public static string TypeName => "controller_manager_msgs/msg/ChainConnection";

    public static string Definition => "string name\nstring[] reference_interfaces\n";

    public void Serialize(CdrWriter writer)
    {
        writer.WriteString(Name);
        MessageSequence.WriteStrings(writer, ReferenceInterfaces);
    }

    public static ChainConnection Deserialize(ref CdrReader reader) => new(
        reader.ReadString("ChainConnection.name"),
        MessageSequence.ReadStrings(ref reader, "ChainConnection.reference_interfaces"));
}
