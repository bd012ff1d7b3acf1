namespace SparshRobot.Ros.Node;

/// <summary>Waiting for something to appear on the graph (a service, an action server), as rclcpp's wait_for_service polls it.</summary>
internal static class GraphWait
{
    /// <summary>Polls <paramref name="available"/> every 10 ms until true; false when <paramref name="timeout"/> passes first.</summary>
    public static async Task<bool> UntilAsync(Func<bool> available, TimeSpan timeout, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!available())
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }
            await Task.Delay(10, cancellation).ConfigureAwait(false);
        }
        return true;
    }
}
