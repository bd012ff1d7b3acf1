using SparshRobot.Ros.Cdr;

namespace SparshRobot.Ros.Messages.RclInterfaces;

/// <summary><c>rcl_interfaces/msg/Parameter</c>: a name and its value.</summary>
public sealed record Parameter(string Name, ParameterValue Value) : IRosMessage<Parameter>
{
    /// <summary>Lower bound on the encoded size: an empty name and the value.</summary>
    internal const int MinEncodedSize = 5 + ParameterValue.MinEncodedSize;

    public static string TypeName => "rcl_interfaces/msg/Parameter";

    public static string Definition => "string name\nParameterValue value\n";

    public void Serialize(CdrWriter writer)
    {
        writer.WriteString(Name);
        Value.Serialize(writer);
    }

    public static Parameter Deserialize(ref CdrReader reader) =>
        new(reader.ReadString("Parameter.name"), ParameterValue.Deserialize(ref reader));
}
