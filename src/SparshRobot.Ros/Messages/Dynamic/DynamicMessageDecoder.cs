using System.Runtime.InteropServices;
using System.Text;
using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages.Definitions;

namespace SparshRobot.Ros.Messages.Dynamic;

/// <summary>
/// Decodes CDR of any message type from its <c>.msg</c> definitions into a JSON-like tree:
/// <see cref="OrderedDictionary{TKey,TValue}"/> (string to value, in field order) for messages; for arrays a typed
/// CLR array (<c>double[]</c>, <c>byte[]</c> for <c>uint8[]</c>/<c>byte[]</c>/<c>char[]</c>, <c>string[]</c>, ...,
/// <c>OrderedDictionary[]</c> for messages); scalars as bool, byte, sbyte, short, ushort, int, uint, long, ulong,
/// float, double or string. Any malformed or truncated input raises <see cref="CdrFormatException"/> naming the
/// field path (<c>status[1].values[0].key</c>) and the payload offset. Thread safe; build one per type and reuse it.
/// </summary>
public sealed class DynamicMessageDecoder
{
    private readonly StructPlan _root;

    public DynamicMessageDecoder(MessageDefinitionSet definitions)
    {
        Definitions = definitions;
        _root = StructPlan.Compile(definitions);
    }

    public MessageDefinitionSet Definitions { get; }

    public string TypeName => Definitions.RootType;

    /// <summary>A decoder for a rosbag2 <c>ros2msg</c> schema (root text, then <c>====</c>/<c>MSG:</c> dependency blocks).</summary>
    public static DynamicMessageDecoder FromSchema(string typeName, string schemaText, MessageRegistry? fallback = null) =>
        new(MessageDefinitionSet.Parse(typeName, schemaText, fallback));

    /// <summary>A decoder for a type known to a registry (the built-in one unless given).</summary>
    public static DynamicMessageDecoder ForType(string typeName, MessageRegistry? registry = null) =>
        new(MessageDefinitionSet.FromRegistry(typeName, registry));

    /// <summary>Decodes a whole serialized message (encapsulation header included; up to 3 padding bytes after it).</summary>
    public OrderedDictionary<string, object?> Decode(ReadOnlySpan<byte> message)
    {
        var reader = new CdrReader(message);
        return Decode(ref reader);
    }

    /// <summary>
    /// Decodes the rest of <paramref name="reader"/> as this type (e.g. a service reply after its request header);
    /// at most 3 padding bytes may follow.
    /// </summary>
    public OrderedDictionary<string, object?> Decode(ref CdrReader reader)
    {
        Span<int> indices = stackalloc int[Math.Max(1, _root.MaxArrayDepth)];
        try
        {
            var tree = DecodeStruct(ref reader, _root, indices, 0);
            if (reader.Remaining > 3)
            {
                throw new CdrFormatException(
                    TypeName, reader.Position, $"{reader.Remaining} bytes left after the last field (expected at most 3 bytes of padding; wrong type?)");
            }
            return tree;
        }
        catch (CdrFormatException e) when (e.Field is { } field && field.Contains("[]", StringComparison.Ordinal))
        {
            throw e.WithField(FillIndices(field, indices));
        }
    }

    private static OrderedDictionary<string, object?> DecodeStruct(ref CdrReader reader, StructPlan plan, scoped Span<int> indices, int depth)
    {
        var result = new OrderedDictionary<string, object?>(plan.Fields.Length, StringComparer.Ordinal);
        if (plan.Fields.Length == 0)
        {
            reader.ReadByte(plan.Path.Length == 0 ? plan.TypeName : plan.Path);
            return result;
        }
        foreach (var field in plan.Fields)
        {
            result.Add(field.Name, DecodeField(ref reader, field, indices, depth));
        }
        return result;
    }

    private static object? DecodeField(ref CdrReader reader, FieldPlan field, scoped Span<int> indices, int depth)
    {
        var type = field.Type;
        switch (type.Array)
        {
            case ArrayKind.None:
                return type.Kind == FieldKind.Message
                    ? DecodeStruct(ref reader, field.Nested!, indices, depth)
                    : DecodeScalar(ref reader, type, field.Path);
            case ArrayKind.Fixed:
                if (field.MinSize > reader.Remaining)
                {
                    throw new CdrFormatException(
                        field.Path, reader.Position, $"fixed array of {type.ArrayLength} needs at least {field.MinSize} bytes but {reader.Remaining} are left (truncated?)");
                }
                return DecodeArray(ref reader, field, type.ArrayLength, indices, depth);
            default:
                var start = reader.Position;
                var count = reader.ReadSequenceLength(field.SequenceElementBound, field.Path);
                if (type.Array == ArrayKind.Bounded && count > type.ArrayLength)
                {
                    throw new CdrFormatException(field.Path, start, $"sequence count {count} exceeds the bound {type.ArrayLength} of {type}");
                }
                return DecodeArray(ref reader, field, count, indices, depth);
        }
    }

