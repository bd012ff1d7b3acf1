using SparshRobot.Ros.Cdr;

namespace SparshRobot.Ros.Messages.ControllerManagerMsgs;

/// <summary>
/// <c>controller_manager_msgs/msg/ControllerState</c> in <typeparamref name="TDistro"/>'s layout (one entry of
/// <c>list_controllers</c>). The parameters follow Jazzy's (4.28+) field order; <paramref name="IsAsync"/>,
/// <paramref name="UpdateRate"/> and <paramref name="ExportedStateInterfaces"/> exist only there, and encoding a Humble
/// state with any of them set fails.
/// </summary>
/// <param name="State">The lifecycle state: <c>unconfigured</c>, <c>inactive</c>, <c>active</c> or <c>finalized</c>.</param>
/// <param name="IsAsync">Jazzy only: whether the controller runs in its own thread.</param>
/// <param name="UpdateRate">Jazzy only: the controller's update rate (Hz; 0 means the controller_manager's).</param>
/// <param name="ExportedStateInterfaces">Jazzy only: state interfaces a chainable controller exports.</param>
public sealed record ControllerState<TDistro>(
    string Name,
    string State,
    string Type,
    bool IsAsync,
    ushort UpdateRate,
    IReadOnlyList<string> ClaimedInterfaces,
    IReadOnlyList<string> RequiredCommandInterfaces,
    IReadOnlyList<string> RequiredStateInterfaces,
    bool IsChainable,
    bool IsChained,
    IReadOnlyList<string> ExportedStateInterfaces,
    IReadOnlyList<string> ReferenceInterfaces,
    IReadOnlyList<ChainConnection> ChainConnections) : IRosMessage<ControllerState<TDistro>>
    where TDistro : IControllerManagerDistro
{
    /// <summary>Lower bound on the encoded size of either layout: three empty strings, two bools, five empty sequences.</summary>
    internal const int MinEncodedSize = 3 * 5 + 2 + (5 * 4);

    private const string HumbleDefinition = """
        string name
        string state
        string type
        string[] claimed_interfaces
        string[] required_command_interfaces
        string[] required_state_interfaces
        bool is_chainable
        bool is_chained
        string[] reference_interfaces
        ChainConnection[] chain_connections

        """;

    private const string JazzyDefinition = """
        string name
        string state
        string type
        bool is_async
        uint16 update_rate
        string[] claimed_interfaces
        string[] required_command_interfaces
        string[] required_state_interfaces
        bool is_chainable
        bool is_chained
        string[] exported_state_interfaces
        string[] reference_interfaces
        ChainConnection[] chain_connections

        """;

    public static string TypeName => "controller_manager_msgs/msg/ControllerState";

    public static string Definition => TDistro.Distro == InterfaceDistro.Jazzy ? JazzyDefinition : HumbleDefinition;

    public void Serialize(CdrWriter writer)
    {
        var jazzy = TDistro.Distro == InterfaceDistro.Jazzy;
        if (!jazzy)
        {
            DistroFields.RequireUnset(IsAsync, TDistro.Distro, TypeName, "is_async");
            DistroFields.RequireUnset(UpdateRate != 0, TDistro.Distro, TypeName, "update_rate");
            DistroFields.RequireUnset(ExportedStateInterfaces.Count > 0, TDistro.Distro, TypeName, "exported_state_interfaces");
        }
        writer.WriteString(Name);
        writer.WriteString(State);
        writer.WriteString(Type);
        if (jazzy)
        {
            writer.WriteBool(IsAsync);
            writer.WriteUInt16(UpdateRate);
        }
        MessageSequence.WriteStrings(writer, ClaimedInterfaces);
        MessageSequence.WriteStrings(writer, RequiredCommandInterfaces);
        MessageSequence.WriteStrings(writer, RequiredStateInterfaces);
        writer.WriteBool(IsChainable);
        writer.WriteBool(IsChained);
        if (jazzy)
        {
            MessageSequence.WriteStrings(writer, ExportedStateInterfaces);
        }
        MessageSequence.WriteStrings(writer, ReferenceInterfaces);
        MessageSequence.Write(writer, ChainConnections);
    }

    public static ControllerState<TDistro> Deserialize(ref CdrReader reader)
    {
        var jazzy = TDistro.Distro == InterfaceDistro.Jazzy;
        var name = reader.ReadString("ControllerState.name");
        var state = reader.ReadString("ControllerState.state");
        var type = reader.ReadString("ControllerState.type");
        var isAsync = jazzy && reader.ReadBool("ControllerState.is_async");
        var updateRate = jazzy ? reader.ReadUInt16("ControllerState.update_rate") : (ushort)0;
        var claimed = MessageSequence.ReadStrings(ref reader, "ControllerState.claimed_interfaces");
        var requiredCommand = MessageSequence.ReadStrings(ref reader, "ControllerState.required_command_interfaces");
        var requiredState = MessageSequence.ReadStrings(ref reader, "ControllerState.required_state_interfaces");
        var isChainable = reader.ReadBool("ControllerState.is_chainable");
        var isChained = reader.ReadBool("ControllerState.is_chained");
        string[] exported = jazzy ? MessageSequence.ReadStrings(ref reader, "ControllerState.exported_state_interfaces") : [];
        var references = MessageSequence.ReadStrings(ref reader, "ControllerState.reference_interfaces");
        var chains = MessageSequence.Read<ChainConnection>(ref reader, ChainConnection.MinEncodedSize, "ControllerState.chain_connections");
        return new(name, state, type, isAsync, updateRate, claimed, requiredCommand, requiredState, isChainable, isChained, exported, references, chains);
    }
}
