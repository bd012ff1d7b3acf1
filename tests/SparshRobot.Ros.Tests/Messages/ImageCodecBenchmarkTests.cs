using SparshRobot.Ros.Messages.Benchmarks;

namespace SparshRobot.Ros.Tests.Messages;

public class ImageCodecBenchmarkTests
{
    [Test]
    public void RunsEveryOperationAgainstTheMemcpyBaseline()
    {
        // Tiny sizes: this checks the benchmark runs and reports coherently, not how fast anything is.
        var timings = ImageCodecBenchmark.Run(width: 4, height: 2, messagesPerBatch: 2, batches: 1);
        Assert.That(timings, Has.Count.EqualTo(7));
        Assert.That(timings[0].Name, Does.StartWith("baseline: copy"));
        Assert.That(timings[0].RatioToMemcpy, Is.EqualTo(1));
        Assert.That(timings.Select(t => t.MicrosecondsPerMessage), Is.All.GreaterThan(0));
    }
}
