using SparshRobot.Encoder.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace SparshRobot.Encoder.Pretraining;

/// <summary>Decoder settings; a lightweight decoder as in MAE (narrow, shallow), discarded after pretraining.</summary>
public sealed record MaeOptions
{
    public double MaskRatio { get; init; } = 0.75;

    public int DecoderDim { get; init; } = 128;

    public int DecoderDepth { get; init; } = 2;

    public int DecoderHeads { get; init; } = 4;
}

// Field names are the PyTorch attribute names: RegisterComponents() turns them into state-dict keys.

/// <summary>
/// Masked autoencoder around a Sparsh encoder (image mode): a random 75% of the patches is hidden, the encoder
/// sees only the rest (after positional embedding), and the decoder predicts the pixels of the hidden patches of
/// the 6-channel input. Loss: mean squared error over the masked patches only.
/// </summary>
public sealed class MaeModel : nn.Module<Tensor, Tensor>, IPretrainObjective
{
    private readonly SparshVit encoder;
    private readonly nn.Module<Tensor, Tensor> decoder_embed;
    private readonly TorchSharp.Modules.Parameter mask_token;
    private readonly SinusoidalEmbed decoder_pos_embed;
    private readonly TorchSharp.Modules.ModuleList<Block> decoder_blocks;
    private readonly nn.Module<Tensor, Tensor> decoder_norm;
    private readonly nn.Module<Tensor, Tensor> decoder_pred;
    private readonly MaeOptions _options;

    public MaeModel(VitConfig config, MaeOptions options) : base(nameof(MaeModel))
    {
        if (config.Mode != InputMode.Image)
        {
            throw new ArgumentException("MAE pretraining is implemented for the image (6-channel) encoder only");
        }
        _options = options;
        encoder = new SparshVit(config);
        decoder_embed = nn.Linear(config.EmbedDim, options.DecoderDim);
        mask_token = new TorchSharp.Modules.Parameter(zeros(1, 1, options.DecoderDim));
        decoder_pos_embed = new SinusoidalEmbed(options.DecoderDim, 2);
        decoder_blocks = nn.ModuleList([.. Enumerable.Range(0, options.DecoderDepth).Select(_ => new Block(options.DecoderDim, options.DecoderHeads))]);
        decoder_norm = nn.LayerNorm(options.DecoderDim, eps: Block.NormEps);
        decoder_pred = nn.Linear(options.DecoderDim, (long)config.PatchSize * config.PatchSize * config.InChannels);
        RegisterComponents();
        using var noGrad = no_grad();
        nn.init.normal_(mask_token, std: 0.02);
        if (config.Registers > 0)
        {
            nn.init.normal_(encoder.state_dict()["register_tokens"], std: 0.02);
        }
    }

    public SparshVit Encoder => encoder;

    public string Title => "MAE pretraining loss (masked patches, MSE)";

    public nn.Module State => this;

    public IEnumerable<TorchSharp.Modules.Parameter> Trainable => parameters();

    public IReadOnlyList<string> StatNames => [];

    public IReadOnlyDictionary<string, string> Settings => PretrainMethods.Settings(
        ("mask_ratio", _options.MaskRatio), ("decoder_dim", _options.DecoderDim), ("decoder_depth", _options.DecoderDepth), ("decoder_heads", _options.DecoderHeads));

    public Tensor Batch(IFrameSource frames, long[] indices, Device device) => FrameBatches.Images(frames, indices, device);

    public StepOutput Step(Tensor batch, StepContext context) => new(Loss(batch, context.Generator), []);

    public void AfterStep(int step)
    {
        // No EMA copy: MAE trains one encoder.
    }

    public string? Collapse(IReadOnlyList<double[]> stats) => null;

    /// <summary>Masked-patch reconstruction loss for a batch (B, C, H, W), with a fresh random mask.</summary>
    public override Tensor forward(Tensor x) => Loss(x, generator: null);

    public Tensor Loss(Tensor x, Generator? generator)
    {
        using var scope = NewDisposeScope();
        var config = encoder.Config;
        var b = x.shape[0];
        var grid = encoder.Grid(x.shape[2], x.shape[3]);
        var n = grid[0] * grid[1];
        var visible = Math.Max(1, (long)(n * (1 - _options.MaskRatio)));
        var noise = rand([b, n], generator: generator, device: x.device);
        var shuffle = noise.argsort(1);
        var restore = shuffle.argsort(1);
        var keep = shuffle.narrow(1, 0, visible);

        var latent = decoder_embed.call(encoder.Forward(x, keep));
        var masked = mask_token.expand(b, n - visible, -1);
        var tokens = cat([latent, masked], 1).gather(1, restore.unsqueeze(-1).expand(-1, -1, _options.DecoderDim));
        tokens = tokens + decoder_pos_embed.ForGrid(grid, x.device);
        foreach (var block in decoder_blocks)
        {
            tokens = block.call(tokens);
        }
        var prediction = decoder_pred.call(decoder_norm.call(tokens));

        var target = Patchify(x, config.PatchSize);
        // 1 on the hidden patches, 0 on the visible ones: only hidden patches count in the loss.
        var mask = ones([b, n], device: x.device).scatter(1, keep, zeros([b, visible], device: x.device));
        var perPatch = (prediction - target).pow(2).mean([-1]);
        return ((perPatch * mask).sum() / mask.sum()).MoveToOuterDisposeScope();
    }

    /// <summary>(B, C, H, W) to (B, N, P·P·C), tokens row-major like the patch embedding, pixels (p, q, c).</summary>
    public static Tensor Patchify(Tensor x, int patch)
    {
        var (b, c, h, w) = (x.shape[0], x.shape[1], x.shape[2] / patch, x.shape[3] / patch);
        return x.reshape(b, c, h, patch, w, patch).permute(0, 2, 4, 3, 5, 1).reshape(b, h * w, (long)patch * patch * c);
    }
}
