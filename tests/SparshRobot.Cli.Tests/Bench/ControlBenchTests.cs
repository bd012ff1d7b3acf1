using SparshRobot.Cli.Commands.Bench;

namespace SparshRobot.Cli.Tests.Bench;

public class ControlBenchTests
{
    [Test]
    public void SeveralTimedRolloutsAreReportedByTheirMedianAndRange()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ControlBench.DescribeRealTime([1.013]), Is.EqualTo("1.01x real time"));
            Assert.That(ControlBench.DescribeRealTime([1.04, 0.97, 1.02]), Is.EqualTo("1.02x real time (median of 3: 0.97-1.04, at least 1.0 in 2)"));
            // An even count takes the upper of the middle two, as the other benches' medians do.
            Assert.That(ControlBench.DescribeRealTime([0.99, 0.96, 1.0, 1.03]), Is.EqualTo("1.00x real time (median of 4: 0.96-1.03, at least 1.0 in 2)"));
        });
    }
}
