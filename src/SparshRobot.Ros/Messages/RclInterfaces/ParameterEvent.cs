using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Messages.BuiltinInterfaces;

namespace SparshRobot.Ros.Messages.RclInterfaces;

/// <summary><c>rcl_interfaces/msg/ParameterEvent</c>, published on <c>/parameter_events</c>; <see cref="Node"/> is fully qualified.</summary>
public sealed record ParameterEvent(
    Time Stamp,
    string Node,
    IReadOnlyList<Parameter> NewParameters,
    IReadOnlyList<Parameter> ChangedParameters,
    IReadOnlyList<Parameter> DeletedParameters) : IRosMessage<ParameterEvent>
{
    public static string TypeName => "rcl_interfaces/msg/ParameterEvent";

    public static string Definition =>
        "builtin_interfaces/Time stamp\nstring node\nParameter[] new_parameters\nParameter[] changed_parameters\nParameter[] deleted_parameters\n";

    public void Serialize(CdrWriter writer)
    {
        Stamp.Serialize(writer);
        writer.WriteString(Node);
        MessageSequence.Write(writer, NewParameters);
        MessageSequence.Write(writer, ChangedParameters);
        MessageSequence.Write(writer, DeletedParameters);
    }

    public static ParameterEvent Deserialize(ref CdrReader reader) => new(
        Time.Deserialize(ref reader),
        reader.ReadString("ParameterEvent.node"),
        MessageSequence.Read<Parameter>(ref reader, Parameter.MinEncodedSize, "ParameterEvent.new_parameters"),
        MessageSequence.Read<Parameter>(ref reader, Parameter.MinEncodedSize, "ParameterEvent.changed_parameters"),
        MessageSequence.Read<Parameter>(ref reader, Parameter.MinEncodedSize, "ParameterEvent.deleted_parameters"));
}
