using System.Globalization;
using System.Text.RegularExpressions;
using SparshRobot.Testing;

namespace SparshRobot.Cli.Tests.Bench;

[Category("slow")]
public class CrcBenchTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Test]
    public void OneRoundReportsBothCrcsAndTheirRatioForAnImageAndAChunk()
    {
        var (code, output, error) = CliProcess.Run(Timeout, "bench", "crc", "--repeat", "1");

        Assert.That(code, Is.Zero, output + error);
        var rows = Regex.Matches(output, @"│ (\d+)\s*│ ([0-9.]+)\s*│ ([0-9.]+)\s*│ ([0-9.]+)\s*│");
        Assert.That(rows.Select(r => r.Groups[1].Value), Is.EqualTo(new[] { "230455", "4194304" }), output);
        foreach (Match row in rows)
        {
            double system = Parse(row.Groups[2]), ours = Parse(row.Groups[3]), ratio = Parse(row.Groups[4]);
            Assert.That(system, Is.Positive, row.Value);
            Assert.That(ratio, Is.EqualTo(ours / system).Within(0.01 + 0.05 * ratio), row.Value);
        }
    }

    [Test]
    public void ZeroRoundsAreRefusedBeforeAnythingRuns()
    {
        var (code, output, error) = CliProcess.Run(Timeout, "bench", "crc", "--repeat", "0");

        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.Contain("--repeat must be at least 1, got 0"));
        Assert.That(output, Does.Not.Contain("GB/s"), "nothing ran");
    }

    private static double Parse(Group g) => double.Parse(g.Value, CultureInfo.InvariantCulture);
}
