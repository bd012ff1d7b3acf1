namespace SparshRobot.Ros.Messages.StdMsgs;

/// <summary><c>std_msgs/msg/Empty</c>: no fields, one byte on the wire (<see cref="EmptyStruct"/>).</summary>
public sealed record Empty : EmptyMessage<Empty>, IRosMessage<Empty>
{
    public static string TypeName => "std_msgs/msg/Empty";

    public static string Definition => "";
}
