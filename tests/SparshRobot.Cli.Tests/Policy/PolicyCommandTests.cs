using SparshRobot.Testing;

namespace SparshRobot.Cli.Tests.Policy;

public class PolicyCommandTests
{
    [Test]
    public void TrainWithABadConfigurationNamesTheFileAndField()
    {
        var dir = TestPaths.NewTempDirectory("policy-cli");
        try
        {
            var config = Path.Combine(dir.FullName, "bad.yaml");
            File.WriteAllText(config, File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "policies", "diffusion_unet.yaml")).Replace("horizon: 8", "horizon: 6", StringComparison.Ordinal));
            var (code, output, error) = CliProcess.Run(TimeSpan.FromMinutes(1), "policy", "train", "--config", config);
            Assert.That(code, Is.EqualTo(1), error);
            Assert.That(string.Join(" ", (output + error).Split((char[])['\n', '\r'], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim())),
                Does.Contain("bad.yaml").And.Contain("policy.horizon is 6, expected a multiple of 4"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Test]
    public void EvalWithNothingToEvaluateSaysWhichOptionsAreMissing()
    {
        var (code, output, error) = CliProcess.Run(TimeSpan.FromMinutes(1), "policy", "eval", "--checkpoint", "policy.safetensors");
        Assert.That(code, Is.EqualTo(1), error);
        Assert.That(output + error, Does.Contain("nothing to evaluate").And.Contain("--dataset").And.Contain("--sim"));
    }
}
