using System.Globalization;
using System.Text;
using SparshRobot.Ros.Messages.Definitions;

namespace SparshRobot.Ros.Messages.TypeHashes;

/// <summary>
/// A type with every type it refers to, directly or not (sorted by name): <c>type_description_interfaces/msg/TypeDescription</c>,
/// the input of the RIHS01 hash that Iron and later put in endpoint USER_DATA (<c>typehash=...;</c>).
/// </summary>
public sealed class TypeDescription
{
    private TypeHash? _hash;

    public TypeDescription(IndividualTypeDescription type, IReadOnlyList<IndividualTypeDescription> referencedTypes)
    {
        Type = type;
        ReferencedTypes = referencedTypes;
    }

    public IndividualTypeDescription Type { get; }

    /// <summary>Every type <see cref="Type"/> refers to, transitively, in ordinal name order.</summary>
    public IReadOnlyList<IndividualTypeDescription> ReferencedTypes { get; }

    public string TypeName => Type.TypeName;

    /// <summary>SHA-256 of <see cref="ToHashableJson"/>'s UTF-8.</summary>
    public TypeHash Hash => _hash ??= TypeHash.Compute(Encoding.UTF8.GetBytes(ToHashableJson()));

    /// <summary>The description of the message <paramref name="definitions"/> is rooted at.</summary>
    public static TypeDescription OfMessage(MessageDefinitionSet definitions)
    {
        var table = new TypeTable(name => definitions.Types.GetValueOrDefault(name));
        return table.Describe(definitions.RootType);
    }

    /// <summary>The description of a message <paramref name="registry"/> knows (the built-in one unless given).</summary>
    public static TypeDescription OfMessage(string typeName, MessageRegistry? registry = null) =>
        OfMessage(MessageDefinitionSet.FromRegistry(typeName, registry));

    /// <summary>
    /// The text rosidl hashes: Python's <c>json.dumps</c> of the description with separators <c>", "</c> and <c>": "</c>,
    /// keys in declaration order, non-ASCII escaped (<c>ensure_ascii</c>), no default values.
    /// </summary>
    public string ToHashableJson()
    {
        var json = new StringBuilder(256 * (1 + ReferencedTypes.Count));
        json.Append("{\"type_description\": ");
        Append(json, Type);
        json.Append(", \"referenced_type_descriptions\": [");
        for (var i = 0; i < ReferencedTypes.Count; i++)
        {
            if (i > 0)
            {
                json.Append(", ");
            }
            Append(json, ReferencedTypes[i]);
        }
        return json.Append("]}").ToString();
    }

    public override string ToString() => $"{TypeName} {Hash}";

    private static void Append(StringBuilder json, IndividualTypeDescription type)
    {
        json.Append("{\"type_name\": ");
        AppendString(json, type.TypeName);
        json.Append(", \"fields\": [");
        for (var i = 0; i < type.Fields.Count; i++)
        {
            var field = type.Fields[i];
            if (i > 0)
            {
                json.Append(", ");
            }
            json.Append("{\"name\": ");
            AppendString(json, field.Name);
            json.Append(CultureInfo.InvariantCulture, $", \"type\": {{\"type_id\": {field.TypeId}, \"capacity\": {field.Capacity}, \"string_capacity\": {field.StringCapacity}, \"nested_type_name\": ");
            AppendString(json, field.NestedTypeName);
            json.Append("}}");
        }
        json.Append("]}");
    }

    /// <summary>A JSON string as Python's json module writes it with <c>ensure_ascii=True</c>.</summary>
    private static void AppendString(StringBuilder json, string text)
    {
        json.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"':
                    json.Append("\\\"");
                    break;
                case '\\':
                    json.Append("\\\\");
                    break;
                case '\n':
                    json.Append("\\n");
                    break;
                case '\r':
                    json.Append("\\r");
                    break;
                case '\t':
                    json.Append("\\t");
                    break;
                case '\b':
                    json.Append("\\b");
                    break;
                case '\f':
                    json.Append("\\f");
                    break;
                case < ' ' or > '~':
                    // Python escapes everything outside printable ASCII, one \\u per UTF-16 unit (so pairs for astral chars).
                    json.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                    break;
                default:
                    json.Append(c);
                    break;
            }
        }
        json.Append('"');
    }
}
