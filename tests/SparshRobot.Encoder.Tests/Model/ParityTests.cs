using SparshRobot.Encoder.Checkpoints;
using SparshRobot.Encoder.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace SparshRobot.Encoder.Tests.Model;

/// <summary>The port reproduces the independent PyTorch reference (make_fixtures.py) to 1e-4.</summary>
[Category("torch")]
public class ParityTests
{
    [Test]
    public void ImageEncoderMatchesReferenceAt320x240()
    {
        using var scope = NewDisposeScope();
        using var encoder = TactileEncoder.Open(Fixtures.Path("vit_tiny.safetensors"));
        Assert.That(encoder.Config.Registers, Is.EqualTo(1));
        var output = encoder.Encode(Fixtures.Tensor("vit_tiny_input.npy"));
        var expected = Fixtures.Tensor("vit_tiny_output.npy");
        Assert.That(output.shape, Is.EqualTo(new long[] { 1, 300, 48 }));
        Assert.That(Fixtures.MaxAbsDiff(output, expected), Is.LessThanOrEqualTo(1e-4));
    }

    [Test]
    public void ImageEncoderMatchesReferenceForABatchOfTwoOnAnotherGrid()
    {
        using var scope = NewDisposeScope();
        using var encoder = TactileEncoder.Open(Fixtures.Path("vit_tiny.safetensors"));
        var output = encoder.Encode(Fixtures.Tensor("vit_tiny_small_input.npy"));
        Assert.That(output.shape, Is.EqualTo(new long[] { 2, 12, 48 }));
        Assert.That(Fixtures.MaxAbsDiff(output, Fixtures.Tensor("vit_tiny_small_output.npy")), Is.LessThanOrEqualTo(1e-4));
    }

    [Test]
    public void VideoEncoderMatchesReference()
    {
        using var scope = NewDisposeScope();
        using var encoder = TactileEncoder.Open(Fixtures.Path("vjepa_tiny.safetensors"));
        Assert.That(encoder.Config.Mode, Is.EqualTo(InputMode.Video));
        Assert.That(encoder.Config.Tubelet, Is.EqualTo(2));
        Assert.That(encoder.Info.Family, Is.EqualTo(CheckpointFamily.VJepa));
        var output = encoder.Encode(Fixtures.Tensor("vjepa_tiny_input.npy"));
        Assert.That(output.shape, Is.EqualTo(new long[] { 1, 24, 48 }));
        Assert.That(Fixtures.MaxAbsDiff(output, Fixtures.Tensor("vjepa_tiny_output.npy")), Is.LessThanOrEqualTo(1e-4));
    }

    [Test]
    public void FlatBufferPathEqualsTensorPath()
    {
        using var scope = NewDisposeScope();
        using var encoder = TactileEncoder.Open(Fixtures.Path("vit_tiny.safetensors"));
        var input = Fixtures.Tensor("vit_tiny_input.npy");
        var fromBuffer = encoder.Encode(input.data<float>().ToArray(), batch: 1);
        Assert.That(Fixtures.MaxAbsDiff(fromBuffer, Fixtures.Tensor("vit_tiny_output.npy")), Is.LessThanOrEqualTo(1e-4));
        Assert.Throws<ArgumentException>(() => encoder.Encode(new float[10], batch: 1));
    }

    [TestCase("pos2d_d50.npy", new long[] { 20, 15 })]
    [TestCase("pos3d_d50.npy", new long[] { 2, 20, 15 })]
    public void SinusoidalTableMatchesReferenceIncludingTruncation(string fixture, long[] grid)
    {
        using var scope = NewDisposeScope();
        var table = tensor(SinusoidalEmbed.Table(50, grid), [grid.Aggregate(1L, (a, b) => a * b), 50]);
        Assert.That(Fixtures.MaxAbsDiff(table, Fixtures.Tensor(fixture)), Is.LessThanOrEqualTo(1e-6));
    }

    [Test]
    public void FusedAttentionEqualsExplicitSoftmaxAttention()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var attention = new Attention(48, 3);
        var x = randn(2, 17, 48);
        var state = attention.state_dict();
        var qkv = nn.functional.linear(x, state["qkv.weight"], state["qkv.bias"]).view(2, 17, 3, 3, 16).permute(2, 0, 3, 1, 4);
        var weights = (qkv[0].matmul(qkv[1].transpose(-2, -1)) / Math.Sqrt(16)).softmax(-1);
        var explicitOut = nn.functional.linear(weights.matmul(qkv[2]).transpose(1, 2).reshape(2, 17, 48), state["proj.weight"], state["proj.bias"]);
        Assert.That(Fixtures.MaxAbsDiff(attention.call(x), explicitOut), Is.LessThanOrEqualTo(1e-5));
    }

    [Test]
    public void ModuleTreeHasTheReleasedKeyNamesForSmall()
    {
        // Small rather than base keeps the test quick; the key set is the same 174 keys (docs/design-notes.md,
        // "Sparsh encoder and checkpoints").
        using var model = new SparshVit(VitConfig.ForSize(VitSize.Small));
        var state = model.state_dict();
        Assert.That(state, Has.Count.EqualTo(174));
        Assert.That(state["patch_embed.proj.weight"].shape, Is.EqualTo(new long[] { 384, 6, 16, 16 }));
        Assert.That(state["pos_embed.frequency_bands"].shape, Is.EqualTo(new long[] { 2, 96 }));
        Assert.That(state["blocks.11.attn.qkv.weight"].shape, Is.EqualTo(new long[] { 1152, 384 }));
        Assert.That(state["blocks.0.mlp.fc1.weight"].shape, Is.EqualTo(new long[] { 1536, 384 }));
        Assert.That(state["blocks.0.ls2.gamma"].shape, Is.EqualTo(new long[] { 384 }));
        Assert.That(state["register_tokens"].shape, Is.EqualTo(new long[] { 1, 1, 384 }));
        Assert.That(model.Config.NamedSize, Is.EqualTo(VitSize.Small));
    }
}
