using System.Collections;
using System.Reflection;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace SparshRobot.Core.IO;

/// <summary>
/// Reads a YAML configuration (snake_case keys) into its settings class, with errors in the file's own words: the
/// file, the line, the key as written with its sections (<c>training.epoch</c>) and what was expected. An unknown key
/// is refused and the nearest valid one suggested; a value of the wrong type names the type the key takes; no C# type
/// names reach the user.
/// </summary>
public static partial class YamlConfig
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    /// <summary>The settings in <paramref name="yaml"/>, read from <paramref name="source"/> (named in errors); null for an empty document.</summary>
    /// <exception cref="InvalidDataException">The text is not valid YAML, or does not fit <typeparamref name="T"/>.</exception>
    public static T? Parse<T>(string yaml, string source)
    {
        try
        {
            return Deserializer.Deserialize<T?>(yaml);
        }
        catch (YamlException e)
        {
            throw new InvalidDataException(Describe(typeof(T), e, yaml, source), e);
        }
    }

    private static string Describe(Type root, YamlException e, string yaml, string source)
    {
        var where = $"{source}: line {e.Start.Line}";
        var lines = yaml.Split('\n');
        if (UnknownProperty().Match(e.Message) is { Success: true } unknown && Section(root, unknown.Groups["type"].Value, "") is { } section)
        {
            // The keys as the file writes them name the place best (a dictionary's own keys included); the settings
            // classes' path is the fallback where the line does not show them (flow style).
            var key = unknown.Groups["key"].Value;
            var written = e.Start.Line >= 1 && e.Start.Line <= lines.Length ? KeyPath(lines, (int)e.Start.Line - 1) : null;
            var place = written is not null && written[^1] == key ? string.Join('.', written) : Join(section.Path, key);
            return $"{where}: `{place}`: {UnknownKey(section.Type, key)}";
        }
        if (e is not (SyntaxErrorException or SemanticErrorException) && e.Start.Line >= 1 && e.Start.Line <= lines.Length && KeyPath(lines, (int)e.Start.Line - 1) is { } path && TypeAt(root, path) is { } target)
        {
            var value = ScalarAfterKey(lines[(int)e.Start.Line - 1]);
            return $"{where}: `{string.Join('.', path)}`: '{value}' is not {Expected(target)}";
        }
        // Broken YAML itself (indentation, quotes): the parser's words, with the column.
        return $"{where}, column {e.Start.Column}: {e.InnerException?.Message ?? e.Message}";
    }

    /// <summary>What a run folder calls the effective configuration it was started with.</summary>
    public const string EffectiveFile = "config.yaml";

    /// <summary>
    /// The effective YAML of a run: the file at <paramref name="path"/> (none: every setting at its default) with the
    /// command line's <c>section.key=value</c> <paramref name="overrides"/> set over it (see <see cref="Override{T}"/>).
    /// </summary>
    /// <param name="what">What the file is, for the error when it does not exist ("policy configuration").</param>
    public static string Effective<T>(string? path, IReadOnlyList<string> overrides, string what)
    {
        var text = "";
        if (path is not null)
        {
            text = File.Exists(path) ? File.ReadAllText(path) : throw new FileNotFoundException($"{path}: no such {what}", path);
            // Read as written first: the rewritten text's lines are not the file's.
            Parse<T>(text, path);
        }
        return overrides.Count > 0 ? Override<T>(text, overrides) : text;
    }

    /// <summary>
    /// A run's settings: <see cref="Effective{T}"/> parsed (every default when there is nothing to read), with that
    /// text, the folder relative paths resolve against (the file's; the working folder without a file) and the name
    /// errors give the settings' source by.
    /// </summary>
    public static (T Settings, string Text, string Folder, string Source) LoadRun<T>(string? path, IReadOnlyList<string> overrides, string what)
        where T : class, new()
    {
        var source = path ?? "the command line";
        var text = Effective<T>(path, overrides, what);
        var folder = path is null ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(Path.GetFullPath(path))!;
        return (Parse<T>(text, source) ?? new T(), text, folder, source);
    }

    /// <summary>Refuses a setting that fails its check: "<c>{source}: {key} is {value}, expected {expected}</c>".</summary>
    /// <exception cref="InvalidDataException"><paramref name="ok"/> is false.</exception>
    public static void Require(bool ok, string source, string key, object? value, string expected)
    {
        if (!ok)
        {
            throw new InvalidDataException($"{source}: {key} is {Show(value)}, expected {expected}");
        }
    }

    /// <summary>A path setting resolved against <paramref name="folder"/> (the file's, or the working folder without a file).</summary>
    /// <exception cref="InvalidDataException">The setting is empty.</exception>
    public static string ResolvePath(string folder, string? value, string source, string key) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new InvalidDataException($"{source}: {key} is missing, expected a path (relative to the configuration's folder)")
            : Path.GetFullPath(Path.Combine(folder, value));

    /// <summary>
    /// Why a run started with <paramref name="saved"/> cannot be resumed with <paramref name="current"/>, naming each
    /// setting that differs; null when they agree.
    /// </summary>
    public static string? ResumeConflict(string saved, string current) =>
        Differences(saved, current) is { Count: > 0 } changed
            ? $"the run was started with other settings ({string.Join("; ", changed)}); resume with the same ones or use another output folder"
            : null;

    private static string Show(object? value) => value switch
    {
        null => "missing",
        string s => $"'{s}'",
        IEnumerable e => "[" + string.Join(", ", e.Cast<object>()) + "]",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!,
    };

    /// <summary>"unknown key; did you mean `x`?", or the keys <paramref name="type"/> takes when none is near.</summary>
    private static string UnknownKey(Type type, string key)
    {
        var keys = Keys(type);
        var nearest = keys.Select(k => (Key: k, Distance: Distance(key, k))).Where(k => k.Distance <= Math.Max(2, key.Length / 3)).OrderBy(k => k.Distance).FirstOrDefault().Key;
        return "unknown key; " + (nearest is null ? $"expected one of {string.Join(", ", keys)}" : $"did you mean `{nearest}`?");
    }

    /// <summary>
    /// <paramref name="yaml"/> with each <c>section.key=value</c> of <paramref name="assignments"/> set (sections made
    /// where missing; a value may be any YAML, a list too). Keys are checked against <typeparamref name="T"/> first, so a
    /// mistyped one is refused by its name, not by a line of the rewritten text.
    /// </summary>
    /// <exception cref="InvalidDataException">An assignment without '=', with a key <typeparamref name="T"/> does not take or a value the key cannot hold.</exception>
    public static string Override<T>(string yaml, IEnumerable<string> assignments)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var root = stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode mapping ? mapping : new YamlMappingNode();
        var any = false;
        foreach (var assignment in assignments)
        {
            any = true;
            var equals = assignment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new InvalidDataException($"--set {assignment}: expected section.key=value");
            }
            var path = assignment[..equals].Trim().Split('.');
            var node = root;
            var type = typeof(T);
            for (var i = 0; i < path.Length; i++)
            {
                if (Settable(type).FirstOrDefault(p => Snake(p.Name) == path[i]) is not { } property)
                {
                    throw new InvalidDataException($"--set `{string.Join('.', path[..(i + 1)])}`: {UnknownKey(type, path[i])}");
                }
                type = property.PropertyType;
                if (i < path.Length - 1 && !IsSection(type))
                {
                    throw new InvalidDataException($"--set `{string.Join('.', path[..(i + 1)])}` holds {Expected(type)}, not keys; set it whole");
                }
                var key = new YamlScalarNode(path[i]);
                if (i == path.Length - 1)
                {
                    var value = assignment[(equals + 1)..];
                    try
                    {
                        Deserializer.Deserialize(value, type);
                    }
                    catch (YamlException)
                    {
                        throw new InvalidDataException($"--set `{string.Join('.', path)}`: '{value}' is not {Expected(type)}");
                    }
                    node.Children[key] = ParseValue(value);
                }
                else
                {
                    if (!node.Children.TryGetValue(key, out var child) || child is not YamlMappingNode section)
                    {
                        section = new YamlMappingNode();
                        node.Children[key] = section;
                    }
                    node = section;
                }
            }
        }
        if (!any)
        {
            return yaml;
        }
        var text = new StringWriter();
        new YamlStream(new YamlDocument(root)).Save(text, assignAnchors: false);
        return text.ToString().TrimEnd().TrimEnd('.').TrimEnd() + "\n";
    }

    private static YamlNode ParseValue(string value)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader("value: " + value));
        return ((YamlMappingNode)stream.Documents[0].RootNode).Children[new YamlScalarNode("value")];
    }

    /// <summary>Every setting that differs between two documents, as <c>section.key: before -> after</c>, ignoring comments and layout.</summary>
    public static IReadOnlyList<string> Differences(string before, string after)
    {
        var a = Flatten(before);
        var b = Flatten(after);
        return [.. a.Keys.Union(b.Keys).Order(StringComparer.Ordinal)
            .Where(k => a.GetValueOrDefault(k) != b.GetValueOrDefault(k))
            .Select(k => $"{k}: {a.GetValueOrDefault(k) ?? "(not set)"} -> {b.GetValueOrDefault(k) ?? "(not set)"}")];
    }

    private static Dictionary<string, string> Flatten(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        void Walk(YamlNode node, string path)
        {
            switch (node)
            {
                case YamlMappingNode map:
                    foreach (var (key, child) in map.Children)
                    {
                        Walk(child, Join(path, ((YamlScalarNode)key).Value ?? ""));
                    }
                    break;
                case YamlSequenceNode list:
                    values[path] = "[" + string.Join(", ", list.Children.Select(c => c is YamlScalarNode v ? v.Value : c.ToString())) + "]";
                    break;
                case YamlScalarNode scalar:
                    values[path] = scalar.Value ?? "";
                    break;
            }
        }
        if (stream.Documents.Count > 0)
        {
            Walk(stream.Documents[0].RootNode, "");
        }
        return values;
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    /// <summary>The settings classes reachable from <paramref name="type"/>, with the key path that leads to each.</summary>
    private static (string Path, Type Type)? Section(Type type, string fullName, string path, int depth = 0)
    {
        if (type.FullName == fullName)
        {
            return (path, type);
        }
        if (depth > 8)
        {
            return null;
        }
        if (Element(type) is var element && element != type)
        {
            // A list or dictionary at this place: its entries are what hold keys.
            return IsSection(element) ? Section(element, fullName, path, depth + 1) : null;
        }
        foreach (var property in Settable(type))
        {
            var inner = Element(property.PropertyType);
            if (IsSection(inner) && Section(inner, fullName, Join(path, Snake(property.Name)), depth + 1) is { } found)
            {
                return found;
            }
        }
        return null;
    }

    private static IEnumerable<PropertyInfo> Settable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.SetMethod!.IsPublic && p.GetIndexParameters().Length == 0 && p.GetCustomAttribute<YamlIgnoreAttribute>() is null);

    private static List<string> Keys(Type type) => [.. Settable(type).Select(p => Snake(p.Name))];

    private static bool IsSection(Type type) => type.IsClass && type != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(type);

    /// <summary>A list's or dictionary's element type (what a key inside it holds); the type itself otherwise.</summary>
    private static Type Element(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsArray)
        {
            return type.GetElementType()!;
        }
        if (type.IsGenericType && type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type))
        {
            return type.GetGenericArguments()[^1];
        }
        return type;
    }

    /// <summary>The keys from the document's root down to the key on <paramref name="index"/>, from indentation.</summary>
    private static List<string>? KeyPath(string[] lines, int index)
    {
        static (int Indent, string? Key) Parse(string line)
        {
            var text = line.TrimEnd('\r');
            var indent = text.Length - text.TrimStart().Length;
            var body = text.TrimStart();
            while (body.StartsWith("- ", StringComparison.Ordinal))
            {
                indent += 2;
                body = body[2..].TrimStart();
            }
            var colon = body.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 && !body.StartsWith('#') ? (indent, body[..colon].Trim()) : (indent, null);
        }
        var (indent, key) = Parse(lines[index]);
        if (key is null)
        {
            return null;
        }
        var path = new List<string> { key };
        for (var i = index - 1; i >= 0 && indent > 0; i--)
        {
            var (parentIndent, parent) = Parse(lines[i]);
            if (parent is not null && parentIndent < indent)
            {
                path.Insert(0, parent);
                indent = parentIndent;
            }
        }
        return path;
    }

    private static string ScalarAfterKey(string line)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        var value = colon < 0 ? line : line[(colon + 1)..];
        var comment = value.IndexOf(" #", StringComparison.Ordinal);
        return (comment < 0 ? value : value[..comment]).Trim().Trim('\r');
    }

    private static Type? TypeAt(Type root, IReadOnlyList<string> path)
    {
        var type = root;
        foreach (var key in path)
        {
            var property = Settable(Element(type)).FirstOrDefault(p => Snake(p.Name) == key);
            if (property is null)
            {
                return null;
            }
            type = property.PropertyType;
        }
        return type;
    }

    private static string Expected(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t switch
        {
            _ when t == typeof(int) || t == typeof(long) || t == typeof(uint) || t == typeof(ulong) || t == typeof(short) || t == typeof(byte) => "an integer",
            _ when t == typeof(double) || t == typeof(float) || t == typeof(decimal) => "a number",
            _ when t == typeof(DateTime) || t == typeof(DateTimeOffset) => "a date and time (ISO 8601, e.g. 2026-12-05T17:00:00Z)",
            _ when t == typeof(bool) => "true or false",
            _ when t == typeof(string) => "text",
            // Enum values are matched by name without regard to case.
            _ when t.IsEnum => $"one of {string.Join(", ", Enum.GetNames(t).Select(n => n.ToLowerInvariant()))}",
            _ when t.IsArray || (t.IsGenericType && typeof(IEnumerable).IsAssignableFrom(t)) => "a list",
            _ => $"a section with keys {string.Join(", ", Keys(t))}",
        };
    }

    private static string Snake(string name) => UnderscoredNamingConvention.Instance.Apply(name);

    /// <summary>Edits from <paramref name="a"/> to <paramref name="b"/>, a swap of two neighbours counting as one (the commonest typo).</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1][];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i] = new int[b.Length + 1];
            d[i][0] = i;
        }
        for (var j = 0; j <= b.Length; j++)
        {
            d[0][j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                d[i][j] = Math.Min(Math.Min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i][j] = Math.Min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.Length][b.Length];
    }

    [GeneratedRegex("^Property '(?<key>[^']+)' not found on type '(?<type>[^']+)'")]
    private static partial Regex UnknownProperty();
}
