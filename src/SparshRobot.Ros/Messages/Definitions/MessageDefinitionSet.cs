using System.Text;

namespace SparshRobot.Ros.Messages.Definitions;

/// <summary>
/// A root message type with every type it depends on, parsed: what a rosbag2 <c>ros2msg</c> schema carries
/// (the root <c>.msg</c>, then each dependency after a line of 80 <c>=</c> and <c>MSG: pkg/Type</c>).
/// </summary>
public sealed class MessageDefinitionSet
{
    /// <summary>The separator line rosbag2 writes between blocks.</summary>
    public static readonly string Separator = new('=', 80);

    private readonly Dictionary<string, MessageSpec> _types;

    private MessageDefinitionSet(string rootType, Dictionary<string, MessageSpec> types)
    {
        RootType = rootType;
        _types = types;
        CheckAcyclic();
    }

    /// <summary>Full name of the root type (<c>pkg/msg/Type</c>).</summary>
    public string RootType { get; }

    public MessageSpec Root => _types[RootType];

    /// <summary>The root and its dependencies, by full name.</summary>
    public IReadOnlyDictionary<string, MessageSpec> Types => _types;

    public MessageSpec this[string typeName] => _types.TryGetValue(RosTypeName.Normalize(typeName), out var spec)
        ? spec
        : throw new KeyNotFoundException($"{RootType}: no definition of {typeName} in this set");

    /// <summary>
    /// Parses a <c>ros2msg</c> schema. Types the schema refers to but does not define are taken from
    /// <paramref name="fallback"/> (the built-in registry unless given); a type found in neither is an error.
    /// </summary>
    public static MessageDefinitionSet Parse(string rootType, string schemaText, MessageRegistry? fallback = null)
    {
        var root = RosTypeName.Normalize(rootType);
        var types = new Dictionary<string, MessageSpec>(StringComparer.Ordinal);
        foreach (var (name, text, firstLine) in SplitBlocks(root, schemaText))
        {
            var spec = MessageDefinitionParser.Parse(name, text, firstLine);
            if (!types.TryAdd(spec.TypeName, spec))
            {
                throw new MessageDefinitionException($"{root} schema line {firstLine}: {spec.TypeName} is defined twice");
            }
        }
        AddMissing(types, fallback ?? MessageRegistry.Default, root);
        return new MessageDefinitionSet(root, types);
    }

    /// <summary>The set for a type known to <paramref name="registry"/> (the built-in one unless given).</summary>
    public static MessageDefinitionSet FromRegistry(string rootType, MessageRegistry? registry = null)
    {
        registry ??= MessageRegistry.Default;
        var root = RosTypeName.Normalize(rootType);
        var types = new Dictionary<string, MessageSpec>(StringComparer.Ordinal);
        types[root] = MessageDefinitionParser.Parse(root, registry.Get(root).Definition, 1);
        AddMissing(types, registry, root);
        return new MessageDefinitionSet(root, types);
    }

    /// <summary>
    /// The schema text as rosbag2 writes it: the root's text, then, depth first, each dependency not yet written
    /// (a type's own dependencies in name order) after a blank line, 80 <c>=</c> and <c>MSG: pkg/Type</c>.
    /// </summary>
    public string ToSchemaText()
    {
        var text = new StringBuilder();
        var written = new HashSet<string>(StringComparer.Ordinal) { RootType };
        Append(RootType);
        return text.ToString();

        void Append(string typeName)
        {
            var spec = _types[typeName];
            text.Append(spec.Text);
            if (spec.Text.Length > 0 && !spec.Text.EndsWith('\n'))
            {
                text.Append('\n');
            }
            foreach (var dependency in spec.Dependencies)
            {
                if (written.Add(dependency))
                {
                    text.Append('\n').Append(Separator).Append('\n').Append("MSG: ").Append(RosTypeName.Short(dependency)).Append('\n');
                    Append(dependency);
                }
            }
        }
    }

    private static IEnumerable<(string Name, string Text, int FirstLine)> SplitBlocks(string root, string schemaText)
    {
        var lines = schemaText.Replace("\r\n", "\n").Split('\n');
        var name = root;
        var start = 0;
        for (var i = 0; i <= lines.Length; i++)
        {
            if (i < lines.Length && !IsSeparator(lines[i]))
            {
                continue;
            }
            var blockLines = lines[start..i];
            yield return (name, string.Join('\n', blockLines), start + 1);
            if (i == lines.Length)
            {
                yield break;
            }
            // The separator is followed (possibly after blank lines) by "MSG: pkg/Type".
            var header = i + 1;
            while (header < lines.Length && lines[header].Trim().Length == 0)
            {
                header++;
            }
            var headerLine = header < lines.Length ? lines[header].Trim() : "";
            if (!headerLine.StartsWith("MSG:", StringComparison.Ordinal))
            {
                throw new MessageDefinitionException(
                    $"{root} schema line {header + 1}: expected 'MSG: pkg/Type' after the separator line, found '{headerLine}'");
            }
            try
            {
                name = RosTypeName.Normalize(headerLine[4..].Trim());
            }
            catch (ArgumentException e)
            {
                throw new MessageDefinitionException($"{root} schema line {header + 1}: {e.Message}");
            }
            start = header + 1;
            i = header;
        }
    }

    private static bool IsSeparator(string line)
    {
        var trimmed = line.Trim();
        return trimmed.Length >= 3 && trimmed.All(c => c == '=');
    }

    private static void AddMissing(Dictionary<string, MessageSpec> types, MessageRegistry registry, string root)
    {
        var pending = new Queue<MessageSpec>(types.Values);
        while (pending.TryDequeue(out var spec))
        {
            foreach (var field in spec.Fields.Where(f => f.Type.Kind == FieldKind.Message))
            {
                var name = field.Type.MessageType!;
                if (types.ContainsKey(name))
                {
                    continue;
                }
                if (!registry.TryGet(name, out var known))
                {
                    throw new MessageDefinitionException(
                        $"{root}: {spec.TypeName}.{field.Name} (line {field.Line}) has type {name}, which the schema does not define and no registered type provides");
                }
                var added = MessageDefinitionParser.Parse(name, known.Definition, 1);
                types[name] = added;
                pending.Enqueue(added);
            }
        }
    }

    private void CheckAcyclic()
    {
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: on the path, true: done
        Visit(RootType, RootType);

        void Visit(string typeName, string path)
        {
            if (state.TryGetValue(typeName, out var done))
            {
                if (!done)
                {
                    throw new MessageDefinitionException($"{RootType}: message types refer to each other in a cycle ({path}); CDR cannot encode that");
                }
                return;
            }
            state[typeName] = false;
            foreach (var dependency in _types[typeName].Dependencies)
            {
                Visit(dependency, $"{path} -> {dependency}");
            }
            state[typeName] = true;
        }
    }
}
