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
