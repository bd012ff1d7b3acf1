using SparshRobot.Core.Time;

namespace SparshRobot.Core.Tests.Time;

public class TimestampTests
{
    [TestCase(0L, 0, 0u)]
    [TestCase(1_500_000_000L, 1, 500_000_000u)]
    [TestCase(-1L, -1, 999_999_999u)]
    [TestCase(-1_000_000_000L, -1, 0u)]
    public void FromNanosecondsSplitsLikeRos2(long nanos, int sec, uint nanosec)
    {
        var stamp = Timestamp.FromNanoseconds(nanos, ClockKind.Wall);
        Assert.Multiple(() =>
        {
            Assert.That(stamp.Sec, Is.EqualTo(sec));
            Assert.That(stamp.Nanosec, Is.EqualTo(nanosec));
            Assert.That(stamp.TotalNanoseconds, Is.EqualTo(nanos));
        });
    }

    [Test]
    public void RejectsNanosecondsOutOfRange()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Timestamp(1, 1_000_000_000, ClockKind.Wall));
        Assert.That(e!.ParamName, Is.EqualTo("nanosec"));
    }

    [Test]
    public void RefusesToCompareDifferentClocks()
    {
        var wall = new Timestamp(5, 0, ClockKind.Wall);
        var mono = new Timestamp(5, 0, ClockKind.Monotonic);
        var e = Assert.Throws<InvalidOperationException>(() => _ = wall < mono);
        Assert.That(e!.Message, Does.Contain("Wall").And.Contain("Monotonic"));
    }

    [Test]
    public void SinceAndAddAreInverse()
    {
        var a = new Timestamp(10, 999_000_000, ClockKind.Monotonic);
        var b = a.Add(TimeSpan.FromMilliseconds(2.5));
        Assert.Multiple(() =>
        {
            Assert.That(b.Sec, Is.EqualTo(11));
            Assert.That(b.Nanosec, Is.EqualTo(1_500_000u));
            Assert.That(b.Since(a), Is.EqualTo(TimeSpan.FromMilliseconds(2.5)));
            Assert.That(b, Is.GreaterThan(a));
        });
    }

    [Test]
    public void MonotonicClockNeverGoesBack()
    {
        var clock = MonotonicClock.Instance;
        var previous = clock.Now();
        for (var i = 0; i < 1000; i++)
        {
            var now = clock.Now();
            Assert.That(now, Is.GreaterThanOrEqualTo(previous));
            previous = now;
        }
        Assert.That(previous.Clock, Is.EqualTo(ClockKind.Monotonic));
    }

    [Test]
    public void SimulatedClockMovesOnlyWhenAdvanced()
    {
        var clock = new SimulatedClock();
        var start = clock.Now();
        Assert.That(clock.Now(), Is.EqualTo(start));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.That(clock.Now().Since(start), Is.EqualTo(TimeSpan.FromMilliseconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(TimeSpan.FromTicks(-1)));
    }
}
