using SparshRobot.Ros.Cdr;

namespace SparshRobot.Ros.Messages.RclInterfaces;

// The two optional ranges of a ParameterDescriptor.

/// <summary><c>rcl_interfaces/msg/FloatingPointRange</c>: inclusive bounds; a step of 0 means any value between them.</summary>
public sealed record FloatingPointRange(double FromValue, double ToValue, double Step) : IRosMessage<FloatingPointRange>
{
    internal const int EncodedSize = 24;

    public static string TypeName => "rcl_interfaces/msg/FloatingPointRange";

    public static string Definition => "float64 from_value\nfloat64 to_value\nfloat64 step\n";

    public void Serialize(CdrWriter writer)
    {
        writer.WriteFloat64(FromValue);
        writer.WriteFloat64(ToValue);
        writer.WriteFloat64(Step);
    }

    public static FloatingPointRange Deserialize(ref CdrReader reader) => new(
        reader.ReadFloat64("FloatingPointRange.from_value"),
        reader.ReadFloat64("FloatingPointRange.to_value"),
        reader.ReadFloat64("FloatingPointRange.step"));
}

/// <summary><c>rcl_interfaces/msg/IntegerRange</c>: inclusive bounds; a step of 0 means any value between them.</summary>
public sealed record IntegerRange(long FromValue, long ToValue, ulong Step) : IRosMessage<IntegerRange>
{
    internal const int EncodedSize = 24;

    public static string TypeName => "rcl_interfaces/msg/IntegerRange";

    public static string Definition => "int64 from_value\nint64 to_value\nuint64 step\n";

    public void Serialize(CdrWriter writer)
    {
        writer.WriteInt64(FromValue);
        writer.WriteInt64(ToValue);
        writer.WriteUInt64(Step);
    }

    public static IntegerRange Deserialize(ref CdrReader reader) => new(
        reader.ReadInt64("IntegerRange.from_value"),
        reader.ReadInt64("IntegerRange.to_value"),
        reader.ReadUInt64("IntegerRange.step"));
}
