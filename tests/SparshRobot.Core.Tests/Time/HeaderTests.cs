using SparshRobot.Core.Time;

namespace SparshRobot.Core.Tests.Time;

public class HeaderTests
{
    [Test]
    public void CarriesStampAndFrame()
    {
        var header = new Header(new Timestamp(3, 4, ClockKind.Wall), "panda_link8");
        Assert.Multiple(() =>
        {
            Assert.That(header.FrameId, Is.EqualTo("panda_link8"));
            Assert.That(header.Stamp.TotalNanoseconds, Is.EqualTo(3_000_000_004));
        });
    }

    [Test]
    public void RejectsNullFrame() =>
        Assert.Throws<ArgumentNullException>(() => _ = new Header(default, null!));
}
