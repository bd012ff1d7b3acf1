using System.Collections;
using System.Globalization;
using System.Text;
using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages.Definitions;

namespace SparshRobot.Ros.Messages.Dynamic;

/// <summary>
/// Encodes a JSON-like tree (as <see cref="DynamicMessageDecoder"/> produces, or as parsed from YAML such as
/// <c>{linear: {x: 0.1}}</c>) to CDR for any message type. Messages are any <see cref="IDictionary"/> keyed by
/// field name; fields left out take the definition's default value (else zero, empty or false); arrays are any
/// <see cref="IList"/>; numbers may be any numeric type or a numeric string. A value that does not fit raises
/// <see cref="ArgumentException"/> naming the field path. Thread safe.
/// </summary>
public sealed class DynamicMessageEncoder
{
    private readonly StructPlan _root;

    public DynamicMessageEncoder(MessageDefinitionSet definitions)
    {
        Definitions = definitions;
        _root = StructPlan.Compile(definitions);
    }

    public MessageDefinitionSet Definitions { get; }

    public string TypeName => Definitions.RootType;

    public static DynamicMessageEncoder ForType(string typeName, MessageRegistry? registry = null) =>
        new(MessageDefinitionSet.FromRegistry(typeName, registry));

    /// <summary>The whole serialized message, encapsulation header included; null encodes every field's default.</summary>
    public byte[] Encode(IDictionary? message)
    {
        var writer = new CdrWriter();
        Encode(message, writer);
        return writer.ToArray();
    }

    /// <summary>Appends the message's fields to <paramref name="writer"/> (which holds the header already).</summary>
    public void Encode(IDictionary? message, CdrWriter writer) => EncodeStruct(writer, _root, message);

    private static void EncodeStruct(CdrWriter writer, StructPlan plan, IDictionary? message)
    {
        if (message is not null)
        {
            foreach (var key in message.Keys)
            {
                if (key is not string name || Array.FindIndex(plan.Fields, f => f.Name == name) < 0)
                {
                    var where = plan.Path.Length == 0 ? plan.TypeName : $"{plan.Path} ({plan.TypeName})";
                    throw new ArgumentException(
                        $"{where} has no field '{key}'; its fields are: {string.Join(", ", plan.Fields.Select(f => f.Name))}");
                }
            }
        }
        if (plan.Fields.Length == 0)
        {
            writer.WriteByte(0);
            return;
        }
        foreach (var field in plan.Fields)
        {
            var value = message is not null && message.Contains(field.Name) ? message[field.Name] : DefaultOf(field);
            EncodeField(writer, field, value);
        }
    }

    private static void EncodeField(CdrWriter writer, FieldPlan field, object? value)
    {
        var type = field.Type;
        if (!type.IsArray)
        {
            if (type.Kind == FieldKind.Message)
            {
                EncodeStruct(writer, field.Nested!, AsStruct(value, field.Path));
            }
            else
            {
                EncodeScalar(writer, type, value, field.Path);
            }
            return;
        }
        var items = AsList(value, field);
        switch (type.Array)
        {
            case ArrayKind.Fixed when items.Count != type.ArrayLength:
                throw new ArgumentException($"{field.Path}: {type} needs exactly {type.ArrayLength} elements, got {items.Count}");
            case ArrayKind.Bounded when items.Count > type.ArrayLength:
                throw new ArgumentException($"{field.Path}: {type} takes at most {type.ArrayLength} elements, got {items.Count}");
            case ArrayKind.Unbounded or ArrayKind.Bounded:
                writer.WriteSequenceLength(items.Count);
                break;
        }
        if (TryWriteBulk(writer, type.Kind, items))
        {
            return;
        }
        for (var i = 0; i < items.Count; i++)
        {
            if (type.Kind == FieldKind.Message)
            {
                EncodeStruct(writer, field.Nested!, AsStruct(items[i], $"{field.Path}[{i}]"));
            }
            else
            {
                EncodeScalar(writer, type.Element, items[i], field.Path, i);
            }
        }
    }

    /// <summary>An array already of the field's CLR element type (as the decoder yields) goes out in one copy.</summary>
    private static bool TryWriteBulk(CdrWriter writer, FieldKind kind, IList items)
    {
        switch (kind, items)
        {
            case (FieldKind.Byte or FieldKind.Char or FieldKind.UInt8, byte[] a):
                writer.WriteBytes(a);
                return true;
            case (FieldKind.Int8, sbyte[] a):
                writer.WritePrimitiveArray<sbyte>(a);
                return true;
            case (FieldKind.Int16, short[] a):
                writer.WritePrimitiveArray<short>(a);
                return true;
            case (FieldKind.UInt16, ushort[] a):
                writer.WritePrimitiveArray<ushort>(a);
                return true;
            case (FieldKind.Int32, int[] a):
                writer.WritePrimitiveArray<int>(a);
                return true;
            case (FieldKind.UInt32, uint[] a):
                writer.WritePrimitiveArray<uint>(a);
                return true;
            case (FieldKind.Int64, long[] a):
                writer.WritePrimitiveArray<long>(a);
                return true;
            case (FieldKind.UInt64, ulong[] a):
                writer.WritePrimitiveArray<ulong>(a);
                return true;
            case (FieldKind.Float32, float[] a):
                writer.WritePrimitiveArray<float>(a);
                return true;
            case (FieldKind.Float64, double[] a):
                writer.WritePrimitiveArray<double>(a);
                return true;
            default:
                return false;
        }
    }

