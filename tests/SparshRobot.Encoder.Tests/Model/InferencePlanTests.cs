using System.Runtime.InteropServices;
using SparshRobot.Encoder.Model;
using SparshRobot.Encoder.Model.Inference;
using SparshRobot.Testing;
using TorchSharp;
using static TorchSharp.torch;

namespace SparshRobot.Encoder.Tests.Model;

/// <summary>The allocation-free inference plan computes what the eager module computes, and allocates nothing
/// managed per call but the output tensor.</summary>
[Category("torch")]
public class InferencePlanTests
{
    private static SparshVit RandomModel(VitConfig config, int seed)
    {
        manual_seed(seed);
        var model = new SparshVit(config);
        model.eval();
        // Every weight random (LayerScale gammas and norms too), so a skipped or misplaced term shows.
        using (no_grad())
        {
            foreach (var (name, parameter) in model.named_parameters())
            {
                parameter.copy_(randn_like(parameter) * 0.3f + (name.EndsWith("gamma", StringComparison.Ordinal) ? 0.5f : 0f));
            }
        }
        return model;
    }

    private static double MaxAbsDiff(Tensor a, Tensor b) => (a - b).abs().max().item<float>();

    [TestCase(0, 2, 32, 48)]
    [TestCase(1, 1, 320, 240)]
    [TestCase(4, 3, 48, 64)]
    public void ImagePlanMatchesTheEagerModule(int registers, int batch, int height, int width)
    {
        using var scope = NewDisposeScope();
        var config = new VitConfig { EmbedDim = 48, Depth = 2, NumHeads = 3, Registers = registers };
        using var model = RandomModel(config, seed: registers);
        using var plan = new VitInferencePlan(model, CPU);
        var input = rand(batch, 6, height, width);
        using var mode = inference_mode();
        var expected = model.forward(input);
        var actual = plan.Forward(input);
        Assert.That(actual.shape, Is.EqualTo(expected.shape));
        Assert.That(MaxAbsDiff(actual, expected), Is.LessThanOrEqualTo(1e-5));
    }

    [Test]
    public void VideoPlanMatchesTheEagerModule()
    {
        using var scope = NewDisposeScope();
        var config = new VitConfig
        {
            EmbedDim = 48,
            Depth = 2,
            NumHeads = 3,
            Registers = 2,
            InChannels = 3,
            Mode = InputMode.Video,
            Height = 32,
            Width = 48,
        };
        using var model = RandomModel(config, seed: 7);
        using var plan = new VitInferencePlan(model, CPU);
        var input = rand([2, 3, 4, 32, 48]);
        using var mode = inference_mode();
        Assert.That(MaxAbsDiff(plan.Forward(input), model.forward(input)), Is.LessThanOrEqualTo(1e-5));
    }

    [Test]
    public void PlanSharesTheModuleWeights()
    {
        using var scope = NewDisposeScope();
        var config = new VitConfig { EmbedDim = 48, Depth = 1, NumHeads = 3, Height = 32, Width = 32 };
        using var model = RandomModel(config, seed: 3);
        using var plan = new VitInferencePlan(model, CPU);
        var input = rand(1, 6, 32, 32);
        var before = plan.Forward(input).clone();
        using (no_grad())
        {
            model.state_dict()["blocks.0.mlp.fc2.weight"].mul_(2f);
        }
        using var mode = inference_mode();
        var after = plan.Forward(input);
        Assert.That(MaxAbsDiff(after, before), Is.GreaterThan(1e-3), "an in-place weight update reaches the plan");
        Assert.That(MaxAbsDiff(after, model.forward(input)), Is.LessThanOrEqualTo(1e-5));
    }

    [Test]
    public void EncodingAllocatesNoManagedMemoryButTheOutputTensor()
    {
        var config = new VitConfig { EmbedDim = 48, Depth = 2, NumHeads = 3 };
        using var encoder = TactileEncoder.Wrap(RandomModel(config, seed: 1), CPU);
        var input = new float[2 * config.SampleShape.Aggregate(1L, (a, b) => a * b)];
        using var probe = zeros(1);
        var wrapper = Allocations.FewestPerBlock(() => probe.alias().Dispose());
        var encode = Allocations.FewestPerBlock(() => encoder.Encode(input, batch: 2).Dispose(), blocks: 10);
        Assert.That(wrapper, Is.GreaterThan(0), "a tensor wrapper is a managed object");
        Assert.That(encode, Is.EqualTo(wrapper), "a call allocates its output's wrapper and nothing else");
    }

    [Test]
    public void BadInputIsRejectedBeforeAnyNativeCall()
    {
        var config = new VitConfig { EmbedDim = 48, Depth = 1, NumHeads = 3 };
        using var model = RandomModel(config, seed: 2);
        using var plan = new VitInferencePlan(model, CPU);
        using var threeChannels = zeros(1, 3, 32, 32);
        Assert.That(() => plan.Forward(threeChannels), Throws.ArgumentException.With.Message.Contains("C = 6").And.Message.Contains("(1, 3, 32, 32)"));
        using var ragged = zeros(1, 6, 33, 32);
        Assert.That(() => plan.Forward(ragged), Throws.ArgumentException.With.Message.Contains("height 33"));
        using var doubles = zeros(1, 6, 32, 32, dtype: ScalarType.Float64);
        Assert.That(() => plan.Forward(doubles), Throws.ArgumentException.With.Message.Contains("float32"));
        plan.Dispose();
        using var fine = zeros(1, 6, 32, 32);
        Assert.That(() => plan.Forward(fine), Throws.TypeOf<ObjectDisposedException>());
    }

    [Test]
    public unsafe void ANativeFailureSurfacesLibtorchsMessage()
    {
        using var t = zeros(2, 3);
        long* shape = stackalloc long[] { 4, 4 };
        Assert.That(() => LibTorchSharpNative.Check(LibTorchSharpNative.THSTensor_view(t.Handle, shape, 2)),
            Throws.TypeOf<ExternalException>().With.Message.Contains("[4, 4]"));
    }
}
