using SparshRobot.Ros.Messages.Definitions;

namespace SparshRobot.Ros.Messages.TypeHashes;

/// <summary>
/// Individual descriptions by name: those added (service and action parts) and, on first use, messages found by
/// <c>findMessage</c>. <see cref="Describe"/> gathers a type's transitive references as rosidl does.
/// </summary>
internal sealed class TypeTable(Func<string, MessageSpec?> findMessage)
{
    private readonly Dictionary<string, IndividualTypeDescription> _types = new(StringComparer.Ordinal);

    /// <summary>Messages from <paramref name="registry"/> (the built-in one unless given), then the types rosidl's
    /// service and action composition adds on its own (<see cref="ImplicitTypes"/>).</summary>
    public static TypeTable ForRegistry(MessageRegistry? registry)
    {
        registry ??= MessageRegistry.Default;
        return new TypeTable(name =>
            registry.TryGet(name, out var known) ? MessageDefinitionParser.Parse(known.TypeName, known.Definition)
            : ImplicitTypes.TryGetValue(name, out var text) ? MessageDefinitionParser.Parse(name, text)
            : null);
    }

    /// <summary>Jazzy's definitions (comments dropped) of the types a service event or an action part uses whether or
    /// not its own definition mentions them.</summary>
    public static IReadOnlyDictionary<string, string> ImplicitTypes { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [ServiceEventInfo] = "uint8 REQUEST_SENT = 0\nuint8 REQUEST_RECEIVED = 1\nuint8 RESPONSE_SENT = 2\nuint8 RESPONSE_RECEIVED = 3\n" +
            "uint8 event_type\nbuiltin_interfaces/Time stamp\nchar[16] client_gid\nint64 sequence_number\n",
        [Time] = "int32 sec\nuint32 nanosec\n",
        [Uuid] = "uint8[16] uuid\n",
    };

    public const string ServiceEventInfo = "service_msgs/msg/ServiceEventInfo";
    public const string Time = "builtin_interfaces/msg/Time";
    public const string Uuid = "unique_identifier_msgs/msg/UUID";

    public void Add(IndividualTypeDescription type) => _types[type.TypeName] = type;

    public TypeDescription Describe(string typeName)
    {
        var root = Find(typeName) ?? throw new MessageDefinitionException($"{typeName}: no definition of this type");
        var referenced = new SortedDictionary<string, IndividualTypeDescription>(StringComparer.Ordinal);
        var pending = new Stack<IndividualTypeDescription>([root]);
        while (pending.TryPop(out var type))
        {
            foreach (var field in type.Fields.Where(f => f.NestedTypeName.Length > 0 && !referenced.ContainsKey(f.NestedTypeName)))
            {
                var nested = Find(field.NestedTypeName) ?? throw new MessageDefinitionException(
                    $"{typeName}: {type.TypeName}.{field.Name} has type {field.NestedTypeName}, which has no definition here (register its .msg)");
                referenced.Add(nested.TypeName, nested);
                pending.Push(nested);
            }
        }
        return new TypeDescription(root, [.. referenced.Values]);
    }

    private IndividualTypeDescription? Find(string typeName)
    {
        if (_types.TryGetValue(typeName, out var type))
        {
            return type;
        }
        if (findMessage(typeName) is not { } spec)
        {
            return null;
        }
        type = IndividualTypeDescription.From(typeName, spec);
        _types[typeName] = type;
        return type;
    }
}
