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

    [Test]
    public void ALiveStreamIsNumberedFromItsFirstFrameLikeARecordedOne()
    {
        // A stream joined mid-way: its first stamp is frame 0, whatever the clock's epoch, and later frames (one
        // dropped) keep the spacing the dataset builder gives a recording of the same stream.
        long[] stamps = [7_123_456_789, 7_123_456_789 + 16_666_667 + 1_500_000, 7_123_456_789 + 50_000_000];
        var live = new StreamFrameNumbering(60);

        var numbers = stamps.Select(live.Number).ToArray();

        Assert.That(numbers, Is.EqualTo(stamps.Select(s => NativeFrameNumber.FromStamp(s, stamps[0], 60))));
        Assert.That(numbers, Is.EqualTo(new long[] { 0, 1, 3 }));
    }
}
