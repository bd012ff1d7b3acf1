using SparshRobot.Testing;

namespace SparshRobot.Cli.Tests;

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

    [Test]
    public void DoctorPassesOnThisMachineAndDecodesTheGivenImage()
    {
        var (code, output, error) = CliProcess.Run(Timeout, "doctor", "--image", TestPaths.DigitBackground, "--domain-id", "77");
        Assert.That(code, Is.Zero, output + error);
        Assert.That(output, Does.Contain("All components load.").And.Contain("domain 77").And.Contain("320 high x 240 wide"));
    }
}
