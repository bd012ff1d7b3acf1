using System.Diagnostics.CodeAnalysis;
using SparshRobot.Ros.Messages.BuiltinInterfaces;
using SparshRobot.Ros.Messages.Definitions;
using SparshRobot.Ros.Messages.DiagnosticMsgs;
using SparshRobot.Ros.Messages.GeometryMsgs;
using SparshRobot.Ros.Messages.NavMsgs;
using SparshRobot.Ros.Messages.SensorMsgs;
using SparshRobot.Ros.Messages.StdMsgs;

namespace SparshRobot.Ros.Messages;

/// <summary>
/// A message type the registry knows: its <c>.msg</c> definition and, for types with a C# record, the typed codec
/// behind object-typed delegates (for code that only has a type name, such as a bag reader or the topic CLI).
/// </summary>
public sealed class RosMessageType
{
    private readonly Func<ReadOnlyMemory<byte>, bool, object>? _deserialize;
    private readonly Func<object, byte[]>? _serialize;

    internal RosMessageType(string typeName, string definition, Type? clrType, Func<ReadOnlyMemory<byte>, bool, object>? deserialize, Func<object, byte[]>? serialize)
    {
        TypeName = typeName;
        Definition = definition;
        ClrType = clrType;
        _deserialize = deserialize;
        _serialize = serialize;
    }

    /// <summary><c>pkg/msg/Type</c>.</summary>
    public string TypeName { get; }

    /// <summary>This type's own <c>.msg</c> text.</summary>
    public string Definition { get; }

    /// <summary>The record implementing <see cref="IRosMessage{TSelf}"/>, or null for a definition-only type.</summary>
    public Type? ClrType { get; }

    public string DdsTypeName => RosSerializer.DdsTypeName(TypeName);

    /// <summary>Decodes with the typed codec; <paramref name="shareBuffer"/> as in <see cref="RosSerializer.DeserializeShared{T}"/>.</summary>
    public object Deserialize(ReadOnlyMemory<byte> data, bool shareBuffer = false) =>
        (_deserialize ?? throw NoCodec())(data, shareBuffer);

    public byte[] Serialize(object message) => ClrType is not null && !ClrType.IsInstanceOfType(message)
        ? throw new ArgumentException($"{TypeName} expects a {ClrType.FullName}, got {message.GetType().FullName}", nameof(message))
        : (_serialize ?? throw NoCodec())(message);

    public override string ToString() => TypeName;

    private InvalidOperationException NoCodec() =>
        new($"{TypeName} has only a definition here; decode it with DynamicMessageDecoder instead");
}

/// <summary>
/// Type name to definition and typed codec. <see cref="Default"/> holds every built-in type and is read-only;
/// <see cref="CreateDefault"/> gives a copy that more types can be registered in (register before sharing it).
/// </summary>
public sealed class MessageRegistry
{
    private readonly Dictionary<string, RosMessageType> _types = new(StringComparer.Ordinal);
    private readonly bool _readOnly;

    public MessageRegistry()
    {
    }

    private MessageRegistry(bool readOnly)
    {
        RegisterBuiltins();
        _readOnly = readOnly;
    }

    public static MessageRegistry Default { get; } = new(readOnly: true);

    public static MessageRegistry CreateDefault() => new(readOnly: false);

    public IEnumerable<RosMessageType> Types => _types.Values.OrderBy(t => t.TypeName, StringComparer.Ordinal);

    /// <summary>Adds a typed message.</summary>
    public MessageRegistry Register<T>()
        where T : IRosMessage<T>
    {
        Add(new RosMessageType(
            T.TypeName,
            T.Definition,
            typeof(T),
            static (data, share) => share ? RosSerializer.DeserializeShared<T>(data) : RosSerializer.Deserialize<T>(data.Span),
            static message => RosSerializer.Serialize((T)message)));
        return this;
    }

    /// <summary>Adds a type known only by its <c>.msg</c> text (decoded dynamically).</summary>
    public MessageRegistry RegisterDefinition(string typeName, string definition)
    {
        var name = RosTypeName.Normalize(typeName);
        MessageDefinitionParser.Parse(name, definition); // reject a bad definition now, not at first use
        Add(new RosMessageType(name, definition, null, null, null));
        return this;
    }

    /// <summary>Looks a type up by <c>pkg/msg/Type</c> or <c>pkg/Type</c>.</summary>
    public bool TryGet(string typeName, [NotNullWhen(true)] out RosMessageType? type)
    {
        type = null;
        try
        {
            return _types.TryGetValue(RosTypeName.Normalize(typeName), out type);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public RosMessageType Get(string typeName) => TryGet(typeName, out var type)
        ? type
        : throw new KeyNotFoundException(
            $"message type '{typeName}' is not registered; known: {string.Join(", ", _types.Keys.Order(StringComparer.Ordinal))}");

    /// <summary>The root type and its dependencies, parsed, ready for <see cref="Dynamic.DynamicMessageDecoder"/>.</summary>
    public MessageDefinitionSet DefinitionSet(string typeName) => MessageDefinitionSet.FromRegistry(typeName, this);

    private void Add(RosMessageType type)
    {
        if (_readOnly)
        {
            throw new InvalidOperationException("MessageRegistry.Default is read-only; register types in MessageRegistry.CreateDefault()");
        }
        _types[type.TypeName] = type;
    }

    private void RegisterBuiltins()
    {
        Register<Time>();
        Register<Header>();
        Register<StdMsgs.String>();
        Register<Bool>();
        Register<Float32>();
        Register<Float64>();
        Register<MultiArrayDimension>();
        Register<MultiArrayLayout>();
        Register<Float32MultiArray>();
        Register<Image>();
        Register<CompressedImage>();
        Register<JointState>();
        Register<Point>();
        Register<Quaternion>();
        Register<Pose>();
        Register<PoseStamped>();
        Register<PoseArray>();
        Register<Vector3>();
        Register<GeometryMsgs.Twist>();
        Register<TwistStamped>();
        Register<GeometryMsgs.Wrench>();
        Register<WrenchStamped>();
        Register<NavMsgs.Path>();
        Register<KeyValue>();
        Register<DiagnosticStatus>();
        Register<DiagnosticArray>();
        Register<SparshRobotMsgs.GripForce>();
        Register<SparshRobotMsgs.BeadGroundTruth>();
        Register<SparshRobotMsgs.FingerContact>();
        Register<RosgraphMsgs.ClockMsg>();
    }
}
