namespace SparshRobot.Testing;

/// <summary>What code allocates on the calling thread once it runs steadily.</summary>
public static class Allocations
{
    /// <summary>
    /// The fewest managed bytes any one of <paramref name="blocks"/> runs of <paramref name="block"/> allocated on this
    /// thread. On a loaded machine the runtime may allocate on the measuring thread while it swaps in optimized code, at a
    /// moment that depends on timing; code that allocates every time it runs shows in every block.
    /// </summary>
    public static long FewestPerBlock(Action block, int blocks = 5)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blocks, 2);
        var fewest = long.MaxValue;
        for (var i = 0; i < blocks; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            block();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return fewest;
    }
}
