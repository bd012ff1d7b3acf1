using SparshRobot.Ros.Cdr;
using Kind = SparshRobot.Ros.Parameters.ParameterType;
using Value = SparshRobot.Ros.Parameters.ParameterValue;

namespace SparshRobot.Ros.Messages.RclInterfaces;

/// <summary>
/// <c>rcl_interfaces/msg/ParameterValue</c>, the wire form of <see cref="Parameters.ParameterValue"/>: <see cref="Type"/>
/// (a <see cref="ParameterType"/> constant) says which one field holds the value; the others are zero or empty. The
/// arrays are owned by the message: do not mutate them.
/// </summary>
public sealed record ParameterValue(
    byte Type,
    bool BoolValue,
    long IntegerValue,
    double DoubleValue,
    string StringValue,
    byte[] ByteArrayValue,
    bool[] BoolArrayValue,
    long[] IntegerArrayValue,
    double[] DoubleArrayValue,
    IReadOnlyList<string> StringArrayValue) : IRosMessage<ParameterValue>
{
    /// <summary>Lower bound on the encoded size: type, bool, int64, float64, an empty string, five empty sequences.</summary>
    internal const int MinEncodedSize = 1 + 1 + 8 + 8 + 5 + 5 * 4;

    public static string TypeName => "rcl_interfaces/msg/ParameterValue";

    public static string Definition =>
        "uint8 type\nbool bool_value\nint64 integer_value\nfloat64 double_value\nstring string_value\n"
        + "byte[] byte_array_value\nbool[] bool_array_value\nint64[] integer_array_value\nfloat64[] double_array_value\n"
        + "string[] string_array_value\n";

    /// <summary>The message for an in-node value.</summary>
    public static ParameterValue From(Value value)
    {
        var empty = new ParameterValue((byte)value.Type, false, 0, 0, "", [], [], [], [], []);
        return value.Value switch
        {
            null => empty,
            bool b => empty with { BoolValue = b },
            long l => empty with { IntegerValue = l },
            double d => empty with { DoubleValue = d },
            string s => empty with { StringValue = s },
            byte[] a => empty with { ByteArrayValue = a },
            bool[] a => empty with { BoolArrayValue = a },
            long[] a => empty with { IntegerArrayValue = a },
            double[] a => empty with { DoubleArrayValue = a },
            string[] a => empty with { StringArrayValue = a },
            var other => throw new ArgumentException($"parameter value of CLR type {other.GetType()} has no rcl_interfaces/ParameterValue field"),
        };
    }

    /// <summary>The in-node value this message carries; an unknown <see cref="Type"/> is an error naming it.</summary>
    public Value ToValue() => (Kind)Type switch
    {
        Kind.NotSet => Value.NotSet,
        Kind.Bool => Value.Of(BoolValue),
        Kind.Integer => Value.Of(IntegerValue),
        Kind.Double => Value.Of(DoubleValue),
        Kind.String => Value.Of(StringValue),
        Kind.ByteArray => Value.Of(ByteArrayValue),
        Kind.BoolArray => Value.Of(BoolArrayValue),
        Kind.IntegerArray => Value.Of(IntegerArrayValue),
        Kind.DoubleArray => Value.Of(DoubleArrayValue),
        Kind.StringArray => Value.Of(StringArrayValue.ToArray()),
        _ => throw new FormatException($"rcl_interfaces/ParameterValue.type {Type} is not a ParameterType constant (expected 0 to 9)"),
    };

    public void Serialize(CdrWriter writer)
    {
        writer.WriteByte(Type);
        writer.WriteBool(BoolValue);
        writer.WriteInt64(IntegerValue);
        writer.WriteFloat64(DoubleValue);
        writer.WriteString(StringValue);
        MessageSequence.WritePrimitives<byte>(writer, ByteArrayValue);
        MessageSequence.WritePrimitives<bool>(writer, BoolArrayValue);
        MessageSequence.WritePrimitives<long>(writer, IntegerArrayValue);
        MessageSequence.WritePrimitives<double>(writer, DoubleArrayValue);
        MessageSequence.WriteStrings(writer, StringArrayValue);
    }

    public static ParameterValue Deserialize(ref CdrReader reader) => new(
        reader.ReadByte("ParameterValue.type"),
        reader.ReadBool("ParameterValue.bool_value"),
        reader.ReadInt64("ParameterValue.integer_value"),
        reader.ReadFloat64("ParameterValue.double_value"),
        reader.ReadString("ParameterValue.string_value"),
        MessageSequence.ReadPrimitives<byte>(ref reader, "ParameterValue.byte_array_value"),
        MessageSequence.ReadBools(ref reader, "ParameterValue.bool_array_value"),
        MessageSequence.ReadPrimitives<long>(ref reader, "ParameterValue.integer_array_value"),
        MessageSequence.ReadPrimitives<double>(ref reader, "ParameterValue.double_array_value"),
        MessageSequence.ReadStrings(ref reader, "ParameterValue.string_array_value"));
}
