using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SparshRobot.Policy.Models;

// Building blocks of Diffusion Policy's 1D conditional U-Net. Field names follow the reference PyTorch modules
// (diffusion_policy/model/diffusion/conv1d_components.py, conditional_unet1d.py) so state-dict keys match.

/// <summary>Conv1d, GroupNorm, Mish: keys <c>block.0.*</c>, <c>block.1.*</c>.</summary>
public sealed class Conv1dBlock : nn.Module<Tensor, Tensor>
{
    private readonly Sequential block;

    public Conv1dBlock(long inChannels, long outChannels, long kernelSize, long groups)
        : base(nameof(Conv1dBlock))
    {
        var norm = nn.GroupNorm(groups, outChannels);
        // TorchSharp 0.107 leaves GroupNorm's affine parameters uninitialized (garbage, even NaN); PyTorch uses 1 and 0.
        using (torch.no_grad())
        {
            norm.weight!.fill_(1);
            norm.bias!.zero_();
        }
        block = nn.Sequential(
            ("0", nn.Conv1d(inChannels, outChannels, kernelSize, padding: kernelSize / 2)),
            ("1", norm),
            ("2", nn.Mish()));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => block.call(x);
}

/// <summary>
/// Two conv blocks with FiLM between them: the condition predicts a per-channel scale and bias
/// (<c>cond_predict_scale</c>) applied to the first block's output, plus a 1x1 residual when channels change.
/// </summary>
public sealed class ConditionalResidualBlock1D : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly ModuleList<Conv1dBlock> blocks;
    private readonly Sequential cond_encoder;
    private readonly nn.Module<Tensor, Tensor> residual_conv;
    private readonly long _outChannels;

    public ConditionalResidualBlock1D(long inChannels, long outChannels, long condDim, long kernelSize, long groups)
        : base(nameof(ConditionalResidualBlock1D))
    {
        _outChannels = outChannels;
        blocks = nn.ModuleList(
            new Conv1dBlock(inChannels, outChannels, kernelSize, groups),
            new Conv1dBlock(outChannels, outChannels, kernelSize, groups));
        cond_encoder = nn.Sequential(("0", nn.Mish()), ("1", nn.Linear(condDim, outChannels * 2)));
        residual_conv = inChannels != outChannels ? nn.Conv1d(inChannels, outChannels, 1) : nn.Identity();
        RegisterComponents();
    }

    /// <param name="x">(B, C_in, T)</param>
    /// <param name="cond">(B, cond_dim)</param>
    public override Tensor forward(Tensor x, Tensor cond)
    {
        using var scope = NewDisposeScope();
        var h = blocks[0].call(x);
        var film = cond_encoder.call(cond).reshape(cond.shape[0], 2, _outChannels, 1);
        h = film[.., 0] * h + film[.., 1];
        h = blocks[1].call(h);
        return (h + residual_conv.call(x)).MoveToOuterDisposeScope();
    }
}

/// <summary>Sinusoidal embedding of the diffusion step (no parameters).</summary>
public sealed class SinusoidalPosEmb(long dim) : nn.Module<Tensor, Tensor>(nameof(SinusoidalPosEmb))
{
    public override Tensor forward(Tensor steps)
    {
        using var scope = NewDisposeScope();
        var half = dim / 2;
        var frequencies = torch.exp(torch.arange(half, dtype: ScalarType.Float32, device: steps.device) * -(Math.Log(10000) / (half - 1)));
        var angles = steps.to(ScalarType.Float32).unsqueeze(1) * frequencies.unsqueeze(0);
        return torch.cat([angles.sin(), angles.cos()], 1).MoveToOuterDisposeScope();
    }
}
