using SparshRobot.Ros.Cdr;

namespace SparshRobot.Ros.Messages.RclInterfaces;

/// <summary>
/// <c>rcl_interfaces/msg/ParameterDescriptor</c>; <see cref="Type"/> is a <see cref="ParameterType"/> constant and
/// each range list is empty or holds one range (a bounded sequence <c>[&lt;=1]</c> on the wire).
/// </summary>
public sealed record ParameterDescriptor(
    string Name,
    byte Type,
    string Description,
    string AdditionalConstraints,
    bool ReadOnly,
    bool DynamicTyping,
    IReadOnlyList<FloatingPointRange> FloatingPointRange,
    IReadOnlyList<IntegerRange> IntegerRange) : IRosMessage<ParameterDescriptor>
{
    /// <summary>Lower bound on the encoded size: three empty strings, four bytes, two empty sequences.</summary>
    internal const int MinEncodedSize = 3 * 5 + 3 + 2 * 4;

    public static string TypeName => "rcl_interfaces/msg/ParameterDescriptor";

    public static string Definition =>
        "string name\nuint8 type\nstring description\nstring additional_constraints\nbool read_only false\nbool dynamic_typing false\n"
        + "FloatingPointRange[<=1] floating_point_range\nIntegerRange[<=1] integer_range\n";

    public void Serialize(CdrWriter writer)
    {
        writer.WriteString(Name);
        writer.WriteByte(Type);
        writer.WriteString(Description);
        writer.WriteString(AdditionalConstraints);
        writer.WriteBool(ReadOnly);
        writer.WriteBool(DynamicTyping);
        MessageSequence.WriteBounded(writer, FloatingPointRange, 1, "ParameterDescriptor.floating_point_range");
        MessageSequence.WriteBounded(writer, IntegerRange, 1, "ParameterDescriptor.integer_range");
    }

    public static ParameterDescriptor Deserialize(ref CdrReader reader) => new(
        reader.ReadString("ParameterDescriptor.name"),
        reader.ReadByte("ParameterDescriptor.type"),
        reader.ReadString("ParameterDescriptor.description"),
        reader.ReadString("ParameterDescriptor.additional_constraints"),
        reader.ReadBool("ParameterDescriptor.read_only"),
        reader.ReadBool("ParameterDescriptor.dynamic_typing"),
        MessageSequence.ReadBounded<FloatingPointRange>(
            ref reader, RclInterfaces.FloatingPointRange.EncodedSize, 1, "ParameterDescriptor.floating_point_range"),
        MessageSequence.ReadBounded<IntegerRange>(ref reader, RclInterfaces.IntegerRange.EncodedSize, 1, "ParameterDescriptor.integer_range"));
}
