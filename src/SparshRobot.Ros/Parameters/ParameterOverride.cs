using System.Text.RegularExpressions;

namespace SparshRobot.Ros.Parameters;

/// <summary>
/// One value for parameter <see cref="Name"/> of the nodes matching <see cref="NodePattern"/> (a fully qualified
/// node name where <c>*</c> matches one token and <c>**</c> any number, as rcl's params files allow).
/// <see cref="Source"/> says where it came from (file:line, or the <c>-p</c> argument) for error messages.
/// </summary>
public sealed record ParameterOverride(string NodePattern, string Name, ParameterValue Value, string Source)
{
    /// <summary>Patterns with a wildcard apply before exact node names from the same source.</summary>
    public bool IsWildcard => NodePattern.Contains('*');

    public bool Matches(string fullyQualifiedNodeName) => NodePatterns.Matches(NodePattern, fullyQualifiedNodeName);
}

internal static class NodePatterns
{
    private static readonly Dictionary<string, Regex> Cache = [];

    public static bool Matches(string pattern, string fullyQualifiedNodeName)
    {
        Regex regex;
        lock (Cache)
        {
            if (!Cache.TryGetValue(pattern, out regex!))
            {
                var body = string.Concat(pattern.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(token => token switch
                {
                    "**" => "(/[^/]+)*",
                    _ => "/" + Regex.Escape(token).Replace("\\*", "[^/]*", StringComparison.Ordinal),
                }));
                regex = new Regex("^" + body + "$", RegexOptions.CultureInvariant);
                Cache[pattern] = regex;
            }
        }
        return regex.IsMatch(fullyQualifiedNodeName);
    }
}
