using SparshRobot.Ros.Cdr;

namespace SparshRobot.Ros.Messages;

/// <summary>
/// The wire form of a type without fields (<c>std_msgs/msg/Empty</c>, an empty service or action part, a message of
/// constants only): C structs cannot be empty, so rosidl gives it one member, <c>uint8 structure_needs_at_least_one_member</c>,
/// written as a single 0 byte. The <c>.msg</c> text does not show it, but it is on the wire and in the type hash.
/// </summary>
public static class EmptyStruct
{
    /// <summary>The member's name (<c>rosidl_parser/definition.py</c> <c>EMPTY_STRUCTURE_REQUIRED_MEMBER_NAME</c>).</summary>
    public const string MemberName = "structure_needs_at_least_one_member";

    public static void Write(CdrWriter writer) => writer.WriteByte(0);

    /// <summary>Reads and drops the byte; rosidl never reads its value either.</summary>
    public static void Read(ref CdrReader reader, string typeName) => reader.ReadByte($"{typeName}.{MemberName}");
}

/// <summary>
/// Base of the records of types without fields: the codec is <see cref="EmptyStruct"/>'s byte and every instance is
/// equal, so <see cref="Instance"/> serves for all. A derived record supplies only its name and definition.
/// </summary>
public abstract record EmptyMessage<TSelf>
    where TSelf : EmptyMessage<TSelf>, IRosMessage<TSelf>, new()
{
    public static TSelf Instance { get; } = new();

    public void Serialize(CdrWriter writer) => EmptyStruct.Write(writer);

    public static TSelf Deserialize(ref CdrReader reader)
    {
        EmptyStruct.Read(ref reader, TSelf.TypeName);
        return Instance;
    }
}
