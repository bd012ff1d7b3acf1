using SparshRobot.Tactile.Preprocessing;

namespace SparshRobot.Tactile.Tests.Preprocessing;

public class NativeFrameNumberTests
{
    [Test]
    public void ADroppedFrameLeavesAGapAndJitterRoundsToTheNearestFrame()
    {
        const long origin = 5_000_000_000;
        // 60 fps frames 0, 1, (2 dropped), 3 with up to 3 ms of jitter.
        long[] stamps = [origin, origin + 16_666_667 + 2_000_000, origin + 50_000_000 - 3_000_000];
        var numbers = stamps.Select(s => NativeFrameNumber.FromStamp(s, origin, 60)).ToArray();
        Assert.That(numbers, Is.EqualTo(new long[] { 0, 1, 3 }));
    }
}
