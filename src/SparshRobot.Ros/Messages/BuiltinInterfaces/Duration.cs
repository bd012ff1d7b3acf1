using SparshRobot.Ros.Cdr;

namespace SparshRobot.Ros.Messages.BuiltinInterfaces;

/// <summary><c>builtin_interfaces/msg/Duration</c>: whole seconds (may be negative) plus 0..999,999,999 nanoseconds.</summary>
public sealed record Duration(int Sec, uint Nanosec) : IRosMessage<Duration>
{
    public static Duration Zero { get; } = new(0, 0);

    public static string TypeName => "builtin_interfaces/msg/Duration";

    public static string Definition => "int32 sec\nuint32 nanosec\n";

    /// <summary>
    /// Splits <paramref name="span"/> as rclcpp does, flooring to whole seconds so the nanoseconds stay
    /// non-negative (-0.5 s is sec -1, nanosec 500,000,000); fails when the seconds do not fit an int32.
    /// </summary>
    public static Duration From(TimeSpan span)
    {
        var (sec, ticks) = Math.DivRem(span.Ticks, TimeSpan.TicksPerSecond);
        if (ticks < 0)
        {
            sec--;
            ticks += TimeSpan.TicksPerSecond;
        }
        if (sec is < int.MinValue or > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(span), span, "builtin_interfaces/Duration holds at most int32 seconds");
        }
        return new((int)sec, (uint)(ticks * 100));
    }

    public TimeSpan ToTimeSpan() => TimeSpan.FromTicks(Sec * TimeSpan.TicksPerSecond + Nanosec / 100);

    public void Serialize(CdrWriter writer)
    {
        writer.WriteInt32(Sec);
        writer.WriteUInt32(Nanosec);
    }

    public static Duration Deserialize(ref CdrReader reader) =>
        new(reader.ReadInt32("Duration.sec"), reader.ReadUInt32("Duration.nanosec"));
}
