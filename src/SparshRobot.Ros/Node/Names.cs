namespace SparshRobot.Ros.Node;

/// <summary>
/// ROS 2 name rules (rcl/expand_topic_name.c, rmw/validate_*.c): node names, namespaces, and topic name expansion
/// of relative, absolute and private (<c>~</c>) names with <c>{node}</c> / <c>{ns}</c> substitutions.
/// </summary>
public static class Names
{
    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="name"/> is a valid node name.</summary>
    public static void ValidateNodeName(string name)
    {
        if (name.Length == 0)
        {
            throw new ArgumentException("node name must not be empty");
        }
        if (char.IsAsciiDigit(name[0]))
        {
            throw new ArgumentException($"node name '{name}' must not start with a number");
        }
        var bad = name.FirstOrDefault(c => !IsNameChar(c));
        if (bad != default)
        {
            throw new ArgumentException($"node name '{name}' contains '{bad}' (only letters, digits and '_' are allowed)");
        }
    }

    /// <summary>Normalizes and validates a namespace: "" and "/" mean the root, a relative one gets a leading '/'.</summary>
    public static string NormalizeNamespace(string ns)
    {
        if (ns.Length == 0 || ns == "/")
        {
            return "/";
        }
        var absolute = ns.StartsWith('/') ? ns : "/" + ns;
        if (absolute.EndsWith('/'))
        {
            throw new ArgumentException($"namespace '{ns}' must not end with '/'");
        }
        ValidateTokens(absolute, "namespace");
        return absolute;
    }

    /// <summary>The fully qualified node name: <c>/ns/name</c> (or <c>/name</c> in the root namespace).</summary>
    public static string FullyQualifiedNodeName(string ns, string name) => ns == "/" ? "/" + name : ns + "/" + name;

    /// <summary>
    /// Expands a topic name as rcl does: <c>~</c> is the node's fully qualified name, a relative name is put under
    /// the namespace, <c>{node}</c> and <c>{ns}</c> are substituted, and the result is validated.
    /// </summary>
    public static string ExpandTopicName(string name, string nodeName, string nodeNamespace)
    {
        if (name.Length == 0)
        {
            throw new ArgumentException("topic name must not be empty");
        }
        var ns = NormalizeNamespace(nodeNamespace);
        // In the root namespace "{ns}/x" must become "/x", not "//x".
        var rooted = ns == "/" ? name.Replace("{ns}/", "/", StringComparison.Ordinal).Replace("{namespace}/", "/", StringComparison.Ordinal) : name;
        var expanded = rooted.Replace("{node}", nodeName, StringComparison.Ordinal).Replace("{namespace}", ns, StringComparison.Ordinal)
            .Replace("{ns}", ns, StringComparison.Ordinal);
        if (expanded.Contains('{') || expanded.Contains('}'))
        {
            throw new ArgumentException($"topic name '{name}' has an unknown substitution (only {{node}}, {{ns}} and {{namespace}} exist)");
        }
        if (expanded == "~" || expanded.StartsWith("~/", StringComparison.Ordinal))
        {
            expanded = FullyQualifiedNodeName(ns, nodeName) + expanded[1..];
        }
        else if (expanded.Contains('~'))
        {
            throw new ArgumentException($"topic name '{name}': '~' is only allowed at the start, followed by '/'");
        }
        else if (!expanded.StartsWith('/'))
        {
            expanded = (ns == "/" ? "/" : ns + "/") + expanded;
        }
        ValidateFullyQualified(expanded, name);
        return expanded;
    }

    /// <summary>Validates a fully qualified topic name (absolute, no empty tokens, no trailing '/').</summary>
    public static void ValidateFullyQualified(string fullyQualified, string original)
    {
        if (!fullyQualified.StartsWith('/'))
        {
            throw new ArgumentException($"topic name '{original}' does not expand to an absolute name ('{fullyQualified}')");
        }
        if (fullyQualified.Length > 1 && fullyQualified.EndsWith('/'))
        {
            throw new ArgumentException($"topic name '{original}' must not end with '/'");
        }
        if (fullyQualified.Contains("//", StringComparison.Ordinal))
        {
            throw new ArgumentException($"topic name '{original}' must not contain '//'");
        }
        ValidateTokens(fullyQualified, $"topic name '{original}'");
    }

    private static void ValidateTokens(string absolute, string what)
    {
        foreach (var token in absolute.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (char.IsAsciiDigit(token[0]))
            {
                throw new ArgumentException($"{what}: token '{token}' must not start with a number");
            }
            var bad = token.FirstOrDefault(c => !IsNameChar(c));
            if (bad != default)
            {
                throw new ArgumentException($"{what}: '{bad}' is not allowed (only letters, digits, '_' and '/')");
            }
        }
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
