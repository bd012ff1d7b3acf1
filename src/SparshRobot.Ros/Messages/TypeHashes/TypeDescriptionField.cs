using SparshRobot.Ros.Messages.Definitions;

namespace SparshRobot.Ros.Messages.TypeHashes;

/// <summary>
/// One field as <c>type_description_interfaces/msg/Field</c> describes it, minus the default value (rosidl drops it
/// before hashing, so defaults never change a hash).
/// </summary>
/// <param name="TypeId">A <c>FieldType.FIELD_TYPE_*</c> id: the element's id, plus 48 for <c>T[N]</c>, 96 for <c>T[&lt;=N]</c>, 144 for <c>T[]</c>.</param>
/// <param name="Capacity">N of <c>T[N]</c> or <c>T[&lt;=N]</c>, otherwise 0.</param>
/// <param name="StringCapacity">N of <c>string&lt;=N</c> (also as an array element), otherwise 0.</param>
/// <param name="NestedTypeName">The nested type's full name (<c>pkg/msg/T</c>), otherwise empty.</param>
public sealed record TypeDescriptionField(string Name, int TypeId, int Capacity, int StringCapacity, string NestedTypeName)
{
    /// <summary>The field rosidl gives a struct without fields, since IDL structs cannot be empty.</summary>
    public static readonly TypeDescriptionField EmptyStructurePlaceholder = new("structure_needs_at_least_one_member", 3, 0, 0, "");

    public static TypeDescriptionField From(FieldSpec field) => From(field.Name, field.Type);

    public static TypeDescriptionField From(string name, FieldType type)
    {
        // rosidl_generator_type_description FIELD_TYPE_NAME_TO_ID; a .msg char is uint8 and a .msg byte an octet.
        var elementId = type.Kind switch
        {
            FieldKind.Message => 1,
            FieldKind.Int8 => 2,
            FieldKind.UInt8 or FieldKind.Char => 3,
            FieldKind.Int16 => 4,
            FieldKind.UInt16 => 5,
            FieldKind.Int32 => 6,
            FieldKind.UInt32 => 7,
            FieldKind.Int64 => 8,
            FieldKind.UInt64 => 9,
            FieldKind.Float32 => 10,
            FieldKind.Float64 => 11,
            FieldKind.Bool => 15,
            FieldKind.Byte => 16,
            FieldKind.String => type.StringBound is null ? 17 : 21,
            FieldKind.WString => type.StringBound is null ? 18 : 22,
            _ => throw new ArgumentOutOfRangeException(nameof(type), type.Kind, $"field '{name}': no type description id for this kind"),
        };
        var arrayOffset = type.Array switch
        {
            ArrayKind.Fixed => 48,
            ArrayKind.Bounded => 96,
            ArrayKind.Unbounded => 144,
            _ => 0,
        };
        var capacity = type.Array is ArrayKind.Fixed or ArrayKind.Bounded ? type.ArrayLength : 0;
        return new TypeDescriptionField(name, elementId + arrayOffset, capacity, type.StringBound ?? 0, type.MessageType ?? "");
    }

    /// <summary>A field of a nested type, for the types rosidl composes itself (service events, action parts).</summary>
    internal static TypeDescriptionField Nested(string name, string typeName, ArrayKind array = ArrayKind.None, int length = 0) =>
        From(name, new FieldType(FieldKind.Message, typeName, null, array, length));

    internal static TypeDescriptionField Primitive(string name, FieldKind kind) => From(name, new FieldType(kind, null, null, ArrayKind.None, 0));
}

/// <summary>One type without its dependencies, as <c>type_description_interfaces/msg/IndividualTypeDescription</c>.</summary>
/// <param name="TypeName">Full name: <c>pkg/msg/T</c>, <c>pkg/srv/T</c> or <c>pkg/action/T</c>.</param>
public sealed record IndividualTypeDescription(string TypeName, IReadOnlyList<TypeDescriptionField> Fields)
{
    /// <summary>Describes <paramref name="spec"/> under <paramref name="typeName"/> (a service or action part is parsed
    /// as a message but named <c>pkg/srv/...</c> or <c>pkg/action/...</c>). Constants do not enter a description.</summary>
    public static IndividualTypeDescription From(string typeName, MessageSpec spec) => new(
        typeName,
        spec.Fields.Count == 0 ? [TypeDescriptionField.EmptyStructurePlaceholder] : spec.Fields.Select(TypeDescriptionField.From).ToArray());
}
