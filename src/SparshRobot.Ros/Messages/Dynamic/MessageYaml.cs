using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SparshRobot.Ros.Messages.Dynamic;

/// <summary>
/// Prints a decoded message tree the way <c>ros2 topic echo</c> does (PyYAML block style): nested mappings
/// indented by two, sequences as <c>- item</c> lines at the parent key's indentation, <c>[]</c> for an empty
/// sequence, floats as Python's <c>repr</c> (<c>1.0</c>, <c>0.10000000149011612</c>, <c>.nan</c>), strings
/// quoted only where YAML would misread them. Byte arrays print as lists of numbers. The <c>---</c> line between
/// messages is the caller's.
/// </summary>
public static partial class MessageYaml
{
    /// <summary>
    /// <paramref name="truncateLength"/>: like <c>ros2 topic echo</c>'s default of 128, longer arrays print
    /// their first elements then <c>- '...'</c> and longer strings end in <c>...</c>; null prints everything.
    /// </summary>
    public static string ToYaml(IDictionary message, int? truncateLength = null)
    {
        var text = new StringBuilder();
        WriteMapping(text, message, 0, truncateLength, firstLinePrefix: null);
        return text.ToString();
    }

    private static void WriteMapping(StringBuilder text, IDictionary mapping, int indent, int? truncate, string? firstLinePrefix)
    {
        var first = true;
        foreach (DictionaryEntry entry in mapping)
        {
            if (first && firstLinePrefix is not null)
            {
                text.Append(firstLinePrefix);
            }
            else
            {
                text.Append(' ', indent);
            }
            first = false;
            text.Append(entry.Key).Append(':');
            WriteValue(text, entry.Value, indent, truncate);
        }
    }

    /// <summary>Writes what follows <c>key:</c> (or <c>-</c>): an inline scalar, or a nested block on the next lines.</summary>
    private static void WriteValue(StringBuilder text, object? value, int indent, int? truncate)
    {
        switch (value)
        {
            case IDictionary { Count: 0 }:
                text.Append(" {}\n");
                break;
            case IDictionary nested:
                text.Append('\n');
                WriteMapping(text, nested, indent + 2, truncate, null);
                break;
            case string s:
                text.Append(' ').Append(Scalar(Truncate(s, truncate))).Append('\n');
                break;
            case ReadOnlyMemory<byte> memory:
                WriteValue(text, memory.ToArray(), indent, truncate);
                break;
            case IList { Count: 0 }:
                text.Append(" []\n");
                break;
            case IList list:
                text.Append('\n');
                WriteSequence(text, list, indent, truncate);
                break;
            default:
                text.Append(' ').Append(Scalar(value)).Append('\n');
                break;
        }
    }

    // PyYAML writes a sequence under a mapping key at the key's own indentation.
    private static void WriteSequence(StringBuilder text, IList list, int indent, int? truncate)
    {
        var shown = truncate is { } limit && list.Count > limit ? limit : list.Count;
        for (var i = 0; i < shown; i++)
        {
            switch (list[i])
            {
                case IDictionary { Count: > 0 } mapping:
                    WriteMapping(text, mapping, indent + 2, truncate, new string(' ', indent) + "- ");
                    break;
                case IList { Count: > 0 } inner:
                    text.Append(' ', indent).Append("-\n");
                    WriteSequence(text, inner, indent + 2, truncate);
                    break;
                default:
                    text.Append(' ', indent).Append('-');
                    WriteValue(text, list[i], indent + 2, truncate);
                    break;
            }
        }
        if (shown < list.Count)
        {
            text.Append(' ', indent).Append("- '...'\n");
        }
    }

    private static string Truncate(string s, int? truncate) => truncate is { } limit && s.Length > limit ? s[..limit] + "..." : s;

    /// <summary>
    /// Reads message values written as YAML, block or flow (<c>ros2 topic pub</c>'s <c>"{linear: {x: 0.1}}"</c>),
    /// into the untyped tree <see cref="DynamicMessageEncoder"/> takes; empty text means all defaults (null). Errors
    /// carry no parameter name, so tools can print their message as it is.
    /// </summary>
    public static IDictionary? ParseValues(string yaml)
    {
        object? parsed;
        try
        {
            parsed = new YamlDotNet.Serialization.DeserializerBuilder().Build().Deserialize<object?>(yaml);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new ArgumentException($"message values are not valid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}", e);
        }
        return parsed switch
        {
            null => null,
            IDictionary mapping => mapping,
            _ => throw new ArgumentException($"message values must be a YAML mapping of field names to values, got '{yaml.Trim()}'"),
        };
    }

