namespace SparshRobot.Testing;

/// <summary>A clock that moves only when told, so timeouts and expiry can be tested without waiting for them.</summary>
public sealed class ManualTime : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public void Advance(TimeSpan span) => Interlocked.Add(ref _ticks, span.Ticks);
}
