using SparshRobot.Encoder.Model;
using static TorchSharp.torch;

namespace SparshRobot.Encoder.Tests.Model;

/// <summary>A bfloat16 encoder gives float32 tokens that stay close to the float32 encoder's on the same weights.</summary>
[Category("torch")]
public class PrecisionTests
{
    private static SparshVit Model(VitConfig config)
    {
        manual_seed(11);
        var model = new SparshVit(config);
        model.eval();
        return model;
    }

    [TestCase(0)]
    [TestCase(4)]
    public void BFloat16TokensStayCloseToFloat32(int registers)
    {
        using var scope = NewDisposeScope();
        var config = new VitConfig { EmbedDim = 96, Depth = 4, NumHeads = 3, Registers = registers, Height = 64, Width = 48 };
        using var reference = TactileEncoder.Wrap(Model(config), CPU);
        using var narrow = TactileEncoder.Wrap(Model(config), CPU, EncoderPrecision.BFloat16);
        var input = rand(2, 6, 64, 48);
        using var mode = inference_mode();
        var expected = reference.Encode(input);
        var actual = narrow.Encode(input);
        Assert.That(narrow.Precision, Is.EqualTo(EncoderPrecision.BFloat16));
        // Probes trained on the float32 checkpoint must still recognise it.
        Assert.That(narrow.Identity, Is.EqualTo(reference.Identity));
        Assert.That(narrow.Model.parameters().Select(p => p.dtype), Is.All.EqualTo(ScalarType.Float32), "the bf16 copies are the plan's");
        Assert.That(actual.dtype, Is.EqualTo(ScalarType.Float32));
        Assert.That(actual.shape, Is.EqualTo(expected.shape));
        // bfloat16 keeps 8 significand bits (relative step 2^-8 = 0.4 %). Only the products' inputs are rounded, never
        // the float32 residual stream, so four blocks stay within 1 % of the tokens' RMS (0.35 % measured).
        var relative = ((actual - expected).square().mean().sqrt() / expected.square().mean().sqrt()).item<float>();
        Assert.That(relative, Is.LessThan(0.01));
        var other = reference.Encode(rand(2, 6, 64, 48));
        var unrelated = ((other - expected).square().mean().sqrt() / expected.square().mean().sqrt()).item<float>();
        Assert.That(relative, Is.LessThan(unrelated / 5));
    }

    [Test]
    public void BFloat16EncodesAFramesStackAsFloat32()
    {
        using var scope = NewDisposeScope();
        var config = new VitConfig { EmbedDim = 48, Depth = 1, NumHeads = 3, Height = 32, Width = 32 };
        using var narrow = TactileEncoder.Wrap(Model(config), CPU, EncoderPrecision.BFloat16);
        var frames = randint(0, 256, [3, 6, 32, 32]).to(ScalarType.Byte);
        var tokens = narrow.EncodeFrames(frames, batch: 2);
        Assert.That(tokens.dtype, Is.EqualTo(ScalarType.Float32));
        Assert.That(tokens.shape, Is.EqualTo(new long[] { 3, config.NumPatches, 48 }));
    }

    [Test]
    public void PositionTableIsCachedOnceInTheStreamFormatAsTheFloat32TableRounded()
    {
        using var embed = new SinusoidalEmbed(96, 2);
        long[] grid = [4, 3];
        var exact = embed.ForGrid(grid, CPU);
        var narrow = embed.ForGrid(grid, CPU, ScalarType.BFloat16);
        // An eager forward of a model converted to bf16 adds this table: it must be the float32 table rounded, cached.
        using var rounded = exact.to(ScalarType.BFloat16);
        Assert.That(narrow.dtype, Is.EqualTo(ScalarType.BFloat16));
        Assert.That(narrow.equal(rounded).all().item<bool>(), Is.True);
        Assert.That(exact.dtype, Is.EqualTo(ScalarType.Float32));
        Assert.That(exact.data<float>().ToArray(), Is.EqualTo(SinusoidalEmbed.Table(96, grid)));
        Assert.That(embed.ForGrid(grid, CPU, ScalarType.BFloat16).Handle, Is.EqualTo(narrow.Handle), "looked up, not rebuilt");
        using var widened = narrow.to(ScalarType.Float32);
        Assert.That(widened.equal(exact).all().item<bool>(), Is.False, "rounding to bf16 must change some values");
    }
}
