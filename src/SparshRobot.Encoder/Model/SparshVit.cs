using TorchSharp;
using static TorchSharp.torch;
using Parameter = TorchSharp.Modules.Parameter;

namespace SparshRobot.Encoder.Model;

/// <summary>
/// The Sparsh ViT (docs/design-notes.md, "Sparsh encoder and checkpoints"): patch embedding, fixed sinusoidal
/// positions, then register tokens prepended (they get no position), pre-norm blocks, final LayerNorm (eps 1e-6).
/// The output is the normalized patch tokens with the registers dropped, (B, N, D). Parameter names match the released checkpoints one to one:
/// <c>patch_embed.proj.*</c>, <c>pos_embed.frequency_bands</c>, <c>register_tokens</c>, <c>blocks.{i}.*</c>, <c>norm.*</c>.
/// </summary>
public sealed class SparshVit : nn.Module<Tensor, Tensor>
{
    private readonly PatchEmbed patch_embed;
    private readonly SinusoidalEmbed pos_embed;
    private readonly Parameter? register_tokens;
    private readonly TorchSharp.Modules.ModuleList<Block> blocks;
    private readonly nn.Module<Tensor, Tensor> norm;

    // Field names are the PyTorch attribute names: RegisterComponents() turns them into state-dict keys.
    public SparshVit(VitConfig config) : base(nameof(SparshVit))
    {
        config.Validate();
        Config = config;
        patch_embed = new PatchEmbed(config);
        pos_embed = new SinusoidalEmbed(config.EmbedDim, config.Mode == InputMode.Video ? 3 : 2);
        if (config.Registers > 0)
        {
            register_tokens = new Parameter(zeros(1, config.Registers, config.EmbedDim));
        }
        blocks = nn.ModuleList([.. Enumerable.Range(0, config.Depth).Select(_ => new Block(config.EmbedDim, config.NumHeads))]);
        norm = nn.LayerNorm(config.EmbedDim, eps: Block.NormEps);
        RegisterComponents();
    }

    public VitConfig Config { get; }

    /// <summary>Normalized patch tokens (B, N, D) of an input shaped as <see cref="VitConfig.SampleShape"/>.</summary>
    public override Tensor forward(Tensor x) => Forward(x, keep: null);

    /// <summary>
    /// As <see cref="forward"/>, but when <paramref name="keep"/> (B, K) is given only those patch tokens (after
    /// the positional embedding) enter the blocks; MAE pretraining encodes the visible patches this way.
    /// </summary>
    public Tensor Forward(Tensor x, Tensor? keep)
    {
        CheckInput(Config, x);
        using var scope = NewDisposeScope();
        Span<long> grid = stackalloc long[3];
        var tokens = patch_embed.Forward(x, grid);
        var gridDims = grid[..(Config.Mode == InputMode.Video ? 3 : 2)];
        tokens = tokens + pos_embed.ForGrid(gridDims, tokens.device, tokens.dtype);
        if (keep is not null)
        {
            tokens = tokens.gather(1, keep.unsqueeze(-1).expand(-1, -1, Config.EmbedDim));
        }
        if (register_tokens is not null)
        {
            tokens = cat([register_tokens.expand(tokens.shape[0], -1, -1), tokens], 1);
        }
        foreach (var block in blocks)
        {
            tokens = block.call(tokens);
        }
        tokens = norm.call(tokens);
        if (Config.Registers > 0)
        {
            tokens = tokens.narrow(1, Config.Registers, tokens.shape[1] - Config.Registers);
        }
        return tokens.MoveToOuterDisposeScope();
    }

    /// <summary>The float32 positional table (1, N, D) for a patch grid on <paramref name="device"/>, cached by the
    /// embedding (the inference plan adds the same table the module does).</summary>
    internal Tensor PositionTable(ReadOnlySpan<long> grid, Device device) => pos_embed.ForGrid(grid, device);

    /// <summary>Patch grid (z-)y-x for an input of the given spatial (and temporal) size.</summary>
    public long[] Grid(long height, long width, long frames = 0) => Config.Mode == InputMode.Video
        ? [frames / Config.Tubelet, height / Config.PatchSize, width / Config.PatchSize]
        : [height / Config.PatchSize, width / Config.PatchSize];

    /// <summary>Rejects an input this configuration cannot encode; reads sizes one by one so the inference plan's
    /// check allocates nothing.</summary>
    internal static void CheckInput(VitConfig config, Tensor x)
    {
        var rank = config.Mode == InputMode.Video ? 5 : 4;
        if (x.dim() != rank || x.size(1) != config.InChannels)
        {
            var layout = config.Mode == InputMode.Video ? "(B, C, T, H, W)" : "(B, C, H, W)";
            throw new ArgumentException($"encoder input must be {layout} with C = {config.InChannels}, got ({string.Join(", ", x.shape)})");
        }
        var h = x.size(rank - 2);
        var w = x.size(rank - 1);
        if (h % config.PatchSize != 0 || w % config.PatchSize != 0)
        {
            throw new ArgumentException($"input height {h} and width {w} must be multiples of the patch size {config.PatchSize}");
        }
        if (config.Mode == InputMode.Video && x.size(2) % config.Tubelet != 0)
        {
            throw new ArgumentException($"{x.size(2)} frames cannot be cut into tubelets of {config.Tubelet}");
        }
        if (x.dtype != ScalarType.Float32)
        {
            throw new ArgumentException($"encoder input must be float32 in [0, 1], got {x.dtype}");
        }
    }
}
