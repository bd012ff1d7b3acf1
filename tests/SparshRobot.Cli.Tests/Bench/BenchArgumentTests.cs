using System.Globalization;
using SparshRobot.Cli.Tests.Sim;
using SparshRobot.Testing;

namespace SparshRobot.Cli.Tests.Bench;

/// <summary>
/// Every <c>bench</c> subcommand's argument handling, in process: a bad value is a parse error naming the option (so
/// nothing is timed), the defaults parse, and the cheap benches run end to end at a tiny size.
/// </summary>
public class BenchArgumentTests
{
    [TestCase("tactile", "--frames", "0", "--frames must be at least 1, got 0")]
    [TestCase("ros-messages", "--width", "0", "--width must be at least 1, got 0")]
    [TestCase("ros-messages", "--height", "-3", "--height must be at least 1, got -3")]
    [TestCase("ros-messages", "--messages", "0", "--messages must be at least 1, got 0")]
    [TestCase("bag", "--frames", "0", "--frames must be at least 1, got 0")]
    [TestCase("bag", "--repeat", "0", "--repeat must be at least 1, got 0")]
    [TestCase("encoder", "--size", "huge", "Cannot parse argument 'huge' for option '--size'")]
    [TestCase("encoder", "--batch", "0", "--batch must be at least 1, got 0")]
    [TestCase("encoder", "--iterations", "0", "--iterations must be at least 1, got 0")]
    [TestCase("encoder", "--warmup", "-1", "--warmup must be at least 0, got -1")]
    [TestCase("encoder", "--threads", "0", "--threads must be at least 1, got 0")]
    [TestCase("dds", "--duration", "0", "--duration must be a positive number of seconds, got 0")]
    [TestCase("dds", "--domain-id", "-1", "Cannot parse argument '-1' for option '--domain-id'")]
    [TestCase("dds-soak", "--duration", "-5", "--duration must be a positive number of seconds, got -5")]
    [TestCase("dds-soak", "--rate", "0", "--rate must be a positive number of images per second, got 0")]
    [TestCase("dds-soak", "--churn", "nan", "--churn must be a positive number of seconds, got NaN")]
    [TestCase("service", "--clients", "0", "--clients must be at least 1, got 0")]
    [TestCase("service", "--timeout", "0", "--timeout must be a positive number of seconds, got 0")]
    [TestCase("control", "--ticks", "0", "--ticks must be at least 1, got 0")]
    [TestCase("control", "--frames", "-1", "--frames must be at least 1, got -1")]
    [TestCase("control", "--rtf-runs", "0", "--rtf-runs must be at least 1, got 0")]
    [TestCase("control", "--sampler-steps", "4", "0", "--sampler-steps must be at least 1, got 0")]
    [TestCase("control", "--probes", "probes", "--probes needs --encoder")]
    [TestCase("sim", "--repeats", "0", "--repeats must be at least 1, got 0")]
    public void ABadValueIsOneParseErrorNamingTheOption(params string[] argumentsThenError)
    {
        var errors = SparshCli.Build().Parse(["bench", .. argumentsThenError[..^1]]).Errors.Select(e => e.Message).ToList();
        Assert.That(errors, Has.Count.EqualTo(1), string.Join("\n", errors));
        Assert.That(errors[0], Does.Contain(argumentsThenError[^1]));
    }

    [TestCase("tactile")]
    [TestCase("ros-messages")]
    [TestCase("bag")]
    [TestCase("encoder")]
    [TestCase("dds")]
    [TestCase("dds-soak")]
    [TestCase("service")]
    [TestCase("control")]
    [TestCase("sim")]
    public void TheDefaultsPassTheirOwnRules(string bench)
    {
        Assert.That(SparshCli.Build().Parse(["bench", bench]).Errors, Is.Empty);
    }

    [TestCase("bogus", "--stack 'bogus' is not known")]
    [TestCase("full", "stack full follows the BC policy: give --checkpoint")]
    public void ControlRefusesARealTimeFactorStackItCannotBuildBeforeTimingAnything(string stack, string error)
    {
        var (code, text) = SimCommandTests.Invoke("bench", "control", "--stack", stack);
        Assert.That(code, Is.Not.Zero, text);
        Assert.That(text, Does.Contain(error));
        Assert.That(text, Does.Not.Contain("control tick"), "nothing was timed");
    }

    [Test]
    public void RosMessagesTimesEveryCodecRowAgainstTheCopyBaseline()
    {
        var (code, text) = SimCommandTests.Invoke("bench", "ros-messages", "--width", "64", "--height", "48", "--messages", "20");
        Assert.That(code, Is.Zero, text);
        // The copy baseline is its own yardstick: its ratio to memcpy is exactly 1 (big enough a copy that the clock sees it).
        Assert.That(text, Does.Match(@"baseline: copy the pixel bytes\s*│[^│]*│[^│]*│\s*1\.00\s"));
        Assert.That(text, Does.Contain("serialize (reused writer)").And.Contain("deserialize (shared, zero copy)").And.Contain("dynamic decode to tree"));
    }

    [Test]
    public void BagWritesItsCsvWithOneRowPerMeasurement()
    {
        var outDir = TestPaths.NewTempDirectory().FullName;
        var (code, text) = SimCommandTests.Invoke("bench", "bag", "--frames", "2", "--repeat", "1", "--image", TestPaths.DigitBackground, "--out", outDir);
        Assert.That(code, Is.Zero, text);
        var rows = File.ReadAllLines(Path.Combine(outDir, "bag-bench.csv"));
        Assert.That(rows[0], Is.EqualTo("measurement,mb_per_s_wall,mb_per_cpu_s"));
        Assert.That(rows.Skip(1).Select(r => r.Split(',')[0]), Is.EquivalentTo(new[]
        {
            "raw write", "file copy", "bag write none", "bag read none", "zstd compress (raw)",
            "bag write zstd", "bag write zstd (caller)", "zstd decompress (raw)", "bag read zstd",
        }));
        Assert.That(rows.Skip(1).Select(r => double.Parse(r.Split(',')[1], CultureInfo.InvariantCulture)), Is.All.Positive, "a throughput per row");
        Assert.That(File.Exists(Path.Combine(outDir, "bag-bench.png")), Is.True);
    }
}
