using SparshRobot.Testing;

namespace SparshRobot.Cli.Tests;

[Category("dds")]
[Category("sim")]
[Category("slow")]
public class CliTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Test]
    public void VersionPrintsTheProductVersion()
    {
        var (code, output, _) = CliProcess.Run(Timeout, "--version");
        Assert.That(code, Is.Zero);
        Assert.That(output.Trim(), Does.StartWith("0.1.0"));
    }

    [Test]
    public void HelpNamesTheToolAndTheDoctorCommand()
    {
        var (code, output, _) = CliProcess.Run(Timeout, "--help");
        Assert.That(code, Is.Zero);
        Assert.That(output, Does.Contain("sparsh-robot").And.Contain("doctor"));
    }

    [Test]
    public void UnknownCommandIsAnError()
    {
        var (code, _, error) = CliProcess.Run(Timeout, "fly-to-the-moon");
        Assert.That(code, Is.Not.Zero);
        Assert.That(error, Does.Contain("fly-to-the-moon"));
    }

    [TestCase("policy", "eval", "--checkpoint", "p.safetensors", "--sim-lost-timeout", "-1", "--sim-lost-timeout must be a positive number of simulated seconds, got -1")]
    [TestCase("maze", "eval", "--lost-timeout", "0", "--lost-timeout must be a positive number of simulated seconds, got 0")]
    [TestCase("maze", "eval", "--time-limit", "nan", "--time-limit must be a positive number of simulated seconds, got NaN")]
    [TestCase("sim", "eval-estimator", "--lighting-drift", "1.5", "--lighting-drift must be within [0, 1], got 1.5")]
    [TestCase("probe", "train", "--task", "force", "--dataset", "d", "--encoder", "e", "--output", "o", "--jitter-shift", "0", "--jitter-shift must be at least 1, got 0")]
    [TestCase("sim", "eval-estimator", "--every", "0", "--every must be at least 1, got 0")]
    [TestCase("tactile", "view", "--out", "v.png", "--stride", "0", "--stride must be at least 1, got 0")]
    [TestCase("sim", "record-demos", "--mazes", "1", "--out", "d", "--jpeg-quality", "101", "--jpeg-quality must be within [1, 100], got 101")]
    [TestCase("sim", "run", "--maze", "3", "--difficulty", "medium", "Argument 'medium' not recognized. Must be one of:")]
    public void OutOfRangeValuesAreRefusedBeforeAnythingRuns(params string[] argumentsThenError)
    {
        var (code, _, error) = CliProcess.Run(Timeout, argumentsThenError[..^1]);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.Contain(argumentsThenError[^1]));
    }

    [TestCase("'digitt' (expected one of: digit, digit-vga, gelsight-mini, gelsight-2017)", "tactile", "render", "--out", "r.png", "--sensor", "digitt")]
    [TestCase("unknown MCAP compression 'gzip' (expected none, zstd or lz4)", "bag", "record", "/a", "-o", "bag-out", "--compression", "gzip")]
    public void AnUnknownNameIsRefusedWithTheValidOnesAndNoDotNetText(string expected, params string[] arguments)
    {
        var (code, output, error) = CliProcess.Run(Timeout, arguments);
        Assert.That(code, Is.Not.Zero, output + error);
        Assert.That(output + error, Does.Contain(expected).And.Not.Contain("(Parameter"));
    }

    [Test]
    public void HelpSaysWhatTheFolderHoldsAndWhatIsWritten()
    {
        // An unknown subcommand prints the root help with exit code 0: the usage line proves the command's own help.
        var (_, pretrain, _) = CliProcess.Run(Timeout, "encoder", "pretrain", "--help");
        Assert.That(pretrain, Does.Contain("sparsh-robot encoder pretrain [options]"));
        Assert.That(pretrain.ReplaceLineEndings(" "), Does.Contain("<root>/<split>/<episode>/inputs.npy").And.Contain("(training.steps; default 1000)"));
        var (_, eval, _) = CliProcess.Run(Timeout, "policy", "eval", "--help");
        Assert.That(eval, Does.Contain("sparsh-robot policy eval [options]"));
        Assert.That(eval.ReplaceLineEndings(" "), Does.Contain("<checkpoint>_trajectories.png"));
    }

    [Test]
    public void DoctorPassesOnThisMachineAndDecodesTheGivenImage()
    {
        var (code, output, error) = CliProcess.Run(Timeout, "doctor", "--image", TestPaths.DigitBackground, "--domain-id", "77");
        Assert.That(code, Is.Zero, output + error);
        Assert.That(output, Does.Contain("All components load.").And.Contain("domain 77").And.Contain("320 high x 240 wide"));
    }
}
