using System.Globalization;
using System.Text.RegularExpressions;
using SparshRobot.Cli.Tests.Services;
using SparshRobot.Testing;

namespace SparshRobot.Cli.Tests.Bench;

[Category("dds")]
[Category("slow")]
[Parallelizable(ParallelScope.All)]
public class ServiceBenchTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Test]
    [NonParallelizable] // a latency benchmark with reply timeouts: alone, a busy neighbour cannot lose its calls
    public void ATinyRunAnswersEveryCallOfAnUnevenSplitAndReportsLatencyAndMemory()
    {
        var domain = new DdsDomain().Id.ToString(CultureInfo.InvariantCulture);
        // 41 calls over 4 clients: 11, 10, 10, 10, halves of 20 and 21; a call given to no client or to two would show.
        var (code, output, error) = CliProcess.Run(Timeout, "bench", "service", "--calls", "41", "--clients", "4", "--latency-calls", "20", "--domain-id", domain);

        Assert.That(code, Is.Zero, output + error);
        Assert.Multiple(() =>
        {
            Assert.That(output, Does.Contain("41 of 41 in"));
            Assert.That(output, Does.Match(@"lost replies \(timed out\)\s*│\s*0\s"));
            Assert.That(output, Does.Match(@"wrong replies\s*│\s*0\s"));
            // 100 warm-up and 20 measured latency calls, then the soak's 41.
            Assert.That(output, Does.Match(@"server: handled, unsent, dropped, malformed\s*│\s*161, 0, 0, 0\s"));
            Assert.That(output, Does.Match(@"│ p99\s*│ \d+ us\s*│ \d+ us\s*│ \d+\.\d\d"));
            Assert.That(output, Does.Match(@"│ middle\s*│ 20\s*│ [0-9.]+ MiB\s*│ [0-9.]+ MiB"));
            Assert.That(output, Does.Match(@"│ end\s*│ 41\s*│"));
            Assert.That(output, Does.Contain("no lost or wrong replies: met"));
        });
        var heap = Regex.Matches(output, @"│ (?:start|middle|end)\s*│ \d+\s*│ ([0-9.]+) MiB").Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.That(heap, Has.Count.EqualTo(3).And.All.Positive, "a managed heap size per sample");
    }

    [TestCase("--calls", "3", "--clients", "4", "--calls (3) must be at least --clients (4)")]
    [TestCase("--clients", "0", "--clients must be at least 1, got 0")]
    [TestCase("--latency-calls", "0", "--latency-calls must be at least 1, got 0")]
    [TestCase("--timeout", "-2", "--timeout must be a positive number of seconds, got -2")]
    public void BadArgumentsAreRefusedBeforeAnythingRuns(params string[] argumentsThenError)
    {
        var (code, output, error) = CliProcess.Run(Timeout, ["bench", "service", .. argumentsThenError[..^1]]);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.Contain(argumentsThenError[^1]));
        Assert.That(output, Does.Not.Contain("interleaved round trips"), "nothing ran");
    }
}
