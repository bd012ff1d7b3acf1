namespace SparshRobot.Ros.Transport;

/// <summary>Message rate over a sliding window of arrival times, as <c>ros2 topic hz</c> reports it.</summary>
public sealed class RateMeter(int window = 10_000)
{
    private readonly Queue<long> _arrivals = new();

    public void Record(long arrivalTicks)
    {
        lock (_arrivals)
        {
            _arrivals.Enqueue(arrivalTicks);
            while (_arrivals.Count > window + 1)
            {
                _arrivals.Dequeue();
            }
        }
    }

    /// <summary>Average rate (Hz) and min/max/std-dev of the periods (s) over the window; null with fewer than two arrivals.</summary>
    public (double RateHz, double MinS, double MaxS, double StdDevS, int Window)? Snapshot(long ticksPerSecond)
    {
        long[] times;
        lock (_arrivals)
        {
            times = [.. _arrivals];
        }
        if (times.Length < 2)
        {
            return null;
        }
        var periods = times.Zip(times.Skip(1), (a, b) => (b - a) / (double)ticksPerSecond).ToArray();
        var mean = periods.Average();
        var std = Math.Sqrt(periods.Select(p => (p - mean) * (p - mean)).Average());
        return (1 / mean, periods.Min(), periods.Max(), std, periods.Length);
    }
}
