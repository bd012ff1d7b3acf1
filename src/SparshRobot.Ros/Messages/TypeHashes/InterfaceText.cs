using SparshRobot.Ros.Messages.Definitions;

namespace SparshRobot.Ros.Messages.TypeHashes;

/// <summary><c>.srv</c> and <c>.action</c> handling: full names and the <c>---</c>-separated sections.</summary>
internal static class InterfaceText
{
    /// <summary>Checks that <paramref name="typeName"/> is <c>pkg/<paramref name="kind"/>/Name</c> and returns it.</summary>
    public static string FullName(string typeName, string kind)
    {
        var parts = typeName.Split('/');
        if (parts.Length != 3 || parts[1] != kind || !IsIdentifier(parts[0]) || !IsIdentifier(parts[2]))
        {
            throw new ArgumentException($"'{typeName}' is not a {kind} type name (expected pkg/{kind}/Name)", nameof(typeName));
        }
        return typeName;
    }

    /// <summary>The sections of an interface file, split at lines that are <c>---</c>, with each one's first line number.</summary>
    public static IReadOnlyList<(string Text, int FirstLine)> Sections(string typeName, string text, int expected)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var sections = new List<(string, int)>();
        var start = 0;
        for (var i = 0; i <= lines.Length; i++)
        {
            if (i == lines.Length || lines[i].Trim() == "---")
            {
                sections.Add((string.Join('\n', lines[start..i]), start + 1));
                start = i + 1;
            }
        }
        return sections.Count == expected
            ? sections
            : throw new MessageDefinitionException(
                $"{typeName}: expected {expected} sections separated by '---' lines, found {sections.Count}");
    }

    /// <summary>
    /// Parses one section as the message <paramref name="partName"/> (<c>pkg/srv/S_Request</c>, ...). The parser knows only
    /// <c>pkg/msg/</c> names, which is also where a bare type name in the section resolves, so it parses under that name.
    /// </summary>
    public static MessageSpec ParsePart(string partName, string text, int firstLine)
    {
        var parts = partName.Split('/');
        var asMessage = $"{parts[0]}/msg/{parts[2]}";
        try
        {
            return MessageDefinitionParser.Parse(asMessage, text, firstLine);
        }
        catch (MessageDefinitionException e) when (e.Message.StartsWith(asMessage, StringComparison.Ordinal))
        {
            throw new MessageDefinitionException(partName + e.Message[asMessage.Length..]);
        }
    }

    private static bool IsIdentifier(string text) =>
        text.Length > 0 && char.IsAsciiLetter(text[0]) && text.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
