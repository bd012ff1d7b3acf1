using SparshRobot.Testing;
using Spectre.Console;

namespace SparshRobot.Cli.Tests.Sim;

[Category("sim")]
public class SimCommandTests
{
    [Test]
    public void RunWritesThePngAndSucceedsOnABundledMaze()
    {
        var output = TestPaths.NewTempDirectory().FullName;
        var code = SparshCli.Build().Parse(["sim", "run", "--maze", "straight_line", "--out", output]).Invoke();
        Assert.That(code, Is.EqualTo(0));
        Assert.That(File.Exists(Path.Combine(output, "straight_line-teleop.png")), Is.True);
    }

    /// <summary>Runs the CLI with its console captured; returns the exit code and what it printed.</summary>
    internal static (int Code, string Text) Invoke(params string[] args)
    {
        var console = new ConsoleCapture();
        var previous = AnsiConsole.Console;
        AnsiConsole.Console = console.Console;
        try
        {
            return (SparshCli.Build().Parse(args).Invoke(), console.Text);
        }
        finally
        {
            AnsiConsole.Console = previous;
        }
    }

    [Test]
    public void EvalEstimatorScoresTheClassicalEstimatorAgainstTruthAndAsksForTheProbesEncoder()
    {
        var (code, text) = Invoke("sim", "eval-estimator", "--episodes", "1", "--time-limit", "4");
        Assert.That(code, Is.EqualTo(0), text);
        Assert.That(text, Does.Contain("classic").And.Contain("normal force error (N)").And.Contain("update ms"));
        Assert.That(text, Does.Not.Contain("probe"), "no probes given, no probe column");
        var contact = System.Text.RegularExpressions.Regex.Match(text, @"contact accuracy\s*│\s*([0-9.]+) ?%");
        Assert.That(contact.Success, Is.True, text);
        Assert.That(double.Parse(contact.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(80), "the classical estimator tells contact from none");

        (code, text) = Invoke("sim", "eval-estimator", "--episodes", "1", "--probes", TestPaths.NewTempDirectory().FullName);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(text, Does.Contain("--probes needs --encoder"));
    }

    [Test]
    public void RunTakesAFaultFileTogetherWithFaultOptions()
    {
        var output = TestPaths.NewTempDirectory().FullName;
        var example = Path.Combine(TestPaths.RepoRoot, "src", "SparshRobot.Sim", "Faults", "example_faults.yaml");
        var (code, text) = Invoke("sim", "run", "--maze", "straight_line", "--faults", example, "--fault", "image-noise:0.2", "--out", output);
        Assert.That(code, Is.EqualTo(0).Or.EqualTo(2), text);
        Assert.That(text, Does.Contain("FrictionDrop 0.80 3.0-5.0 s").And.Contain("SensorDropout 0.50 from 0.0 s")
            .And.Contain("LatencySpike 0.50 6.0-7.0 s").And.Contain("ImageNoise 0.20 from 0.0 s"));
        Assert.That(File.Exists(Path.Combine(output, "straight_line-teleop.png")), Is.True);
    }

    [Test]
    public void ABadFaultFileIsReportedByFileEntryAndField()
    {
        var output = TestPaths.NewTempDirectory();
        var plan = Path.Combine(output.FullName, "bad.yaml");
        File.WriteAllText(plan, "faults:\n  - kind: friction-drop\n    intensity: 0.5\n    duration: -1\n");
        var (code, text) = Invoke("sim", "run", "--maze", "straight_line", "--faults", plan, "--out", output.FullName);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(text, Does.Contain($"{plan}: faults[0].duration (friction-drop): must be > 0 s, not -1"));
        Assert.That(Directory.GetFiles(output.FullName, "*.png"), Is.Empty);
    }

    [TestCase("--maze", "no_such_maze")]
    [TestCase("--faults", "no_such_faults.yaml")]
    [TestCase("--fault", "gremlins:1")]
    [TestCase("--controller", "policy")]
    public void BadArgumentsFailWithoutWritingAnything(string option, string value)
    {
        var output = TestPaths.NewTempDirectory().FullName;
        string[] args = option == "--maze"
            ? ["sim", "run", option, value, "--out", output]
            : ["sim", "run", "--maze", "straight_line", option, value, "--out", output];
        var code = SparshCli.Build().Parse(args).Invoke();
        Assert.That(code, Is.EqualTo(1));
        Assert.That(Directory.GetFiles(output), Is.Empty);
    }
}
