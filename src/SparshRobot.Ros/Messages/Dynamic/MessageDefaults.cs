using System.Text;
using SparshRobot.Ros.Messages.Definitions;

namespace SparshRobot.Ros.Messages.Dynamic;

/// <summary>
/// Parses a field's default value as written in a <c>.msg</c> (<c>1.5</c>, <c>true</c>, <c>"text"</c>,
/// <c>[0, 1, 255]</c>) into strings (scalars) or string lists (arrays) that the encoder converts per field type.
/// </summary>
public static class MessageDefaults
{
    public static object Parse(FieldType type, string text, string path)
    {
        text = text.Trim();
        if (!type.IsArray)
        {
            return type.Kind == FieldKind.String ? Unquote(text) : text;
        }
        if (!text.StartsWith('[') || !text.EndsWith(']'))
        {
            throw new ArgumentException($"{path}: default '{text}' of {type} is not a [list]");
        }
        var items = SplitList(text[1..^1], path);
        return type.Kind == FieldKind.String ? items.Select(Unquote).ToArray() : items.ToArray();
    }

    private static List<string> SplitList(string body, string path)
    {
        var items = new List<string>();
        var current = new StringBuilder();
        var quote = '\0';
        foreach (var c in body)
        {
            if (quote != '\0')
            {
                current.Append(c);
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                current.Append(c);
            }
            else if (c == ',')
            {
                items.Add(current.ToString().Trim());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }
        if (quote != '\0')
        {
            throw new ArgumentException($"{path}: unterminated quote in default [{body}]");
        }
        var last = current.ToString().Trim();
        if (last.Length > 0 || items.Count > 0)
        {
            items.Add(last);
        }
        return items;
    }

    private static string Unquote(string text) =>
        text.Length >= 2 && (text[0] == '"' || text[0] == '\'') && text[^1] == text[0]
            ? text[1..^1].Replace("\\" + text[0], text[0].ToString(), StringComparison.Ordinal)
            : text;
}
