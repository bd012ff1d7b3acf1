using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages.BuiltinInterfaces;

namespace SparshRobot.Ros.Messages.ControllerManagerMsgs;

// controller_manager_msgs/srv/SwitchController (/controller_manager/switch_controller).

/// <summary>
/// <c>controller_manager_msgs/srv/SwitchController_Request</c> in <typeparamref name="TDistro"/>'s layout. Humble also
/// carries the deprecated <c>start_controllers</c>, <c>stop_controllers</c> and <c>start_asap</c>; encoding a Jazzy
/// request with those set fails. <see cref="Timeout"/> zero waits for ever.
/// </summary>
public sealed record SwitchControllerRequest<TDistro>(
    IReadOnlyList<string> ActivateControllers,
    IReadOnlyList<string> DeactivateControllers,
    int Strictness,
    bool ActivateAsap,
    Duration Timeout) : IRosMessage<SwitchControllerRequest<TDistro>>
    where TDistro : IControllerManagerDistro
{
    public const int BestEffort = 1;
    public const int Strict = 2;

    /// <summary>Jazzy 4.28+ only: resolve the controller chain automatically.</summary>
    public const int Auto = 3;

    /// <summary>Jazzy 4.31+ only: also deactivate whatever blocks the activation.</summary>
    public const int ForceAuto = 4;

    private const string HumbleDefinition = """
        int32 BEST_EFFORT=1
        int32 STRICT=2

        string[] activate_controllers
        string[] deactivate_controllers
        string[] start_controllers
        string[] stop_controllers
        int32 strictness
        bool start_asap
        bool activate_asap
        builtin_interfaces/Duration timeout

        """;

    private const string JazzyDefinition = """
        int32 BEST_EFFORT=1
        int32 STRICT=2
        int32 AUTO=3
        int32 FORCE_AUTO=4

        string[] activate_controllers
        string[] deactivate_controllers
        int32 strictness
        bool activate_asap
        builtin_interfaces/Duration timeout

        """;

    /// <summary>Humble only (deprecated there): the old name of <see cref="ActivateControllers"/>.</summary>
    public IReadOnlyList<string> StartControllers { get; init; } = [];

    /// <summary>Humble only (deprecated there): the old name of <see cref="DeactivateControllers"/>.</summary>
    public IReadOnlyList<string> StopControllers { get; init; } = [];

    /// <summary>Humble only (deprecated there): the old name of <see cref="ActivateAsap"/>.</summary>
    public bool StartAsap { get; init; }

    public static string TypeName => "controller_manager_msgs/srv/SwitchController_Request";

    public static string Definition => TDistro.Distro == InterfaceDistro.Jazzy ? JazzyDefinition : HumbleDefinition;

    public void Serialize(CdrWriter writer)
    {
        var humble = TDistro.Distro == InterfaceDistro.Humble;
        if (!humble)
        {
            DistroFields.RequireUnset(StartControllers.Count > 0, TDistro.Distro, TypeName, "start_controllers");
            DistroFields.RequireUnset(StopControllers.Count > 0, TDistro.Distro, TypeName, "stop_controllers");
            DistroFields.RequireUnset(StartAsap, TDistro.Distro, TypeName, "start_asap");
        }
        MessageSequence.WriteStrings(writer, ActivateControllers);
        MessageSequence.WriteStrings(writer, DeactivateControllers);
        if (humble)
        {
            MessageSequence.WriteStrings(writer, StartControllers);
            MessageSequence.WriteStrings(writer, StopControllers);
        }
        writer.WriteInt32(Strictness);
        if (humble)
        {
            writer.WriteBool(StartAsap);
        }
        writer.WriteBool(ActivateAsap);
        Timeout.Serialize(writer);
    }

    public static SwitchControllerRequest<TDistro> Deserialize(ref CdrReader reader)
    {
        var humble = TDistro.Distro == InterfaceDistro.Humble;
        var activate = MessageSequence.ReadStrings(ref reader, "SwitchController_Request.activate_controllers");
        var deactivate = MessageSequence.ReadStrings(ref reader, "SwitchController_Request.deactivate_controllers");
        string[] start = humble ? MessageSequence.ReadStrings(ref reader, "SwitchController_Request.start_controllers") : [];
        string[] stop = humble ? MessageSequence.ReadStrings(ref reader, "SwitchController_Request.stop_controllers") : [];
        var strictness = reader.ReadInt32("SwitchController_Request.strictness");
        var startAsap = humble && reader.ReadBool("SwitchController_Request.start_asap");
        var activateAsap = reader.ReadBool("SwitchController_Request.activate_asap");
        return new(activate, deactivate, strictness, activateAsap, Duration.Deserialize(ref reader))
        {
            StartControllers = start,
            StopControllers = stop,
            StartAsap = startAsap,
        };
    }
}

/// <summary>
/// <c>controller_manager_msgs/srv/SwitchController_Response</c>: Jazzy 4.28+ adds a human-readable
/// <see cref="Message"/>, which must stay empty when encoding for Humble.
/// </summary>
public sealed record SwitchControllerResponse<TDistro>(bool Ok, string Message = "") : IRosMessage<SwitchControllerResponse<TDistro>>
    where TDistro : IControllerManagerDistro
{
    public static string TypeName => "controller_manager_msgs/srv/SwitchController_Response";

    public static string Definition => TDistro.Distro == InterfaceDistro.Jazzy ? "bool ok\nstring message\n" : "bool ok\n";

    public void Serialize(CdrWriter writer)
    {
        writer.WriteBool(Ok);
        if (TDistro.Distro == InterfaceDistro.Jazzy)
        {
            writer.WriteString(Message);
        }
        else
        {
            DistroFields.RequireUnset(Message.Length > 0, TDistro.Distro, TypeName, "message");
        }
    }

    public static SwitchControllerResponse<TDistro> Deserialize(ref CdrReader reader) => new(
        reader.ReadBool("SwitchController_Response.ok"),
        TDistro.Distro == InterfaceDistro.Jazzy ? reader.ReadString("SwitchController_Response.message") : "");
}
