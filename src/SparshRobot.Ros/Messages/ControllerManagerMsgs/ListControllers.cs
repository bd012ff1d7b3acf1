using SparshRobot.Ros.Cdr;

namespace SparshRobot.Ros.Messages.ControllerManagerMsgs;

// controller_manager_msgs/srv/ListControllers (/controller_manager/list_controllers).

/// <summary><c>controller_manager_msgs/srv/ListControllers_Request</c>: no fields.</summary>
public sealed record ListControllersRequest : EmptyMessage<ListControllersRequest>, IRosMessage<ListControllersRequest>
{
    public static string TypeName => "controller_manager_msgs/srv/ListControllers_Request";

    public static string Definition => "";
}

/// <summary><c>controller_manager_msgs/srv/ListControllers_Response</c>: every loaded controller, in <typeparamref name="TDistro"/>'s layout.</summary>
public sealed record ListControllersResponse<TDistro>(IReadOnlyList<ControllerState<TDistro>> Controller)
    : IRosMessage<ListControllersResponse<TDistro>>
    where TDistro : IControllerManagerDistro
{
    public static string TypeName => "controller_manager_msgs/srv/ListControllers_Response";

    public static string Definition => "ControllerState[] controller\n";

    public void Serialize(CdrWriter writer) => MessageSequence.Write(writer, Controller);

    public static ListControllersResponse<TDistro> Deserialize(ref CdrReader reader) => new(
        MessageSequence.Read<ControllerState<TDistro>>(ref reader, ControllerState<TDistro>.MinEncodedSize, "ListControllers_Response.controller"));
}