    /// <param name="index">The element index within <paramref name="path"/> for an array element, else -1; the
    /// full path is only built for an error message.</param>
    private static void EncodeScalar(CdrWriter writer, FieldType type, object? value, string path, int index = -1)
    {
        try
        {
            switch (type.Kind)
            {
                case FieldKind.Bool:
                    writer.WriteBool(value switch
                    {
                        bool b => b,
                        string s when bool.TryParse(s, out var parsed) => parsed,
                        string s => throw new FormatException($"'{s}' is not true or false"),
                        _ => Convert.ToInt64(value, CultureInfo.InvariantCulture) switch
                        {
                            0 => false,
                            1 => true,
                            var n => throw new OverflowException($"{n} is not 0 or 1"),
                        },
                    });
                    break;
                case FieldKind.Byte or FieldKind.Char or FieldKind.UInt8:
                    writer.WriteByte(checked((byte)ToUInt64(value)));
                    break;
                case FieldKind.Int8:
                    writer.WriteSByte(checked((sbyte)ToInt64(value)));
                    break;
                case FieldKind.Int16:
                    writer.WriteInt16(checked((short)ToInt64(value)));
                    break;
                case FieldKind.UInt16:
                    writer.WriteUInt16(checked((ushort)ToUInt64(value)));
                    break;
                case FieldKind.Int32:
                    writer.WriteInt32(checked((int)ToInt64(value)));
                    break;
                case FieldKind.UInt32:
                    writer.WriteUInt32(checked((uint)ToUInt64(value)));
                    break;
                case FieldKind.Int64:
                    writer.WriteInt64(ToInt64(value));
                    break;
                case FieldKind.UInt64:
                    writer.WriteUInt64(ToUInt64(value));
                    break;
                case FieldKind.Float32:
                    writer.WriteFloat32((float)ToDouble(value));
                    break;
                case FieldKind.Float64:
                    writer.WriteFloat64(ToDouble(value));
                    break;
                case FieldKind.String:
                    var text = value switch
                    {
                        string s => s,
                        IConvertible c => c.ToString(CultureInfo.InvariantCulture),
                        _ => throw new FormatException("not a string"),
                    };
                    if (type.StringBound is { } bound && Encoding.UTF8.GetByteCount(text) > bound)
                    {
                        throw new OverflowException($"longer than the bound of string<={bound}");
                    }
                    writer.WriteString(text);
                    break;
                default:
                    throw new FormatException($"cannot encode a {type.Kind} field");
            }
        }
        catch (Exception e) when (e is FormatException or OverflowException or InvalidCastException)
        {
            var where = index < 0 ? path : $"{path}[{index}]";
            throw new ArgumentException($"{where}: {Describe(value)} does not fit {type} ({e.Message})", e);
        }
    }

    private static long ToInt64(object? value) => value is string s
        ? long.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture)
        : value is double or float ? checked((long)ExactInteger(Convert.ToDouble(value, CultureInfo.InvariantCulture)))
        : Convert.ToInt64(value ?? throw new FormatException("null"), CultureInfo.InvariantCulture);

    private static ulong ToUInt64(object? value) => value is string s
        ? ulong.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture)
        : value is double or float ? checked((ulong)ExactInteger(Convert.ToDouble(value, CultureInfo.InvariantCulture)))
        : Convert.ToUInt64(value ?? throw new FormatException("null"), CultureInfo.InvariantCulture);

    private static double ExactInteger(double d) => Math.Floor(d) == d ? d : throw new FormatException("not an integer");

    private static double ToDouble(object? value) => value switch
    {
        string s => s.Trim().ToLowerInvariant() switch
        {
            ".inf" or "+.inf" or "inf" or "infinity" => double.PositiveInfinity,
            "-.inf" or "-inf" or "-infinity" => double.NegativeInfinity,
            ".nan" or "nan" => double.NaN,
            var t => double.Parse(t, NumberStyles.Float, CultureInfo.InvariantCulture),
        },
        bool => throw new FormatException("a bool is not a number"),
        null => throw new FormatException("null"),
        _ => Convert.ToDouble(value, CultureInfo.InvariantCulture),
    };

    private static IDictionary? AsStruct(object? value, string path) => value switch
    {
        null => null,
        IDictionary d => d,
        _ => throw new ArgumentException($"{path}: expected a message (a mapping of field names to values), got {Describe(value)}"),
    };

    private static IList AsList(object? value, FieldPlan field) => value switch
    {
        null => Array.Empty<object>(),
        ReadOnlyMemory<byte> memory => memory.ToArray(),
        IList list => list,
        _ => throw new ArgumentException($"{field.Path}: expected a list for {field.Type}, got {Describe(value)}"),
    };

    private static object? DefaultOf(FieldPlan field)
    {
        if (field.Spec.DefaultText is { } text)
        {
            return MessageDefaults.Parse(field.Type, text, field.Path);
        }
        return field.Type.Array switch
        {
            ArrayKind.Fixed => Enumerable.Repeat(ZeroOf(field.Type.Kind), field.Type.ArrayLength).ToArray(),
            ArrayKind.None => ZeroOf(field.Type.Kind),
            _ => null,
        };
    }

    private static object? ZeroOf(FieldKind kind) => kind switch
    {
        FieldKind.Bool => false,
        FieldKind.String => "",
        FieldKind.Message => null,
        _ => 0,
    };

    private static string Describe(object? value) => value switch
    {
        null => "null",
        string s => $"'{s}'",
        _ => $"{value} ({value.GetType().Name})",
    };
}
