using SparshRobot.Policy.Tests.Fixtures;
using SparshRobot.Policy.Training;
using SparshRobot.Testing;

namespace SparshRobot.Policy.Tests.Training;

public class PolicyConfigTests
{
    [TestCase("mlp_chunk.yaml", PolicyHeadKind.Mlp)]
    [TestCase("diffusion_unet.yaml", PolicyHeadKind.Diffusion)]
    public void ShippedConfigurationsLoadWithPathsBesideThem(string file, PolicyHeadKind kind)
    {
        var config = PolicyConfig.Load(Path.Combine(TestPaths.RepoRoot, "policies", file));
        Assert.Multiple(() =>
        {
            Assert.That(config.Policy.Kind, Is.EqualTo(kind));
            Assert.That(config.Policy.NObsSteps, Is.EqualTo(2));
            Assert.That(config.Training.BatchSize, Is.EqualTo(64));
            Assert.That(config.Dataset, Is.EqualTo(Path.Combine(TestPaths.RepoRoot, "runs", "bead_maze", "dataset")));
        });
    }

    [TestCase("head: diffusion", "head: lstm", "policy.head is 'lstm', expected mlp or diffusion")]
    [TestCase("horizon: 4", "horizon: 5", "policy.horizon is 5, expected a multiple of 2")]
    [TestCase("n_action_steps: 2", "n_action_steps: 9", "policy.n_action_steps is 9, expected 1..horizon (4)")]
    [TestCase("batch_size: 36", "batch_size: 0", "training.batch_size is 0")]
    [TestCase("batch_size: 36", "batch_sise: 36", "`training.batch_sise`: unknown key; did you mean `batch_size`?")]
    [TestCase("batch_size: 36", "batch_size: lots", "`training.batch_size`: 'lots' is not an integer")]
    public void ErrorsNameTheFileAndField(string from, string to, string expected)
    {
        var yaml = TinyPolicyData.Yaml("diffusion").Replace(from, to, StringComparison.Ordinal);
        var e = Assert.Throws<InvalidDataException>(() => PolicyConfig.Parse(yaml, "bad.yaml"));
        Assert.That(e!.Message, Does.StartWith("bad.yaml: ").And.Contain(expected));
    }

    [Test]
    public void LearningRateWarmsUpThenFollowsACosine()
    {
        var t = new TrainingSection { Lr = 1e-3, WarmupSteps = 10 };
        Assert.Multiple(() =>
        {
            Assert.That(PolicyTrainer.LearningRate(t, 5, 110), Is.EqualTo(5e-4).Within(1e-12));
            Assert.That(PolicyTrainer.LearningRate(t, 10, 110), Is.EqualTo(1e-3).Within(1e-12));
            Assert.That(PolicyTrainer.LearningRate(t, 60, 110), Is.EqualTo(5e-4).Within(1e-12));
            Assert.That(PolicyTrainer.LearningRate(t, 110, 110), Is.EqualTo(0).Within(1e-12));
            Assert.That(PolicyTrainer.EmaDecay(t, 1), Is.EqualTo(0));
            Assert.That(PolicyTrainer.EmaDecay(t, 2), Is.EqualTo(1 - Math.Pow(2, -0.75)).Within(1e-12));
            Assert.That(PolicyTrainer.EmaDecay(t, 100_000_000), Is.EqualTo(0.9999));
        });
    }
}
