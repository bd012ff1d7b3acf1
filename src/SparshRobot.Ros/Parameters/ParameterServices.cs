using SparshRobot.Ros.Messages.BuiltinInterfaces;
using SparshRobot.Ros.Messages.RclInterfaces;
using SparshRobot.Ros.Node;
using SparshRobot.Ros.Transport;
using Msg = SparshRobot.Ros.Messages.RclInterfaces;

namespace SparshRobot.Ros.Parameters;

/// <summary>
/// Serves a node's <see cref="ParameterStore"/> as rclcpp does: the six <c>rcl_interfaces</c> services under
/// <c>~/</c> (so <c>ros2 param</c> and parameter clients work on our nodes) and every declaration or accepted change on
/// <c>/parameter_events</c>; a NOT_SET value in a set undeclares a dynamically typed parameter. Requests naming an undeclared parameter get an empty answer from the get, describe and
/// types services, a refused result from set, and rclcpp's "not declared" reason from the atomic set.
/// </summary>
internal sealed class ParameterServices : IDisposable
{
    /// <summary>The reason rclcpp gives when an atomic set names an undeclared parameter.</summary>
    public const string NotDeclaredAtomically = "One or more parameters were not declared before setting";

    private readonly RosNode _node;
    private readonly Publisher<ParameterEvent> _events;
    private readonly IDisposable[] _services;

    public ParameterServices(RosNode node)
    {
        _node = node;
        var store = node.Parameters;
        var qos = QosProfile.Parameters;
        _events = node.CreatePublisher<ParameterEvent>("/parameter_events", QosProfile.Parameters);
        _services =
        [
            node.CreateService<GetParametersRequest, GetParametersResponse>("~/get_parameters", r =>
                new GetParametersResponse(AllDeclared(r.Names) ? [.. r.Names.Select(n => Msg.ParameterValue.From(store.Get(n)))] : []), qos),
            node.CreateService<GetParameterTypesRequest, GetParameterTypesResponse>("~/get_parameter_types", r =>
                new GetParameterTypesResponse(AllDeclared(r.Names) ? [.. r.Names.Select(n => (byte)store.Get(n).Type)] : []), qos),
            node.CreateService<DescribeParametersRequest, DescribeParametersResponse>("~/describe_parameters", r =>
                new DescribeParametersResponse(AllDeclared(r.Names) ? [.. r.Names.Select(n => ToMessage(store.Describe(n)))] : []), qos),
            node.CreateService<ListParametersRequest, ListParametersResponse>("~/list_parameters", r =>
            {
                var (names, prefixes) = store.List(r.Prefixes, r.Depth);
                return new ListParametersResponse(new ListParametersResult(names, prefixes));
            }, qos),
            node.CreateService<SetParametersRequest, SetParametersResponse>("~/set_parameters", r =>
                new SetParametersResponse([.. r.Parameters.Select(p => ToMessage(store.TrySet([Change(p)])))]), qos),
            node.CreateService<SetParametersAtomicallyRequest, SetParametersAtomicallyResponse>("~/set_parameters_atomically", r =>
                new SetParametersAtomicallyResponse(r.Parameters.All(p => store.IsDeclared(p.Name))
                    ? ToMessage(store.TrySet([.. r.Parameters.Select(Change)]))
                    : new SetParametersResult(false, NotDeclaredAtomically)), qos),
        ];
        store.Event += Publish;

        bool AllDeclared(IEnumerable<string> names) => names.All(store.IsDeclared);
    }

    private void Publish(ParameterEventArgs change) => _events.Publish(new ParameterEvent(
        Time.From(_node.Clock.Now()),
        _node.FullyQualifiedName,
        [.. change.New.Select(ToMessage)],
        [.. change.Changed.Select(ToMessage)],
        [.. change.Deleted.Select(ToMessage)]));

    private static ParameterChange Change(Parameter p) => new(p.Name, p.Value.ToValue());

    private static Parameter ToMessage(ParameterChange c) => new(c.Name, Msg.ParameterValue.From(c.Value));

    private static SetParametersResult ToMessage(ParameterSetResult r) => new(r.Successful, r.Reason);

    private static Msg.ParameterDescriptor ToMessage(ParameterDescriptor d) => new(
        d.Name, (byte)d.Type, d.Description, d.AdditionalConstraints, d.ReadOnly, d.DynamicTyping,
        d.FloatingPointRange is { } f ? [new Msg.FloatingPointRange(f.From, f.To, f.Step)] : [],
        d.IntegerRange is { } i ? [new Msg.IntegerRange(i.From, i.To, i.Step)] : []);

    public void Dispose()
    {
        _node.Parameters.Event -= Publish;
        foreach (var service in _services)
        {
            service.Dispose();
        }
        _events.Dispose();
    }
}
