using SparshRobot.Encoder.Initialization;
using SparshRobot.Encoder.Model;
using TorchSharp;
using static TorchSharp.torch;
using Parameter = TorchSharp.Modules.Parameter;

namespace SparshRobot.Encoder.Pretraining.Jepa;

// Field names are the PyTorch attribute names: RegisterComponents() turns them into state-dict keys.

/// <summary>
/// The JEPA predictor: a narrow ViT that reads the context tokens (projected to its width, with their positions) next to
/// one mask token per target position (the shared <c>mask_token</c> plus that position's embedding), and maps its outputs at
/// the target positions back to the encoder's width.
/// </summary>
public sealed class JepaPredictor : nn.Module
{
    private readonly nn.Module<Tensor, Tensor> predictor_embed;
    private readonly Parameter mask_token;
    private readonly SinusoidalEmbed predictor_pos_embed;
    private readonly TorchSharp.Modules.ModuleList<Block> predictor_blocks;
    private readonly nn.Module<Tensor, Tensor> predictor_norm;
    private readonly nn.Module<Tensor, Tensor> predictor_proj;

    public JepaPredictor(int encoderDim, int gridDims, JepaOptions options) : base(nameof(JepaPredictor))
    {
        predictor_embed = nn.Linear(encoderDim, options.PredictorDim);
        mask_token = new Parameter(zeros(1, 1, options.PredictorDim));
        predictor_pos_embed = new SinusoidalEmbed(options.PredictorDim, gridDims);
        predictor_blocks = nn.ModuleList([.. Enumerable.Range(0, options.PredictorDepth).Select(_ => new Block(options.PredictorDim, options.PredictorHeads))]);
        predictor_norm = nn.LayerNorm(options.PredictorDim, eps: Block.NormEps);
        predictor_proj = nn.Linear(options.PredictorDim, encoderDim);
        RegisterComponents();
        // I-JEPA draws the predictor mask token from trunc_normal(std 0.02).
        TruncatedNormal.Fill(mask_token, std: 0.02);
    }

    /// <summary>
    /// Predictions (B, T, D) for the <paramref name="targets"/> positions (T) from the encoded <paramref name="context"/>
    /// (B, C, D) at <paramref name="contextIndex"/> (C) on a patch grid of shape <paramref name="grid"/>.
    /// </summary>
    public Tensor Forward(Tensor context, Tensor contextIndex, Tensor targets, ReadOnlySpan<long> grid)
    {
        using var scope = NewDisposeScope();
        var positions = predictor_pos_embed.ForGrid(grid, context.device);
        var seen = predictor_embed.call(context) + positions.index_select(1, contextIndex);
        var queries = (mask_token + positions.index_select(1, targets)).expand(context.shape[0], -1, -1);
        var tokens = cat([seen, queries], 1);
        foreach (var block in predictor_blocks)
        {
            tokens = block.call(tokens);
        }
        var predicted = predictor_norm.call(tokens).narrow(1, seen.shape[1], targets.shape[0]);
        return predictor_proj.call(predicted).MoveToOuterDisposeScope();
    }
}
