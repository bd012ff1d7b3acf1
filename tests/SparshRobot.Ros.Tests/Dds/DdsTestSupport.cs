using SparshRobot.Ros.Dds;

namespace SparshRobot.Ros.Tests.Dds;

internal static class DdsTestSupport
{
    private static int _next = Random.Shared.Next(0, 100);

    /// <summary>A domain id in 100..199 not used before by this test run, so concurrent tests do not cross-talk.</summary>
    public static uint NewDomainId() => (uint)(100 + Interlocked.Increment(ref _next) % 100);

    public static DdsTransportOptions Localhost(uint domain) => new(domain, DiscoveryRange.Localhost);

    /// <summary>Polls until <paramref name="condition"/> holds or the timeout passes; returns whether it held.</summary>
    public static bool WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (condition())
            {
                return true;
            }
            Thread.Sleep(20);
        }
        return condition();
    }
}