    private static object DecodeArray(ref CdrReader reader, FieldPlan field, int count, scoped Span<int> indices, int depth)
    {
        var path = field.Path;
        switch (field.Type.Kind)
        {
            case FieldKind.Bool:
                var raw = reader.ReadBytes(count, path);
                var bools = new bool[count];
                for (var i = 0; i < count; i++)
                {
                    if (raw[i] > 1)
                    {
                        indices[depth] = i;
                        throw new CdrFormatException(field.ElementPath, reader.Position - count + i, $"bool byte {raw[i]} is neither 0 nor 1");
                    }
                    bools[i] = raw[i] == 1;
                }
                return bools;
            case FieldKind.Byte or FieldKind.Char or FieldKind.UInt8:
                return reader.ReadBytes(count, path).ToArray();
            case FieldKind.Int8:
                return reader.ReadPrimitiveArray<sbyte>(count, path);
            case FieldKind.Int16:
                return reader.ReadPrimitiveArray<short>(count, path);
            case FieldKind.UInt16:
                return reader.ReadPrimitiveArray<ushort>(count, path);
            case FieldKind.Int32:
                return reader.ReadPrimitiveArray<int>(count, path);
            case FieldKind.UInt32:
                return reader.ReadPrimitiveArray<uint>(count, path);
            case FieldKind.Int64:
                return reader.ReadPrimitiveArray<long>(count, path);
            case FieldKind.UInt64:
                return reader.ReadPrimitiveArray<ulong>(count, path);
            case FieldKind.Float32:
                return reader.ReadPrimitiveArray<float>(count, path);
            case FieldKind.Float64:
                return reader.ReadPrimitiveArray<double>(count, path);
            case FieldKind.String:
                var strings = new string[count];
                for (var i = 0; i < count; i++)
                {
                    indices[depth] = i;
                    strings[i] = (string)DecodeScalar(ref reader, field.Type.Element, field.ElementPath);
                }
                return strings;
            case FieldKind.Message:
                var structs = new OrderedDictionary<string, object?>[count];
                for (var i = 0; i < count; i++)
                {
                    indices[depth] = i;
                    structs[i] = DecodeStruct(ref reader, field.Nested!, indices, depth + 1);
                }
                return structs;
            default:
                throw new InvalidOperationException($"{path}: unexpected field kind {field.Type.Kind}");
        }
    }

    private static object DecodeScalar(ref CdrReader reader, FieldType type, string path) => type.Kind switch
    {
        FieldKind.Bool => reader.ReadBool(path),
        FieldKind.Byte or FieldKind.Char or FieldKind.UInt8 => reader.ReadByte(path),
        FieldKind.Int8 => reader.ReadSByte(path),
        FieldKind.Int16 => reader.ReadInt16(path),
        FieldKind.UInt16 => reader.ReadUInt16(path),
        FieldKind.Int32 => reader.ReadInt32(path),
        FieldKind.UInt32 => reader.ReadUInt32(path),
        FieldKind.Int64 => reader.ReadInt64(path),
        FieldKind.UInt64 => reader.ReadUInt64(path),
        FieldKind.Float32 => reader.ReadFloat32(path),
        FieldKind.Float64 => reader.ReadFloat64(path),
        FieldKind.String => ReadString(ref reader, type, path),
        _ => throw new InvalidOperationException($"{path}: unexpected field kind {type.Kind}"),
    };

    private static string ReadString(ref CdrReader reader, FieldType type, string path)
    {
        var start = reader.Position;
        var bytes = reader.ReadStringBytes(path);
        if (type.StringBound is { } bound && bytes.Length > bound)
        {
            throw new CdrFormatException(path, start, $"string of {bytes.Length} bytes exceeds the bound of string<={bound}");
        }
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Replaces each <c>[]</c> of a path template with the index being decoded at that array level.</summary>
    private static string FillIndices(string template, ReadOnlySpan<int> indices)
    {
        var text = new StringBuilder(template.Length + 8);
        var level = 0;
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] == '[' && i + 1 < template.Length && template[i + 1] == ']' && level < indices.Length)
            {
                text.Append('[').Append(indices[level++]).Append(']');
                i++;
            }
            else
            {
                text.Append(template[i]);
            }
        }
        return text.ToString();
    }
}