    /// <summary>A scalar as PyYAML prints it.</summary>
    public static string Scalar(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        double d => PythonFloat(d),

        // rclpy hands float32 fields to Python as the same value widened to a double.
        float f => PythonFloat(f),
        string s => QuoteString(s),
        IFormattable n => n.ToString(null, CultureInfo.InvariantCulture),
        _ => QuoteString(value.ToString() ?? ""),
    };

    /// <summary>Python's <c>repr(float)</c> as PyYAML adjusts it (<c>1e+16</c> becomes <c>1.0e+16</c>).</summary>
    public static string PythonFloat(double d)
    {
        if (double.IsNaN(d))
        {
            return ".nan";
        }
        if (double.IsInfinity(d))
        {
            return d > 0 ? ".inf" : "-.inf";
        }
        var sign = double.IsNegative(d) ? "-" : "";
        if (d == 0)
        {
            return sign + "0.0";
        }
        // Shortest round-trip digits, then Python's layout: positional for exponents -4..15, else scientific.
        var r = Math.Abs(d).ToString("R", CultureInfo.InvariantCulture);
        var e = r.IndexOf('E');
        var mantissa = e < 0 ? r : r[..e];
        var exponent = e < 0 ? 0 : int.Parse(r[(e + 1)..], CultureInfo.InvariantCulture);
        var dot = mantissa.IndexOf('.');
        var intPart = dot < 0 ? mantissa : mantissa[..dot];
        var all = intPart + (dot < 0 ? "" : mantissa[(dot + 1)..]);
        var significant = all.TrimStart('0');
        var pointPosition = intPart.Length + exponent - (all.Length - significant.Length);
        var digits = significant.TrimEnd('0');
        var scientific = pointPosition - 1;
        if (scientific is >= -4 and < 16)
        {
            if (pointPosition <= 0)
            {
                return $"{sign}0.{new string('0', -pointPosition)}{digits}";
            }
            return pointPosition >= digits.Length
                ? $"{sign}{digits}{new string('0', pointPosition - digits.Length)}.0"
                : $"{sign}{digits[..pointPosition]}.{digits[pointPosition..]}";
        }
        var head = digits.Length > 1 ? $"{digits[0]}.{digits[1..]}" : $"{digits}.0";
        return $"{sign}{head}e{(scientific < 0 ? '-' : '+')}{Math.Abs(scientific):00}";
    }

    private static string QuoteString(string s)
    {
        if (s.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029' or '\uFEFF'))
        {
            return DoubleQuoted(s);
        }
        return NeedsQuotes(s) ? "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'" : s;
    }

    private static bool NeedsQuotes(string s) =>
        s.Length == 0
        || "-?:,[]{}#&*!|>'\"%@`".Contains(s[0])
        || char.IsWhiteSpace(s[0]) || char.IsWhiteSpace(s[^1])
        || s.Contains(": ", StringComparison.Ordinal) || s.Contains(" #", StringComparison.Ordinal) || s.EndsWith(':')
        || ImplicitScalarRegex().IsMatch(s);

    private static string DoubleQuoted(string s)
    {
        var text = new StringBuilder("\"");
        foreach (var c in s)
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                '\0' => "\\0",
                _ when char.IsControl(c) || c is '\u2028' or '\u2029' or '\uFEFF' => c <= 0xFF ? $"\\x{(int)c:X2}" : $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        }
        return text.Append('"').ToString();
    }

    // What YAML 1.1 (PyYAML's resolver) would read as a bool, null, int or float rather than a string.
    [GeneratedRegex(@"^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|~|null|Null|NULL|[-+]?(?:0b[01_]+|0[0-7_]+|(?:0|[1-9][0-9_]*)|0x[0-9a-fA-F_]+|[1-9][0-9_]*(?::[0-5]?[0-9])+)|[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*(?:[eE][-+]?[0-9]+)|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")]
    private static partial Regex ImplicitScalarRegex();
}
