using SparshRobot.Ros.Cdr;

namespace SparshRobot.Ros.Messages.RclInterfaces;

// The result messages of the set_parameters* and list_parameters services.

/// <summary><c>rcl_interfaces/msg/SetParametersResult</c>: whether a set succeeded and, if not, why.</summary>
public sealed record SetParametersResult(bool Successful, string Reason) : IRosMessage<SetParametersResult>
{
    /// <summary>Lower bound on the encoded size: the bool and an empty reason.</summary>
    internal const int MinEncodedSize = 1 + 5;

    public static string TypeName => "rcl_interfaces/msg/SetParametersResult";

    public static string Definition => "bool successful\nstring reason\n";

    public void Serialize(CdrWriter writer)
    {
        writer.WriteBool(Successful);
        writer.WriteString(Reason);
    }

    public static SetParametersResult Deserialize(ref CdrReader reader) =>
        new(reader.ReadBool("SetParametersResult.successful"), reader.ReadString("SetParametersResult.reason"));
}

/// <summary><c>rcl_interfaces/msg/ListParametersResult</c>: matching names and the distinct prefixes among them.</summary>
public sealed record ListParametersResult(IReadOnlyList<string> Names, IReadOnlyList<string> Prefixes) : IRosMessage<ListParametersResult>
{
    public static string TypeName => "rcl_interfaces/msg/ListParametersResult";

    public static string Definition => "string[] names\nstring[] prefixes\n";

    public void Serialize(CdrWriter writer)
    {
        MessageSequence.WriteStrings(writer, Names);
        MessageSequence.WriteStrings(writer, Prefixes);
    }

    public static ListParametersResult Deserialize(ref CdrReader reader) => new(
        MessageSequence.ReadStrings(ref reader, "ListParametersResult.names"),
        MessageSequence.ReadStrings(ref reader, "ListParametersResult.prefixes"));
}
