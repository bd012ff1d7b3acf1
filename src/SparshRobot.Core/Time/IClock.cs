using System.Diagnostics;

namespace SparshRobot.Core.Time;

/// <summary>A source of <see cref="Timestamp"/>s. Nodes take a clock so the simulator can drive them in lock-step.</summary>
public interface IClock
{
    ClockKind Kind { get; }

    Timestamp Now();
}

/// <summary>Steady time from <see cref="Stopwatch"/>; never jumps.</summary>
public sealed class MonotonicClock : IClock
{
    public static MonotonicClock Instance { get; } = new();

    public ClockKind Kind => ClockKind.Monotonic;

    public Timestamp Now()
    {
        var ticks = Stopwatch.GetTimestamp();
        var nanos = (long)((Int128)ticks * Timestamp.NanosecondsPerSecond / Stopwatch.Frequency);
        return Timestamp.FromNanoseconds(nanos, ClockKind.Monotonic);
    }
}

/// <summary>Wall-clock time since the Unix epoch.</summary>
public sealed class WallClock : IClock
{
    public static WallClock Instance { get; } = new();

    public ClockKind Kind => ClockKind.Wall;

    public Timestamp Now() =>
        Timestamp.FromNanoseconds((DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100, ClockKind.Wall);
}

/// <summary>Simulated time that only moves when told to; the simulator owns one and publishes it on <c>/clock</c>.</summary>
public sealed class SimulatedClock(Timestamp start) : IClock
{
    private long _nanoseconds = start.TotalNanoseconds;

    public SimulatedClock()
        : this(new Timestamp(0, 0, ClockKind.Simulated))
    {
    }

    public ClockKind Kind => ClockKind.Simulated;

    public Timestamp Now() => Timestamp.FromNanoseconds(Interlocked.Read(ref _nanoseconds), ClockKind.Simulated);

    public void Advance(TimeSpan step)
    {
        if (step < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "simulated time never goes backwards");
        }
        Interlocked.Add(ref _nanoseconds, step.Ticks * 100);
    }
}
