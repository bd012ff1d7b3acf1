using System.Globalization;
using System.Text.RegularExpressions;

namespace SparshRobot.Ros.Messages.Definitions;

/// <summary>Parses one <c>.msg</c> block (the ROS 2 <c>ros2msg</c> syntax) into a <see cref="MessageSpec"/>.</summary>
public static partial class MessageDefinitionParser
{
    /// <param name="typeName">Full name of the message the text defines (<c>pkg/msg/Type</c>).</param>
    /// <param name="text">The block's text.</param>
    /// <param name="firstLine">Line number of the block's first line in the enclosing schema, for error messages.</param>
    public static MessageSpec Parse(string typeName, string text, int firstLine = 1)
    {
        var package = RosTypeName.Package(RosTypeName.Normalize(typeName));
        var fields = new List<FieldSpec>();
        var constants = new List<ConstantSpec>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var lineNumber = firstLine + i;
            var line = StripComment(lines[i]).Trim();
            if (line.Length == 0)
            {
                continue;
            }
            var where = $"{typeName} line {lineNumber} '{lines[i].Trim()}'";
            var typeEnd = line.IndexOfAny([' ', '\t']);
            if (typeEnd < 0)
            {
                throw new MessageDefinitionException($"{where}: expected '<type> <name>'");
            }
            var type = ParseType(line[..typeEnd], package, where);
            var rest = line[typeEnd..].Trim();
            var equals = rest.IndexOf('=');
            if (equals > 0 && IdentifierRegex().IsMatch(rest[..equals].Trim()))
            {
                // A constant: not on the wire, kept for completeness.
                if (type.IsArray || type.Kind == FieldKind.Message)
                {
                    throw new MessageDefinitionException($"{where}: constants must be of a primitive, non-array type");
                }
                constants.Add(new ConstantSpec(rest[..equals].Trim(), type, rest[(equals + 1)..].Trim(), lineNumber));
                continue;
            }
            var nameEnd = rest.IndexOfAny([' ', '\t']);
            var name = nameEnd < 0 ? rest : rest[..nameEnd];
            var defaultText = nameEnd < 0 ? null : rest[nameEnd..].Trim();
            if (!IdentifierRegex().IsMatch(name))
            {
                throw new MessageDefinitionException($"{where}: '{name}' is not a valid field name");
            }
            if (!names.Add(name))
            {
                throw new MessageDefinitionException($"{where}: field '{name}' is declared twice");
            }
            fields.Add(new FieldSpec(name, type, string.IsNullOrEmpty(defaultText) ? null : defaultText, lineNumber));
        }
        return new MessageSpec(RosTypeName.Normalize(typeName), fields, constants, text);
    }

    /// <summary>Parses a field type such as <c>float64</c>, <c>string&lt;=10</c>, <c>Header</c>, <c>geometry_msgs/Pose[&lt;=5]</c>.</summary>
    public static FieldType ParseType(string text, string package, string where)
    {
        var array = ArrayKind.None;
        var length = 0;
        var element = text;
        var open = text.IndexOf('[');
        if (open >= 0)
        {
            if (!text.EndsWith(']'))
            {
                throw new MessageDefinitionException($"{where}: array type '{text}' lacks its closing ']'");
            }
            element = text[..open];
            var inside = text[(open + 1)..^1];
            if (inside.Length == 0)
            {
                array = ArrayKind.Unbounded;
            }
            else
            {
                array = inside.StartsWith("<=", StringComparison.Ordinal) ? ArrayKind.Bounded : ArrayKind.Fixed;
                length = ParseBound(array == ArrayKind.Bounded ? inside[2..] : inside, text, where);
            }
        }
        int? stringBound = null;
        var boundAt = element.IndexOf("<=", StringComparison.Ordinal);
        if (boundAt >= 0)
        {
            stringBound = ParseBound(element[(boundAt + 2)..], text, where);
            element = element[..boundAt];
            if (element is not ("string" or "wstring"))
            {
                throw new MessageDefinitionException($"{where}: only string and wstring take a bound, not '{element}'");
            }
        }
        FieldKind? kind = element switch
        {
            "bool" => FieldKind.Bool,
            "byte" => FieldKind.Byte,
            "char" => FieldKind.Char,
            "int8" => FieldKind.Int8,
            "uint8" => FieldKind.UInt8,
            "int16" => FieldKind.Int16,
            "uint16" => FieldKind.UInt16,
            "int32" => FieldKind.Int32,
            "uint32" => FieldKind.UInt32,
            "int64" => FieldKind.Int64,
            "uint64" => FieldKind.UInt64,
            "float32" => FieldKind.Float32,
            "float64" => FieldKind.Float64,
            "string" => FieldKind.String,
            "wstring" => FieldKind.WString,
            _ => null,
        };
        if (kind is { } primitive)
        {
            return new FieldType(primitive, null, stringBound, array, length);
        }
        if (!TypeNameRegex().IsMatch(element))
        {
            throw new MessageDefinitionException($"{where}: '{element}' is neither a primitive type nor a message type name");
        }
        return new FieldType(FieldKind.Message, RosTypeName.Resolve(element, package), null, array, length);
    }

    private static int ParseBound(string text, string type, string where) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new MessageDefinitionException($"{where}: bound '{text}' in '{type}' is not a positive integer");

    /// <summary>Drops a <c>#</c> comment, but not a <c>#</c> inside a quoted default or constant value.</summary>
    private static string StripComment(string line)
    {
        char quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote != '\0')
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '#')
            {
                return line[..i];
            }
        }
        return line;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex IdentifierRegex();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*(/((msg|srv|action)/)?[A-Za-z][A-Za-z0-9_]*)?$")]
    private static partial Regex TypeNameRegex();
}
