using SparshRobot.Policy.Diffusion;
using SparshRobot.Policy.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace SparshRobot.Policy.Tests.Models;

public class PolicyHeadTests
{
    private const long Horizon = 8;
    private const long ActionDim = 3;
    private const long ConditionDim = 6;

    /// <summary>Four distinct conditions, each with its own smooth action chunk inside [-1, 1].</summary>
    private static (Tensor Conditions, Tensor Actions) TinyDataset()
    {
        var generator = new Generator(seed: 7);
        var conditions = torch.randn([4, ConditionDim], generator: generator);
        var t = torch.linspace(0, 1, Horizon).reshape(1, Horizon, 1);
        var slopes = torch.rand([4, 1, ActionDim], generator: generator) * 1.6 - 0.8;
        return (conditions, (slopes * t).clamp(-1, 1));
    }

    private static float Train(IChunkPolicyHead head, nn.Module module, Tensor conditions, Tensor actions, int steps, double lr)
    {
        var generator = new Generator(seed: 1);
        using var optimizer = optim.Adam(module.parameters(), lr);
        var loss = 0f;
        for (var i = 0; i < steps; i++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var l = head.Loss(conditions, actions, generator);
            l.backward();
            optimizer.step();
            loss = l.item<float>();
        }
        return loss;
    }

    [Test]
    public void MlpHeadOverfitsATinyDataset()
    {
        torch.manual_seed(3);
        using var scope = NewDisposeScope();
        var (conditions, actions) = TinyDataset();
        var head = new MlpChunkHead(ConditionDim, Horizon, ActionDim, hidden: 64, layers: 2);
        using var initial = head.Loss(conditions, actions);
        var final = Train(head, head, conditions, actions, steps: 400, lr: 3e-3);
        Assert.That(final, Is.LessThan(1e-4), $"initial loss {initial.item<float>()}");
        using (torch.inference_mode())
        {
            Assert.That((head.Predict(conditions) - actions).abs().max().item<float>(), Is.LessThan(0.03));
        }
    }

    [Test]
    public void DiffusionHeadOverfitsATinyDatasetAndSamplesItBack()
    {
        torch.manual_seed(3);
        using var scope = NewDisposeScope();
        var (conditions, actions) = TinyDataset();
        // Each step sees every sample under 8 noise draws, so the epsilon loss is not dominated by one lucky draw.
        var repeatedConditions = conditions.repeat(8, 1);
        var repeatedActions = actions.repeat(8, 1, 1);
        var head = new DiffusionHead(ConditionDim, Horizon, ActionDim, new UnetConfig([32, 64], KernelSize: 3, Groups: 8, StepEmbedDim: 32), new NoiseSchedule(), inferenceSteps: 10);
        var initial = Train(head, head, repeatedConditions, repeatedActions, steps: 1, lr: 0);
        var final = Train(head, head, repeatedConditions, repeatedActions, steps: 800, lr: 1e-3);
        Assert.That(final, Is.LessThan(initial / 20), $"epsilon loss went from {initial} to {final}");
        using (torch.inference_mode())
        {
            var sampled = head.Predict(conditions, new Generator(seed: 11));
            var error = (sampled - actions).abs().mean().item<float>();
            // Untrained samples start as unit Gaussian noise clipped to [-1, 1] (mean error ~0.6).
            Assert.That(error, Is.LessThan(0.1), $"DDIM should reproduce the memorized chunks (final epsilon loss {final})");
        }
    }

    [Test]
    public void DiffusionSamplingIsDeterministicForAGivenSeed()
    {
        torch.manual_seed(5);
        using var scope = NewDisposeScope();
        var head = new DiffusionHead(ConditionDim, Horizon, ActionDim, new UnetConfig([16, 32], KernelSize: 3, Groups: 4, StepEmbedDim: 16), new NoiseSchedule(), inferenceSteps: 4);
        var condition = torch.randn(2, ConditionDim);
        using var mode = torch.inference_mode();
        var a = head.Predict(condition, new Generator(seed: 42));
        var b = head.Predict(condition, new Generator(seed: 42));
        var c = head.Predict(condition, new Generator(seed: 43));
        Assert.Multiple(() =>
        {
            Assert.That(a.shape, Is.EqualTo(new long[] { 2, Horizon, ActionDim }));
            Assert.That(a.eq(b).all().item<bool>(), Is.True);
            Assert.That(a.eq(c).all().item<bool>(), Is.False);
            Assert.That(a.abs().max().item<float>(), Is.LessThanOrEqualTo(1.5f), "samples stay near the clipped range");
        });
    }

    [Test]
    public void UnetRejectsAHorizonItCannotHalve()
    {
        var e = Assert.Throws<ArgumentException>(() => _ = new DiffusionHead(ConditionDim, 6, ActionDim, new UnetConfig([8, 16, 32], Groups: 4), new NoiseSchedule()));
        Assert.That(e!.Message, Does.Contain("horizon 6").And.Contain("multiple of 4"));
    }

    [Test]
    public void GroupNormsStartAsIdentityAffine()
    {
        using var block = new Conv1dBlock(3, 8, 3, 4);
        var norm = block.named_parameters().Where(p => p.name.StartsWith("block.1.", StringComparison.Ordinal)).ToDictionary(p => p.name, p => p.parameter);
        Assert.Multiple(() =>
        {
            Assert.That(norm["block.1.weight"].data<float>().ToArray(), Is.All.EqualTo(1f));
            Assert.That(norm["block.1.bias"].data<float>().ToArray(), Is.All.EqualTo(0f));
        });
    }

    [Test]
    public void UnetKeysFollowTheReferenceModuleTree()
    {
        using var unet = new ConditionalUnet1D(3, 10, new UnetConfig([16, 32, 64], Groups: 4, StepEmbedDim: 16));
        var keys = unet.state_dict().Keys.ToHashSet();
        Assert.That(keys, Is.SupersetOf(new[]
        {
            "diffusion_step_encoder.1.weight",
            "diffusion_step_encoder.3.bias",
            "down_modules.0.0.blocks.0.block.0.weight",
            "down_modules.0.0.blocks.1.block.1.bias",
            "down_modules.0.0.cond_encoder.1.weight",
            "down_modules.0.0.residual_conv.weight",
            "down_modules.0.2.weight",
            "mid_modules.1.blocks.0.block.0.weight",
            "up_modules.0.0.residual_conv.weight",
            "up_modules.0.2.weight",
            "final_conv.0.block.0.weight",
            "final_conv.1.weight",
        }));
        Assert.That(keys, Has.None.Contains("down_modules.2.2"), "the last level does not downsample");
    }
}
