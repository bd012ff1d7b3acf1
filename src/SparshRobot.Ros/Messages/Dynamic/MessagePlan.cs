using SparshRobot.Ros.Messages.Definitions;

namespace SparshRobot.Ros.Messages.Dynamic;

/// <summary>
/// A message definition compiled for decoding and encoding: each field knows its path from the root (with
/// <c>[]</c> where an array index goes, filled in only when an error is reported) and a lower bound on its
/// encoded size, used to reject corrupt counts before allocating.
/// </summary>
internal sealed class StructPlan
{
    public StructPlan(string typeName, string path, FieldPlan[] fields)
    {
        TypeName = typeName;
        Path = path;
        Fields = fields;
        // An empty struct still takes one byte on the wire (rosidl adds a dummy uint8 member).
        MinSize = fields.Length == 0 ? 1 : fields.Sum(f => f.MinSize);
        MaxArrayDepth = fields.Length == 0 ? 0 : fields.Max(f => f.MaxArrayDepth);
    }

    public string TypeName { get; }

    /// <summary>Path of this struct from the root ("" for the root).</summary>
    public string Path { get; }

    public FieldPlan[] Fields { get; }

    public long MinSize { get; }

    /// <summary>How many array levels nest below this struct; sizes the index stack used in error paths.</summary>
    public int MaxArrayDepth { get; }

    public static StructPlan Compile(MessageDefinitionSet definitions)
    {
        return Build(definitions.RootType, "");

        StructPlan Build(string typeName, string path)
        {
            var spec = definitions[typeName];
            var fields = new FieldPlan[spec.Fields.Count];
            for (var i = 0; i < fields.Length; i++)
            {
                var field = spec.Fields[i];
                var fieldPath = path.Length == 0 ? field.Name : $"{path}.{field.Name}";
                if (field.Type.Kind == FieldKind.WString)
                {
                    // rmw implementations disagree on wstring's wire form (UTF-16 vs 32-bit wchar), so no guess.
                    throw new MessageDefinitionException(
                        $"{definitions.RootType}: field '{fieldPath}' ({typeName} line {field.Line}) is a wstring, which this decoder does not support");
                }
                var nested = field.Type.Kind == FieldKind.Message
                    ? Build(field.Type.MessageType!, field.Type.IsArray ? fieldPath + "[]" : fieldPath)
                    : null;
                fields[i] = new FieldPlan(field, fieldPath, nested);
            }
            return new StructPlan(typeName, path, fields);
        }
    }
}

internal sealed class FieldPlan
{
    public FieldPlan(FieldSpec spec, string path, StructPlan? nested)
    {
        Spec = spec;
        Name = spec.Name;
        Type = spec.Type;
        Path = path;
        ElementPath = path + "[]";
        Nested = nested;
        ElementMinSize = Type.Kind switch
        {
            FieldKind.Message => nested!.MinSize,
            FieldKind.String => 5L,
            _ => ElementSize(Type.Kind),
        };
        MinSize = Type.Array switch
        {
            ArrayKind.None => ElementMinSize,
            ArrayKind.Fixed => ElementMinSize * Type.ArrayLength,
            _ => 4,
        };
        var nestedDepth = nested?.MaxArrayDepth ?? 0;
        MaxArrayDepth = Type.IsArray ? nestedDepth + 1 : nestedDepth;
    }

    public FieldSpec Spec { get; }

    public string Name { get; }

    public FieldType Type { get; }

    public string Path { get; }

    /// <summary>Path of one element of an array field, e.g. <c>name[]</c>.</summary>
    public string ElementPath { get; }

    public StructPlan? Nested { get; }

    public long ElementMinSize { get; }

    public long MinSize { get; }

    public int MaxArrayDepth { get; }

    /// <summary><see cref="ElementMinSize"/> as the bound <c>CdrReader.ReadSequenceLength</c> takes.</summary>
    public int SequenceElementBound => (int)Math.Min(ElementMinSize, int.MaxValue);

    /// <summary>Wire size of a primitive element; strings and messages have none.</summary>
    public static int ElementSize(FieldKind kind) => kind switch
    {
        FieldKind.Bool or FieldKind.Byte or FieldKind.Char or FieldKind.Int8 or FieldKind.UInt8 => 1,
        FieldKind.Int16 or FieldKind.UInt16 => 2,
        FieldKind.Int32 or FieldKind.UInt32 or FieldKind.Float32 => 4,
        FieldKind.Int64 or FieldKind.UInt64 or FieldKind.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a fixed-size primitive"),
    };
}
