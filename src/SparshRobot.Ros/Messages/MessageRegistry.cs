using System.Diagnostics.CodeAnalysis;
using SparshRobot.Ros.Messages.ActionMsgs;
using SparshRobot.Ros.Messages.Actions;
using SparshRobot.Ros.Messages.BuiltinInterfaces;
using SparshRobot.Ros.Messages.ControllerManagerMsgs;
using SparshRobot.Ros.Messages.ControlMsgs;
using SparshRobot.Ros.Messages.Definitions;
using SparshRobot.Ros.Messages.DiagnosticMsgs;
using SparshRobot.Ros.Messages.ExampleInterfaces;
using SparshRobot.Ros.Messages.GeometryMsgs;
using SparshRobot.Ros.Messages.MoveitMsgs;
using SparshRobot.Ros.Messages.NavMsgs;
using SparshRobot.Ros.Messages.RclInterfaces;
using SparshRobot.Ros.Messages.SensorMsgs;
using SparshRobot.Ros.Messages.Services;
using SparshRobot.Ros.Messages.StdMsgs;
using SparshRobot.Ros.Messages.StdSrvs;
using SparshRobot.Ros.Messages.Tf2Msgs;
using SparshRobot.Ros.Messages.TrajectoryMsgs;
using SparshRobot.Ros.Messages.UniqueIdentifierMsgs;

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
    private readonly Dictionary<string, RosServiceType> _services = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RosActionType> _actions = new(StringComparer.Ordinal);
    private readonly bool _readOnly;

    public MessageRegistry()
    {
    }

    private MessageRegistry(bool readOnly, InterfaceDistro distro)
    {
        RegisterBuiltins();
        if (distro == InterfaceDistro.Humble)
        {
            RegisterControllerManager<Humble>();
        }
        _readOnly = readOnly;
    }

    /// <summary>Every built-in type; the interfaces that differ between distros in their Jazzy form (see <see cref="InterfaceDistro"/>).</summary>
    public static MessageRegistry Default { get; } = new(readOnly: true, InterfaceDistro.Jazzy);

    public static MessageRegistry CreateDefault() => new(readOnly: false, InterfaceDistro.Jazzy);

    /// <summary>
    /// A writable copy of the built-in types with <paramref name="distro"/>'s definitions of the interfaces that differ
    /// between distros (e.g. <c>InterfaceDistros.FromEnvironment()</c> for a bag recorder or the topic CLI on Humble):
    /// their definitions, dynamic decoding and Jazzy type hashes follow the registry.
    /// </summary>
    public static MessageRegistry CreateDefault(InterfaceDistro distro) => new(readOnly: false, distro);

    public IEnumerable<RosMessageType> Types => _types.Values.OrderBy(t => t.TypeName, StringComparer.Ordinal);

    public IEnumerable<RosServiceType> Services => _services.Values.OrderBy(s => s.Name, StringComparer.Ordinal);

    public IEnumerable<RosActionType> Actions => _actions.Values.OrderBy(a => a.Name, StringComparer.Ordinal);

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

    /// <summary>
    /// Adds a service known only by its <c>.srv</c> text (request, a <c>---</c> line, response): its parts become the
    /// definition-only types <c>pkg/srv/Service_Request</c> and <c>_Response</c>.
    /// </summary>
    /// <param name="serviceType"><c>pkg/srv/Service</c> or <c>pkg/Service</c>.</param>
    public MessageRegistry RegisterService(string serviceType, string srvText)
    {
        var service = new RosServiceType(RosTypeName.NormalizeService(serviceType), srvText);
        var parts = InterfaceText.Split(service.Name, srvText, "request", "response");
        AddDefinitions([(service.RequestType, parts[0]), (service.ResponseType, parts[1])]);
        _services[service.Name] = service;
        return this;
    }

    /// <summary>Adds a service whose two parts have C# records; the service's name and text come from theirs.</summary>
    public MessageRegistry RegisterService<TRequest, TResponse>()
        where TRequest : IRosMessage<TRequest>
        where TResponse : IRosMessage<TResponse>
    {
        var name = RosTypeName.PartOwner(TRequest.TypeName, "srv", "_Request");
        var service = new RosServiceType(name, InterfaceText.Join(TRequest.Definition, TResponse.Definition));
        ExpectPart(TResponse.TypeName, service.ResponseType, "response");
        Register<TRequest>();
        Register<TResponse>();
        _services[name] = service;
        return this;
    }

    /// <summary>
    /// Adds an action known only by its <c>.action</c> text (goal, <c>---</c>, result, <c>---</c>, feedback): its parts
    /// and the five wrappers (<see cref="RosActionType"/>) become definition-only types.
    /// </summary>
    /// <param name="actionType"><c>pkg/action/Action</c> or <c>pkg/Action</c>.</param>
    public MessageRegistry RegisterAction(string actionType, string actionText)
    {
        var action = new RosActionType(RosTypeName.NormalizeAction(actionType), actionText);
        var parts = InterfaceText.Split(action.Name, actionText, "goal", "result", "feedback");
        AddDefinitions([
            (action.GoalType, parts[0]),
            (action.ResultType, parts[1]),
            (action.FeedbackType, parts[2]),
            .. action.Wrappers().Select(w => (w.TypeName, new InterfaceText.Part(w.Definition, 1))),
        ]);
        _actions[action.Name] = action;
        return this;
    }

    /// <summary>Adds an action whose three parts have C# records; the five wrappers get typed records too.</summary>
    public MessageRegistry RegisterAction<TGoal, TResult, TFeedback>()
        where TGoal : IRosMessage<TGoal>
        where TResult : IRosMessage<TResult>
        where TFeedback : IRosMessage<TFeedback>
    {
        var name = RosTypeName.PartOwner(TGoal.TypeName, "action", "_Goal");
        var action = new RosActionType(name, InterfaceText.Join(TGoal.Definition, TResult.Definition, TFeedback.Definition));
        ExpectPart(TResult.TypeName, action.ResultType, "result");
        ExpectPart(TFeedback.TypeName, action.FeedbackType, "feedback");
        Register<TGoal>();
        Register<TResult>();
        Register<TFeedback>();
        Register<SendGoalRequest<TGoal>>();
        Register<SendGoalResponse<TGoal>>();
        Register<GetResultRequest<TResult>>();
        Register<GetResultResponse<TResult>>();
        Register<FeedbackMessage<TFeedback>>();
        _actions[name] = action;
        return this;
    }

    /// <summary>Looks a service up by <c>pkg/srv/Service</c> or <c>pkg/Service</c>.</summary>
    public bool TryGetService(string serviceType, [NotNullWhen(true)] out RosServiceType? service)
    {
        service = null;
        return TryNormalize(serviceType, RosTypeName.NormalizeService, out var name) && _services.TryGetValue(name, out service);
    }

    public RosServiceType GetService(string serviceType) => TryGetService(serviceType, out var service)
        ? service
        : throw new KeyNotFoundException(
            $"service type '{serviceType}' is not registered; known: {string.Join(", ", _services.Keys.Order(StringComparer.Ordinal))}");

    /// <summary>Looks an action up by <c>pkg/action/Action</c> or <c>pkg/Action</c>.</summary>
    public bool TryGetAction(string actionType, [NotNullWhen(true)] out RosActionType? action)
    {
        action = null;
        return TryNormalize(actionType, RosTypeName.NormalizeAction, out var name) && _actions.TryGetValue(name, out action);
    }

    public RosActionType GetAction(string actionType) => TryGetAction(actionType, out var action)
        ? action
        : throw new KeyNotFoundException(
            $"action type '{actionType}' is not registered; known: {string.Join(", ", _actions.Keys.Order(StringComparer.Ordinal))}");

    /// <summary>Looks a type up by <c>pkg/msg/Type</c> or <c>pkg/Type</c>.</summary>
    public bool TryGet(string typeName, [NotNullWhen(true)] out RosMessageType? type)
    {
        type = null;
        return TryNormalize(typeName, RosTypeName.Normalize, out var name) && _types.TryGetValue(name, out type);
    }

    public RosMessageType Get(string typeName) => TryGet(typeName, out var type)
        ? type
        : throw new KeyNotFoundException(
            $"message type '{typeName}' is not registered; known: {string.Join(", ", _types.Keys.Order(StringComparer.Ordinal))}");

    /// <summary>The root type and its dependencies, parsed, ready for <see cref="Dynamic.DynamicMessageDecoder"/>.</summary>
    public MessageDefinitionSet DefinitionSet(string typeName) => MessageDefinitionSet.FromRegistry(typeName, this);

    private static bool TryNormalize(string name, Func<string, string> normalize, [NotNullWhen(true)] out string? normalized)
    {
        try
        {
            normalized = normalize(name);
            return true;
        }
        catch (ArgumentException)
        {
            normalized = null;
            return false;
        }
    }

    private static void ExpectPart(string actual, string expected, string part)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"'{actual}' cannot be the {part} type here; its service or action expects '{expected}'");
        }
    }

    /// <summary>Parses every part first, so a bad part leaves the registry unchanged; errors give the line in the whole text.</summary>
    private void AddDefinitions(IReadOnlyList<(string TypeName, InterfaceText.Part Part)> definitions)
    {
        CheckWritable();
        foreach (var (typeName, part) in definitions)
        {
            MessageDefinitionParser.Parse(typeName, part.Text, part.FirstLine);
        }
        foreach (var (typeName, part) in definitions)
        {
            Add(new RosMessageType(typeName, part.Text, null, null, null));
        }
    }

    private void Add(RosMessageType type)
    {
        CheckWritable();
        _types[type.TypeName] = type;
    }

    private void CheckWritable()
    {
        if (_readOnly)
        {
            throw new InvalidOperationException("MessageRegistry.Default is read-only; register types in MessageRegistry.CreateDefault()");
        }
    }

    /// <summary>The controller_manager_msgs types whose layout depends on the distro; a second call replaces the first's.</summary>
    private void RegisterControllerManager<TDistro>()
        where TDistro : IControllerManagerDistro
    {
        Register<ControllerState<TDistro>>();
        RegisterService<ListControllersRequest, ListControllersResponse<TDistro>>();
        RegisterService<SwitchControllerRequest<TDistro>, SwitchControllerResponse<TDistro>>();
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

        Register<Duration>();
        Register<UUID>();
        Register<Float64MultiArray>();
        Register<Int8>();
        Register<Empty>();
        Register<Transform>();
        Register<TransformStamped>();
        Register<TFMessage>();
        Register<JointTrajectoryPoint>();
        Register<JointTrajectory>();
        Register<MultiDOFJointTrajectoryPoint>();
        Register<MultiDOFJointTrajectory>();
        Register<ControlMsgs.GripperCommand>();
        Register<JointJog>();
        Register<JointTolerance>();
        Register<JointComponentTolerance>();

        // Actions and what every action server uses.
        Register<GoalInfo>();
        Register<GoalStatus>();
        Register<GoalStatusArray>();
        RegisterService<CancelGoalRequest, CancelGoalResponse>();
        RegisterAction<GripperCommandGoal, GripperCommandResult, GripperCommandFeedback>();
        RegisterAction<FollowJointTrajectoryGoal, FollowJointTrajectoryResult, FollowJointTrajectoryFeedback>();

        // Parameters: the messages and the six services of every rclcpp node.
        Register<RclInterfaces.ParameterType>();
        Register<RclInterfaces.ParameterValue>();
        Register<Parameter>();
        Register<FloatingPointRange>();
        Register<IntegerRange>();
        Register<RclInterfaces.ParameterDescriptor>();
        Register<SetParametersResult>();
        Register<ListParametersResult>();
        Register<ParameterEvent>();
        RegisterService<GetParametersRequest, GetParametersResponse>();
        RegisterService<GetParameterTypesRequest, GetParameterTypesResponse>();
        RegisterService<SetParametersRequest, SetParametersResponse>();
        RegisterService<SetParametersAtomicallyRequest, SetParametersAtomicallyResponse>();
        RegisterService<DescribeParametersRequest, DescribeParametersResponse>();
        RegisterService<ListParametersRequest, ListParametersResponse>();

        // ros2_control's controller_manager and MoveIt Servo (Jazzy API); see InterfaceDistro for Humble's.
        Register<ChainConnection>();
        RegisterControllerManager<Jazzy>();
        Register<ServoStatus>();
        RegisterService<ServoCommandTypeRequest, ServoCommandTypeResponse>();

        RegisterService<EmptyRequest, EmptyResponse>();
        RegisterService<TriggerRequest, TriggerResponse>();
        RegisterService<SetBoolRequest, SetBoolResponse>();
        RegisterService<AddTwoIntsRequest, AddTwoIntsResponse>();
    }
}
