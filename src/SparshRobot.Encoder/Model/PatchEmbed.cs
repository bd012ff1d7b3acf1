using TorchSharp;
using static TorchSharp.torch;

namespace SparshRobot.Encoder.Model;

/// <summary>
/// Non-overlapping patches to tokens: Conv2d (image mode) or Conv3d over tubelets (video mode), kernel = stride,
/// then flatten to (B, N, D) with token index running over the grid row-major. No norm.
/// </summary>
public sealed class PatchEmbed : nn.Module
{
    private readonly nn.Module<Tensor, Tensor> proj;

    public PatchEmbed(VitConfig config) : base(nameof(PatchEmbed))
    {
        proj = config.Mode == InputMode.Video
            ? nn.Conv3d(config.InChannels, config.EmbedDim,
                kernel_size: (config.Tubelet, config.PatchSize, config.PatchSize),
                stride: (config.Tubelet, config.PatchSize, config.PatchSize))
            : nn.Conv2d(config.InChannels, config.EmbedDim, kernel_size: config.PatchSize, stride: config.PatchSize);
        RegisterComponents();
    }

    /// <summary>Returns the tokens (B, N, D); <paramref name="grid"/> receives the patch grid (2 or 3 entries).</summary>
    public Tensor Forward(Tensor x, Span<long> grid)
    {
        var y = proj.call(x);
        var shape = y.shape;
        for (var i = 2; i < shape.Length; i++)
        {
            grid[i - 2] = shape[i];
        }
        return y.flatten(2).transpose(1, 2);
    }
}
