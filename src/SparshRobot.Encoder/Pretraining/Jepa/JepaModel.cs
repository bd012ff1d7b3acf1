using SparshRobot.Encoder.Model;
using TorchSharp;
using static TorchSharp.torch;
using Parameter = TorchSharp.Modules.Parameter;

namespace SparshRobot.Encoder.Pretraining.Jepa;

// Field names are the PyTorch attribute names: RegisterComponents() turns them into state-dict keys.

/// <summary>A ViT under a <c>backbone</c> attribute, as Sparsh's V-JEPA wraps its encoders (<c>target_encoder.backbone.</c>).</summary>
public sealed class JepaBackbone : nn.Module<Tensor, Tensor>
{
    private readonly SparshVit backbone;

    public JepaBackbone(VitConfig config) : base(nameof(JepaBackbone))
    {
        backbone = new SparshVit(config);
        RegisterComponents();
    }

    public SparshVit Vit => backbone;

    public override Tensor forward(Tensor x) => backbone.call(x);
}

/// <summary>
/// I-JEPA (image pairs, multi-block masks) or V-JEPA (4-frame clips in tubelets of 2, tube masks), by the encoder's
/// <see cref="InputMode"/>. The context encoder sees only the context tokens; the predictor fills in the targets; the loss
/// is <see cref="JepaLoss"/> against the EMA target encoder's layer-normed tokens. State-dict keys mirror Sparsh's
/// checkpoints: <c>context_encoder.</c>, <c>target_encoder.</c>, <c>predictor.</c> for I-JEPA, and the encoders under
/// <c>.backbone.</c> for V-JEPA; the target encoder is exported.
/// </summary>
public sealed class JepaModel : nn.Module, IPretrainObjective
{
    private readonly nn.Module<Tensor, Tensor> context_encoder;
    private readonly nn.Module<Tensor, Tensor> target_encoder;
    private readonly JepaPredictor predictor;
    private readonly JepaOptions _options;
    private readonly int _steps;
    private readonly bool _video;

    public JepaModel(VitConfig config, JepaOptions options, int steps) : base(nameof(JepaModel))
    {
        _video = config.Mode == InputMode.Video;
        _options = options;
        _steps = steps;
        context_encoder = _video ? new JepaBackbone(config) : new SparshVit(config);
        target_encoder = _video ? new JepaBackbone(config) : new SparshVit(config);
        predictor = new JepaPredictor(config.EmbedDim, _video ? 3 : 2, options);
        RegisterComponents();
        if (config.Registers > 0)
        {
            using var noGrad = no_grad();
            nn.init.normal_(Context.state_dict()["register_tokens"], std: 0.02);
        }
        Ema.Initialize(target_encoder, context_encoder);
    }

    private SparshVit Context => Vit(context_encoder);

    public SparshVit Encoder => Vit(target_encoder);

    private static SparshVit Vit(nn.Module module) => module as SparshVit ?? ((JepaBackbone)module).Vit;

    public string Title => $"{(_video ? "V-JEPA" : "I-JEPA")} pretraining loss (smooth L1 on target tokens)";

    public nn.Module State => this;

    public IEnumerable<Parameter> Trainable => context_encoder.parameters().Concat(predictor.parameters());

    /// <summary>The target tokens' spread across the batch (<see cref="FeatureSpread"/>): the loss alone cannot tell a
    /// target encoder that ignores its input, which the predictor matches trivially, from a good one.</summary>
    public IReadOnlyList<string> StatNames => ["target_spread"];

    public IReadOnlyDictionary<string, string> Settings => PretrainMethods.Settings(
        ("jepa_predictor_dim", _options.PredictorDim), ("jepa_predictor_depth", _options.PredictorDepth), ("jepa_predictor_heads", _options.PredictorHeads),
        ("jepa_target_blocks", _options.TargetBlocks), ("jepa_target_scale_min", _options.TargetScaleMin), ("jepa_target_scale_max", _options.TargetScaleMax),
        ("jepa_aspect_min", _options.AspectMin), ("jepa_aspect_max", _options.AspectMax), ("jepa_context_scale_min", _options.ContextScaleMin),
        ("jepa_context_scale_max", _options.ContextScaleMax), ("jepa_ema_start", _options.EmaStart), ("steps", _steps));

    public Tensor Batch(IFrameSource frames, long[] indices, Device device) =>
        _video ? FrameBatches.Clips(frames, indices, device) : FrameBatches.Images(frames, indices, device);

    public StepOutput Step(Tensor batch, StepContext context)
    {
        var rank = batch.dim();
        var grid = Context.Grid(batch.shape[rank - 2], batch.shape[rank - 1], _video ? batch.shape[2] : 0);
        var masks = _video
            ? BlockMasking.Tube((int)grid[0], (int)grid[1], (int)grid[2], _options, context.Random)
            : BlockMasking.MultiBlock((int)grid[0], (int)grid[1], _options, context.Random);
        Tensor targets;
        double spread;
        using (no_grad())
        {
            using var tokens = target_encoder.call(batch);
            targets = nn.functional.layer_norm(tokens, [tokens.shape[2]]);
            spread = FeatureSpread.AcrossBatch(tokens);
        }
        // One mask set per batch, so every sample keeps the same number of context tokens.
        var contextIndex = tensor(masks.Context, device: batch.device);
        var encoded = Context.Forward(batch, contextIndex.unsqueeze(0).expand(batch.shape[0], -1));
        var losses = masks.Targets.Select(block =>
        {
            var targetIndex = tensor(block, device: batch.device);
            return JepaLoss.Compute(predictor.Forward(encoded, contextIndex, targetIndex, grid), targets.index_select(1, targetIndex));
        }).ToArray();
        return new StepOutput(stack(losses).mean(), [spread]);
    }

    public void AfterStep(int step) => Ema.Update(target_encoder, context_encoder, Ema.Momentum(_options.EmaStart, step, _steps));

    public string? Collapse(IReadOnlyList<double[]> stats) =>
        FeatureSpread.Judge(stats.Select(s => s.Length > 0 ? s[0] : double.NaN), _options.CollapseStd, _options.CollapseShrink, "target encoder features");
}

/// <summary>The JEPA regression loss.</summary>
public static class JepaLoss
{
    /// <summary>Smooth L1 (β = 1, as I-JEPA) between predicted and target tokens, averaged over every element; the
    /// target carries no gradient.</summary>
    public static Tensor Compute(Tensor prediction, Tensor target) =>
        nn.functional.smooth_l1_loss(prediction, target.detach(), reduction: nn.Reduction.Mean, beta: 1.0);
}
