namespace SparshRobot.Tactile.Preprocessing;

/// <summary>
/// A frame's number at the sensor's native rate, recovered from its stamp where the sensor's own counter is not
/// carried (ROS images, recorded bags): <c>round((stamp - origin) * rate)</c>. A dropped frame leaves a gap instead
/// of shifting every later number, so <see cref="TemporalFrameStack"/>'s stride keeps spanning the same time. The
/// dataset builder and the live policy node both number frames here, so training and deployment pair alike.
/// </summary>
public static class NativeFrameNumber
{
    public static long FromStamp(long stampNanoseconds, long originNanoseconds, double nativeHz) =>
        (long)Math.Round((stampNanoseconds - originNanoseconds) * nativeHz / 1e9);
}

/// <summary>
/// Numbers a live stream's frames from its first stamp, exactly as the dataset builder numbers a recorded stream
/// from its first frame, so a deployed policy sees the stride partners it was trained on. Thread-safe.
/// </summary>
public sealed class StreamFrameNumbering(double nativeHz)
{
    private long _origin = long.MinValue;

    public long Number(long stampNanoseconds)
    {
        Interlocked.CompareExchange(ref _origin, stampNanoseconds, long.MinValue);
        return NativeFrameNumber.FromStamp(stampNanoseconds, Interlocked.Read(ref _origin), nativeHz);
    }
}
