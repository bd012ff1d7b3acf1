using SparshRobot.Testing;

namespace SparshRobot.Cli.Tests.Policy;

[Category("torch")]
[Category("sim")]
[Category("slow")]
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

    [Test]
    public void SamplerStepsOnAnMlpPolicyAreRefusedBeforeEvaluating()
    {
        var shipped = Path.Combine(TestPaths.RepoRoot, "policies", "models");
        var (code, output, error) = CliProcess.Run(TimeSpan.FromMinutes(1), "policy", "eval", "--checkpoint", Path.Combine(shipped, "mlp_chunk", "policy.safetensors"),
            "--encoder", Path.Combine(shipped, "encoder", "encoder.safetensors"), "--sim", "--sim-mazes", "1", "--sampler-steps", "4");
        Assert.That(code, Is.EqualTo(1), output + error);
        Assert.That(output + error, Does.Contain("error: DDIM sampler steps apply to a diffusion policy; this one has an MLP head"));
    }

    [TestCase("--set", "training.epoch=3", "error: --set `training.epoch`: unknown key; did you mean `epochs`?")]
    [TestCase("--set", "policy.mlp.hidden=wide", "`policy.mlp.hidden`: 'wide' is not an integer")]
    public void TrainRefusesABadOverrideInTheUsersWords(string option, string value, string expected)
    {
        var (code, output, error) = CliProcess.Run(TimeSpan.FromMinutes(1), "policy", "train", "--config", Path.Combine(TestPaths.RepoRoot, "policies", "mlp_chunk.yaml"),
            option, value, "--out", Path.Combine(TestPaths.NewTempDirectory("train").FullName, "run"));
        Assert.That(code, Is.EqualTo(1), output + error);
        Assert.That((output + error).ReplaceLineEndings(" "), Does.Contain(expected));
        Assert.That(output + error, Does.Not.Contain("SparshRobot.").And.Not.Contain("(Parameter"));
    }

    [Test]
    public void EvalSimWritesAPicturePerRollout()
    {
        var shipped = Path.Combine(TestPaths.RepoRoot, "policies", "models");
        var output = TestPaths.NewTempDirectory("policy-sim").FullName;
        var (code, text, error) = CliProcess.Run(TimeSpan.FromMinutes(2), "policy", "eval", "--checkpoint", Path.Combine(shipped, "mlp_chunk", "policy.safetensors"),
            "--encoder", Path.Combine(shipped, "encoder", "encoder.safetensors"), "--sim", "--sim-mazes", "1", "--sim-time-limit", "1", "--out", output);
        Assert.That(code, Is.EqualTo(0), text + error);
        var picture = Path.Combine(output, $"policy_sim_heldout-easy-{SparshRobot.Sim.Mazes.MazeGenerator.HeldOutSeedBase}.png");
        Assert.That(File.Exists(picture), Is.True, string.Join(", ", Directory.GetFiles(output)));
        Assert.That(new FileInfo(picture).Length, Is.GreaterThan(20_000));
    }
}
