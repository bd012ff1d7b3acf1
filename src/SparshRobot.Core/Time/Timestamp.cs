namespace SparshRobot.Core.Time;

/// <summary>
/// A ROS 2 compatible instant: <c>builtin_interfaces/Time</c> seconds and nanoseconds, tagged with the clock it
/// was read from so that a monotonic stamp is never mistaken for a wall-clock one.
/// </summary>
public readonly record struct Timestamp : IComparable<Timestamp>
{
    public const long NanosecondsPerSecond = 1_000_000_000;

    public Timestamp(int sec, uint nanosec, ClockKind clock)
    {
        if (nanosec >= NanosecondsPerSecond)
        {
            throw new ArgumentOutOfRangeException(nameof(nanosec), nanosec, "nanosec must be below 1e9");
        }
        Sec = sec;
        Nanosec = nanosec;
        Clock = clock;
    }

    public int Sec { get; }

    public uint Nanosec { get; }

    public ClockKind Clock { get; }

    public long TotalNanoseconds => Sec * NanosecondsPerSecond + Nanosec;

    public double TotalSeconds => Sec + Nanosec / 1e9;

    /// <summary>Builds a stamp from nanoseconds; negative values floor towards minus infinity as ROS 2 does.</summary>
    public static Timestamp FromNanoseconds(long nanoseconds, ClockKind clock)
    {
        var sec = Math.DivRem(nanoseconds, NanosecondsPerSecond, out var rem);
        if (rem < 0)
        {
            sec -= 1;
            rem += NanosecondsPerSecond;
        }
        if (sec is < int.MinValue or > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(nanoseconds), nanoseconds, "does not fit builtin_interfaces/Time (int32 seconds)");
        }
        return new Timestamp((int)sec, (uint)rem, clock);
    }

    public static Timestamp FromSeconds(double seconds, ClockKind clock) =>
        FromNanoseconds((long)Math.Round(seconds * 1e9), clock);

    public Timestamp Add(TimeSpan span) => FromNanoseconds(TotalNanoseconds + span.Ticks * 100, Clock);

    /// <summary>Elapsed time from <paramref name="earlier"/> to this stamp; both must come from the same clock.</summary>
    public TimeSpan Since(Timestamp earlier)
    {
        RequireSameClock(earlier);
        return TimeSpan.FromTicks((TotalNanoseconds - earlier.TotalNanoseconds) / 100);
    }

    public int CompareTo(Timestamp other)
    {
        RequireSameClock(other);
        return TotalNanoseconds.CompareTo(other.TotalNanoseconds);
    }

    public static bool operator <(Timestamp a, Timestamp b) => a.CompareTo(b) < 0;

    public static bool operator >(Timestamp a, Timestamp b) => a.CompareTo(b) > 0;

    public static bool operator <=(Timestamp a, Timestamp b) => a.CompareTo(b) <= 0;

    public static bool operator >=(Timestamp a, Timestamp b) => a.CompareTo(b) >= 0;

    public override string ToString() => $"{Sec}.{Nanosec:D9} ({Clock})";

    private void RequireSameClock(Timestamp other)
    {
        if (other.Clock != Clock)
        {
            throw new InvalidOperationException($"cannot compare a {Clock} stamp with a {other.Clock} stamp");
        }
    }
}
