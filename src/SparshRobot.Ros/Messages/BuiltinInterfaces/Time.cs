using SparshRobot.Core.Time;
using SparshRobot.Ros.Cdr;

namespace SparshRobot.Ros.Messages.BuiltinInterfaces;

/// <summary><c>builtin_interfaces/msg/Time</c>.</summary>
public sealed record Time(int Sec, uint Nanosec) : IRosMessage<Time>
{
    public static string TypeName => "builtin_interfaces/msg/Time";

    public static string Definition => "int32 sec\nuint32 nanosec\n";

    public static Time From(Timestamp stamp) => new(stamp.Sec, stamp.Nanosec);

    /// <summary>The wire carries no clock; the receiver states which clock the graph runs on.</summary>
    public Timestamp ToTimestamp(ClockKind clock) => new(Sec, Nanosec, clock);

    public void Serialize(CdrWriter writer)
    {
        writer.WriteInt32(Sec);
        writer.WriteUInt32(Nanosec);
    }

    public static Time Deserialize(ref CdrReader reader) =>
        new(reader.ReadInt32("Time.sec"), reader.ReadUInt32("Time.nanosec"));
}
