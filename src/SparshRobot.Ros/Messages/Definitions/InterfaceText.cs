using System.Text;

namespace SparshRobot.Ros.Messages.Definitions;

/// <summary>
/// The text of a <c>.srv</c> (request, response) or <c>.action</c> (goal, result, feedback): <c>.msg</c> blocks
/// separated by lines that read <c>---</c>.
/// </summary>
public static class InterfaceText
{
    public const string Separator = "---";

    /// <summary>One block: its text (ending in a newline unless empty) and its first line in the whole text.</summary>
    public readonly record struct Part(string Text, int FirstLine);

    /// <summary>
    /// Splits <paramref name="text"/> into as many blocks as <paramref name="partNames"/> names, or fails naming
    /// <paramref name="typeName"/>, the blocks expected and the separator lines found.
    /// </summary>
    public static Part[] Split(string typeName, string text, params string[] partNames)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var separators = Enumerable.Range(0, lines.Length).Where(i => lines[i].Trim() == Separator).ToArray();
        if (separators.Length != partNames.Length - 1)
        {
            var found = separators.Length == 0 ? "none" : $"{separators.Length} (line {string.Join(", ", separators.Select(i => i + 1))})";
            throw new MessageDefinitionException(
                $"{typeName}: expected {partNames.Length - 1} '{Separator}' line(s) between {string.Join(", ", partNames)}; found {found}");
        }
        var parts = new Part[partNames.Length];
        var start = 0;
        for (var i = 0; i < parts.Length; i++)
        {
            var end = i < separators.Length ? separators[i] : lines.Length;
            var block = string.Join('\n', lines[start..end]).TrimEnd('\n');
            parts[i] = new Part(block.Length == 0 ? "" : block + "\n", start + 1);
            start = end + 1;
        }
        return parts;
    }

    /// <summary>The blocks joined with <c>---</c> lines, as a <c>.srv</c> or <c>.action</c> file holds them.</summary>
    public static string Join(params string[] parts)
    {
        var text = new StringBuilder();
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0)
            {
                text.Append(Separator).Append('\n');
            }
            text.Append(parts[i]);
            if (parts[i].Length > 0 && !parts[i].EndsWith('\n'))
            {
                text.Append('\n');
            }
        }
        return text.ToString();
    }
}
