using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SparshRobot.Policy.Models;

/// <summary>Architecture of the denoising U-Net; defaults are the T6 reference (down_dims 256/512/1024, kernel 5, 8 groups).</summary>
public sealed record UnetConfig(long[] DownDims, long KernelSize = 5, long Groups = 8, long StepEmbedDim = 128)
{
    public static UnetConfig Reference { get; } = new([256, 512, 1024]);
}

/// <summary>
/// Diffusion Policy's 1D temporal U-Net with global conditioning: predicts the noise on an action sequence
/// (B, T, action_dim) given the diffusion step and the observation features.
/// </summary>
public sealed class ConditionalUnet1D : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    private readonly Sequential diffusion_step_encoder;
    private readonly ModuleList<ModuleList<nn.Module>> down_modules;
    private readonly ModuleList<ConditionalResidualBlock1D> mid_modules;
    private readonly ModuleList<ModuleList<nn.Module>> up_modules;
    private readonly Sequential final_conv;

    public ConditionalUnet1D(long actionDim, long globalCondDim, UnetConfig config)
        : base(nameof(ConditionalUnet1D))
    {
        if (config.DownDims.Length == 0)
        {
            throw new ArgumentException("the U-Net needs at least one down dimension", nameof(config));
        }
        var stepDim = config.StepEmbedDim;
        diffusion_step_encoder = nn.Sequential(
            ("0", new SinusoidalPosEmb(stepDim)),
            ("1", nn.Linear(stepDim, stepDim * 4)),
            ("2", nn.Mish()),
            ("3", nn.Linear(stepDim * 4, stepDim)));
        var condDim = stepDim + globalCondDim;
        long[] dims = [actionDim, .. config.DownDims];
        var levels = config.DownDims.Length;

        down_modules = new ModuleList<ModuleList<nn.Module>>();
        for (var i = 0; i < levels; i++)
        {
            var last = i == levels - 1;
            down_modules.Add(nn.ModuleList<nn.Module>(
                new ConditionalResidualBlock1D(dims[i], dims[i + 1], condDim, config.KernelSize, config.Groups),
                new ConditionalResidualBlock1D(dims[i + 1], dims[i + 1], condDim, config.KernelSize, config.Groups),
                last ? nn.Identity() : nn.Conv1d(dims[i + 1], dims[i + 1], 3, stride: 2, padding: 1)));
        }
        var mid = dims[^1];
        mid_modules = nn.ModuleList(
            new ConditionalResidualBlock1D(mid, mid, condDim, config.KernelSize, config.Groups),
            new ConditionalResidualBlock1D(mid, mid, condDim, config.KernelSize, config.Groups));

        up_modules = new ModuleList<ModuleList<nn.Module>>();
        // Every up level doubles the length back: there is one fewer up level than down levels.
        for (var i = levels - 1; i >= 1; i--)
        {
            up_modules.Add(nn.ModuleList<nn.Module>(
                new ConditionalResidualBlock1D(dims[i + 1] * 2, dims[i], condDim, config.KernelSize, config.Groups),
                new ConditionalResidualBlock1D(dims[i], dims[i], condDim, config.KernelSize, config.Groups),
                nn.ConvTranspose1d(dims[i], dims[i], 4, stride: 2, padding: 1)));
        }
        final_conv = nn.Sequential(
            ("0", new Conv1dBlock(dims[1], dims[1], config.KernelSize, config.Groups)),
            ("1", nn.Conv1d(dims[1], actionDim, 1)));
        RegisterComponents();
    }

    /// <summary>The horizon must halve cleanly at every downsampling level.</summary>
    public static void CheckHorizon(long horizon, UnetConfig config)
    {
        var factor = 1L << (config.DownDims.Length - 1);
        if (horizon % factor != 0)
        {
            throw new ArgumentException($"horizon {horizon} must be a multiple of {factor} for {config.DownDims.Length} U-Net levels");
        }
    }

    /// <param name="sample">(B, T, action_dim) noisy actions</param>
    /// <param name="steps">(B) diffusion steps</param>
    /// <param name="globalCond">(B, global_cond_dim) observation features</param>
    public override Tensor forward(Tensor sample, Tensor steps, Tensor globalCond)
    {
        using var scope = NewDisposeScope();
        var x = sample.transpose(1, 2);
        var cond = torch.cat([diffusion_step_encoder.call(steps), globalCond], 1);
        var skips = new Stack<Tensor>();
        foreach (var level in down_modules)
        {
            x = Block(level[0]).call(x, cond);
            x = Block(level[1]).call(x, cond);
            skips.Push(x);
            x = Plain(level[2]).call(x);
        }
        foreach (var block in mid_modules)
        {
            x = block.call(x, cond);
        }
        foreach (var level in up_modules)
        {
            x = torch.cat([x, skips.Pop()], 1);
            x = Block(level[0]).call(x, cond);
            x = Block(level[1]).call(x, cond);
            x = Plain(level[2]).call(x);
        }
        return final_conv.call(x).transpose(1, 2).MoveToOuterDisposeScope();
    }

    private static ConditionalResidualBlock1D Block(nn.Module m) => (ConditionalResidualBlock1D)m;

    private static nn.Module<Tensor, Tensor> Plain(nn.Module m) => (nn.Module<Tensor, Tensor>)m;
}
