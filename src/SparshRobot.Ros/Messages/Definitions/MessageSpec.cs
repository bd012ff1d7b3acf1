namespace SparshRobot.Ros.Messages.Definitions;

/// <summary>The element type of a field as written in a <c>.msg</c> file.</summary>
public enum FieldKind
{
    Bool,

    /// <summary><c>byte</c>: an octet, decoded as an unsigned number.</summary>
    Byte,

    /// <summary><c>char</c>: uint8 in ROS 2.</summary>
    Char,
    Int8,
    UInt8,
    Int16,
    UInt16,
    Int32,
    UInt32,
    Int64,
    UInt64,
    Float32,
    Float64,
    String,
    WString,

    /// <summary>A nested message; <see cref="FieldType.MessageType"/> names it.</summary>
    Message,
}

/// <summary>How a field repeats: not at all, <c>T[]</c>, <c>T[&lt;=N]</c> or <c>T[N]</c>.</summary>
public enum ArrayKind
{
    None,
    Unbounded,
    Bounded,
    Fixed,
}

/// <param name="Kind">Element type.</param>
/// <param name="MessageType">Full name (<c>pkg/msg/Type</c>) of a nested message, otherwise null.</param>
/// <param name="StringBound">N of <c>string&lt;=N</c>, otherwise null.</param>
/// <param name="Array">Whether and how the field repeats.</param>
/// <param name="ArrayLength">N of <c>T[N]</c> or <c>T[&lt;=N]</c>, otherwise 0.</param>
public sealed record FieldType(FieldKind Kind, string? MessageType, int? StringBound, ArrayKind Array, int ArrayLength)
{
    public bool IsArray => Array != ArrayKind.None;

    /// <summary>The element type alone (for a <c>T[]</c> field, T).</summary>
    public FieldType Element => this with { Array = ArrayKind.None, ArrayLength = 0 };

    public override string ToString()
    {
        var element = Kind switch
        {
            FieldKind.Message => MessageType!,
            FieldKind.String or FieldKind.WString when StringBound is { } bound => $"{Kind.ToString().ToLowerInvariant()}<={bound}",
            _ => Kind.ToString().ToLowerInvariant(),
        };
        return Array switch
        {
            ArrayKind.Unbounded => element + "[]",
            ArrayKind.Bounded => $"{element}[<={ArrayLength}]",
            ArrayKind.Fixed => $"{element}[{ArrayLength}]",
            _ => element,
        };
    }
}

/// <summary>A field; <paramref name="DefaultText"/> is the default value as written (decoding ignores it).</summary>
public sealed record FieldSpec(string Name, FieldType Type, string? DefaultText, int Line);

/// <summary>A constant (<c>int32 FOO=1</c>); constants are not on the wire.</summary>
public sealed record ConstantSpec(string Name, FieldType Type, string ValueText, int Line);

/// <summary>One parsed <c>.msg</c> block: its full type name, fields in wire order, constants and its own text.</summary>
public sealed record MessageSpec(string TypeName, IReadOnlyList<FieldSpec> Fields, IReadOnlyList<ConstantSpec> Constants, string Text)
{
    /// <summary>Message types this one refers to directly, by full name, without duplicates, sorted ordinally.</summary>
    public IReadOnlyList<string> Dependencies { get; } = Fields
        .Where(f => f.Type.Kind == FieldKind.Message)
        .Select(f => f.Type.MessageType!)
        .Distinct(StringComparer.Ordinal)
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>
    /// The fields as rosidl generates them, which type hashes are computed from: <see cref="Fields"/>, or for a type
    /// without fields the single <c>uint8</c> <see cref="EmptyStruct.MemberName"/> that carries its one wire byte.
    /// </summary>
    public IReadOnlyList<FieldSpec> RosidlFields => Fields.Count > 0
        ? Fields
        : [new FieldSpec(EmptyStruct.MemberName, new FieldType(FieldKind.UInt8, null, null, ArrayKind.None, 0), null, 0)];
}

/// <summary>A <c>.msg</c> definition or <c>ros2msg</c> schema that cannot be used; the message names the type and line.</summary>
public sealed class MessageDefinitionException(string message) : FormatException(message);
