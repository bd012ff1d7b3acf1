namespace SparshRobot.Tactile.Capture;

/// <summary>Health of a capture source as consumers should treat it.</summary>
public enum SourceHealth
{
    NotStarted,
    Live,

    /// <summary>The sensor stopped delivering and reconnecting has not succeeded yet: there is no current frame.</summary>
    Stale,

    /// <summary>A finite source has delivered all its frames.</summary>
    Ended,
}

/// <summary>Counters a capture source exposes (read from any thread; written by the capturing thread).</summary>
public sealed class CaptureCounters
{
    private long _framesDelivered;
    private long _droppedFrames;
    private long _grabFailures;
    private long _reconnects;
    private long _staleEvents;
    private double _fps;

    public long FramesDelivered => Interlocked.Read(ref _framesDelivered);

    /// <summary>Frames the sensor produced that never reached us (sequence gaps on live cameras).</summary>
    public long DroppedFrames => Interlocked.Read(ref _droppedFrames);

    public long GrabFailures => Interlocked.Read(ref _grabFailures);

    /// <summary>Successful reopens after a failure.</summary>
    public long Reconnects => Interlocked.Read(ref _reconnects);

    /// <summary>Reads that ended in the stale state after all retries.</summary>
    public long StaleEvents => Interlocked.Read(ref _staleEvents);

    /// <summary>Achieved frame rate, exponentially averaged over recent frame intervals (0 until two frames).</summary>
    public double AchievedFps => Volatile.Read(ref _fps);

    internal void Delivered() => Interlocked.Increment(ref _framesDelivered);

    internal void Dropped(long count) => Interlocked.Add(ref _droppedFrames, count);

    internal void GrabFailed() => Interlocked.Increment(ref _grabFailures);

    internal void Reconnected() => Interlocked.Increment(ref _reconnects);

    internal void WentStale() => Interlocked.Increment(ref _staleEvents);

    internal void Interval(TimeSpan dt)
    {
        if (dt <= TimeSpan.Zero)
        {
            return;
        }
        var instant = 1.0 / dt.TotalSeconds;
        var previous = Volatile.Read(ref _fps);
        Volatile.Write(ref _fps, previous == 0 ? instant : previous + 0.1 * (instant - previous));
    }

    public override string ToString() =>
        $"{FramesDelivered} frames, {AchievedFps:0.0} fps, {DroppedFrames} dropped, {GrabFailures} grab failures, {Reconnects} reconnects, {StaleEvents} stale";
}
