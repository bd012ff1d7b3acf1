using SparshRobot.Tactile.Preprocessing;
namespace SparshRobot.Policy.Datasets.Building;

/// <summary>
/// How every stream lands on the policy clock. Ticks run from the latest first stamp over the required streams to
/// the earliest last stamp, <c>1/rate</c> apart, so no stream is ever extrapolated. Poses are interpolated linearly
/// between the two samples around a tick; images take the newest frame at or before the tick (a frame from the
/// future would leak information the live policy cannot have), and the stack's older frame is counted at the
/// sensor's native rate, never at the policy rate (docs/design-notes.md, "Sparsh frame pairs").
/// </summary>
public static class Resampling
{
    /// <summary>Ticks <c>start + k/rate</c> (nanoseconds) for every k with the tick at or before <paramref name="end"/>.</summary>
    public static long[] Ticks(long start, long end, double rateHz)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(rateHz, 0);
        if (end < start)
        {
            return [];
        }
        var period = 1e9 / rateHz;
        // Computed from k rather than accumulated, so rounding does not drift over a long episode.
        var count = (long)Math.Floor((end - start) / period + 1e-9) + 1;
        var ticks = new long[count];
        for (var k = 0; k < count; k++)
        {
            ticks[k] = start + (long)Math.Round(k * period);
        }
        return ticks;
    }

    /// <summary>Index of the last stamp at or before <paramref name="t"/>, or -1 when all are later.</summary>
    public static int NearestPrevious(ReadOnlySpan<long> stamps, long t)
    {
        var i = stamps.BinarySearch(t);
        if (i >= 0)
        {
            // Equal stamps: take the last of them, the newest message.
            while (i + 1 < stamps.Length && stamps[i + 1] == t)
            {
                i++;
            }
            return i;
        }
        return ~i - 1;
    }

    /// <summary>Linear interpolation of <paramref name="values"/> (one row per stamp) at <paramref name="t"/>, which must lie within the stamps.</summary>
    public static double[] Interpolate(ReadOnlySpan<long> stamps, IReadOnlyList<double[]> values, long t)
    {
        if (stamps.Length == 0 || t < stamps[0] || t > stamps[^1])
        {
            throw new ArgumentOutOfRangeException(nameof(t), t, "interpolation never extrapolates: the time must lie within the stamps");
        }
        var i = NearestPrevious(stamps, t);
        if (i == stamps.Length - 1 || stamps[i] == t)
        {
            return (double[])values[i].Clone();
        }
        var w = (double)(t - stamps[i]) / (stamps[i + 1] - stamps[i]);
        var a = values[i];
        var b = values[i + 1];
        var result = new double[a.Length];
        for (var c = 0; c < a.Length; c++)
        {
            result[c] = a[c] + w * (b[c] - a[c]);
        }
        return result;
    }

    /// <summary>
    /// Native-rate frame numbers from stamps (<see cref="StreamFrameNumbering"/>: counted from the first frame, as the
    /// live policy node counts them). A dropped frame leaves a gap in
    /// the numbers instead of shifting every later frame, so the stride keeps spanning the same time as live (where
    /// the sensor's own counter is used); counting frames in the bag would silently widen pairs after each dropout.
    /// </summary>
    /// <returns>The numbers, or the index of the first frame that falls on its predecessor's number (the stream is faster than <paramref name="nativeHz"/>).</returns>
    public static (long[] Sequences, int Collision) NativeSequences(ReadOnlySpan<long> stamps, double nativeHz)
    {
        var sequences = new long[stamps.Length];
        var numbering = new StreamFrameNumbering(nativeHz);
        for (var i = 0; i < stamps.Length; i++)
        {
            sequences[i] = numbering.Number(stamps[i]);
            if (i > 0 && sequences[i] <= sequences[i - 1])
            {
                return (sequences, i);
            }
        }
        return (sequences, -1);
    }

    /// <summary>
    /// The older frame of the stack whose newest frame is <paramref name="current"/>: the newest frame numbered at
    /// most <c>sequence - stride</c>, else the first frame (the reference clips at index 0). This is the rule of
    /// <see cref="Tactile.Preprocessing.TemporalFrameStack"/>, used here only to know which frames to decode.
    /// </summary>
    public static int StridePartner(ReadOnlySpan<long> sequences, int current, int stride)
    {
        var target = sequences[current] - stride;
        var j = NearestPrevious(sequences[..(current + 1)], target);
        return Math.Max(j, 0);
    }
}
