using SparshRobot.Ros.Messages.Definitions;

namespace SparshRobot.Ros.Messages.TypeHashes;

/// <summary>
/// The descriptions rosidl derives from a service <c>pkg/srv/S</c>: the service itself (fields <c>request_message</c>,
/// <c>response_message</c>, <c>event_message</c>), <c>S_Request</c>, <c>S_Response</c> and the introspection message
/// <c>S_Event</c>. rmw puts the request's hash on the request topic and the response's on the reply topic.
/// </summary>
public sealed record ServiceTypeDescription(TypeDescription Service, TypeDescription Request, TypeDescription Response, TypeDescription Event)
{
    /// <summary>Describes <paramref name="serviceType"/> (<c>pkg/srv/S</c>) from its parsed request and response; the
    /// types they refer to come from <paramref name="registry"/> (the built-in one unless given). The specs' own names
    /// are not used.</summary>
    public static ServiceTypeDescription Create(string serviceType, MessageSpec request, MessageSpec response, MessageRegistry? registry = null)
    {
        var name = InterfaceText.FullName(serviceType, "srv");
        return Create(TypeTable.ForRegistry(registry), name, IndividualTypeDescription.From(name + "_Request", request),
            IndividualTypeDescription.From(name + "_Response", response));
    }

    /// <summary>Describes <paramref name="serviceType"/> from its <c>.srv</c> text (request, <c>---</c>, response).</summary>
    public static ServiceTypeDescription Parse(string serviceType, string srvText, MessageRegistry? registry = null)
    {
        var name = InterfaceText.FullName(serviceType, "srv");
        var sections = InterfaceText.Sections(name, srvText, 2);
        return Create(name, InterfaceText.ParsePart(name + "_Request", sections[0].Text, sections[0].FirstLine),
            InterfaceText.ParsePart(name + "_Response", sections[1].Text, sections[1].FirstLine), registry);
    }

    /// <summary>Adds the service's types to <paramref name="table"/> and describes them (actions compose two services).</summary>
    internal static ServiceTypeDescription Create(TypeTable table, string name, IndividualTypeDescription request, IndividualTypeDescription response)
    {
        table.Add(request);
        table.Add(response);
        var eventName = name + "_Event";
        table.Add(new IndividualTypeDescription(eventName,
        [
            TypeDescriptionField.Nested("info", TypeTable.ServiceEventInfo),
            TypeDescriptionField.Nested("request", request.TypeName, ArrayKind.Bounded, 1),
            TypeDescriptionField.Nested("response", response.TypeName, ArrayKind.Bounded, 1),
        ]));
        table.Add(new IndividualTypeDescription(name,
        [
            TypeDescriptionField.Nested("request_message", request.TypeName),
            TypeDescriptionField.Nested("response_message", response.TypeName),
            TypeDescriptionField.Nested("event_message", eventName),
        ]));
        return new ServiceTypeDescription(table.Describe(name), table.Describe(request.TypeName), table.Describe(response.TypeName), table.Describe(eventName));
    }
}
