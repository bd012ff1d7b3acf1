using SparshRobot.Encoder.Model;
using TorchSharp;
using static TorchSharp.torch;
using Parameter = TorchSharp.Modules.Parameter;

namespace SparshRobot.Encoder.Pretraining.Dino;

// Field names are the PyTorch attribute names: RegisterComponents() turns them into state-dict keys.

/// <summary>One DINO network: the ViT (<c>backbone</c>) and its projection head (<c>dino_head</c>).</summary>
public sealed class DinoBranch : nn.Module<Tensor, Tensor>
{
    private readonly SparshVit backbone;
    private readonly DinoHead dino_head;

    public DinoBranch(VitConfig config, DinoOptions options) : base(nameof(DinoBranch))
    {
        backbone = new SparshVit(config);
        dino_head = new DinoHead(config.EmbedDim, options);
        RegisterComponents();
    }

    public SparshVit Backbone => backbone;

    /// <summary>Prototype logits of a view.</summary>
    public override Tensor forward(Tensor x) => Forward(x).Logits;

    /// <summary>
    /// The view's feature, the mean of its patch tokens (Sparsh's ViT has no CLS token), and the head's logits.
    /// </summary>
    public (Tensor Feature, Tensor Logits) Forward(Tensor x)
    {
        using var tokens = backbone.call(x);
        var feature = tokens.mean([1]);
        return (feature, dino_head.call(feature));
    }
}

/// <summary>
/// DINO on touch: a student trained to match, on every other view, the centred and sharpened output of an EMA teacher
/// on the global views (<see cref="DinoLoss"/>). State-dict keys mirror Sparsh's DINO checkpoints:
/// <c>student_encoder.{backbone,dino_head}.*</c>, <c>teacher_encoder.{backbone,dino_head}.*</c>, <c>center</c>; the encoder
/// exported is the teacher's backbone (<c>teacher_encoder.backbone.</c>, where Sparsh's loader reads it).
/// Diagnostics per step: the teacher's entropy (nats) and the spread of its features across the batch.
/// </summary>
public sealed class DinoModel : nn.Module, IPretrainObjective
{
    private readonly DinoBranch student_encoder;
    private readonly DinoBranch teacher_encoder;
    private readonly Parameter center;
    private readonly DinoOptions _options;
    private readonly int _steps;

    public DinoModel(VitConfig config, DinoOptions options, int steps) : base(nameof(DinoModel))
    {
        if (config.Mode != InputMode.Image)
        {
            throw new ArgumentException("DINO pretraining reads image pairs; use vjepa for clips");
        }
        _options = options;
        _steps = steps;
        student_encoder = new DinoBranch(config, options);
        teacher_encoder = new DinoBranch(config, options);
        center = new Parameter(zeros(1, options.OutDim), requires_grad: false);
        RegisterComponents();
        if (config.Registers > 0)
        {
            using var noGrad = no_grad();
            nn.init.normal_(student_encoder.Backbone.state_dict()["register_tokens"], std: 0.02);
        }
        Ema.Initialize(teacher_encoder, student_encoder);
    }

    public string Title => "DINO pretraining loss (teacher-student cross-entropy)";

    public nn.Module State => this;

    public IEnumerable<Parameter> Trainable => student_encoder.parameters().Where(p => p.requires_grad);

    public SparshVit Encoder => teacher_encoder.Backbone;

    public SparshVit Student => student_encoder.Backbone;

    public IReadOnlyList<string> StatNames => ["teacher_entropy", "feature_std"];

    public IReadOnlyDictionary<string, string> Settings => PretrainMethods.Settings(
        ("dino_out_dim", _options.OutDim), ("dino_hidden_dim", _options.HiddenDim), ("dino_bottleneck_dim", _options.BottleneckDim), ("dino_head_batch_norm", _options.HeadBatchNorm ? 1 : 0),
        ("dino_local_crops", _options.LocalCrops), ("dino_global_scale_min", _options.GlobalScaleMin), ("dino_local_scale_min", _options.LocalScaleMin),
        ("dino_local_scale_max", _options.LocalScaleMax), ("dino_student_temp", _options.StudentTemp), ("dino_teacher_temp_start", _options.TeacherTempStart),
        ("dino_teacher_temp", _options.TeacherTemp), ("dino_teacher_temp_warmup", _options.TeacherTempWarmup),
        ("dino_center_momentum", _options.CenterMomentum), ("dino_ema_start", _options.EmaStart), ("steps", _steps));

    public Tensor Batch(IFrameSource frames, long[] indices, Device device) => indices.Length >= 2
        ? FrameBatches.Images(frames, indices, device)
        : throw new ArgumentException($"DINO needs batches of at least 2 frames (its head normalises across the batch); the dataset has {frames.Count}");

    public StepOutput Step(Tensor batch, StepContext context)
    {
        var (global, local) = MultiCrop.Views(batch, _options, Encoder.Config.PatchSize, context.Random);
        Tensor[] teacher;
        Tensor feature;
        using (no_grad())
        {
            var outputs = global.Select(teacher_encoder.Forward).ToArray();
            teacher = [.. outputs.Select(o => o.Logits)];
            feature = outputs[0].Feature;
        }
        Tensor[] student = [.. global.Concat(local).Select(v => student_encoder.call(v))];
        var temperature = DinoLoss.TeacherTemperature(_options, context.Step, _steps);
        var loss = DinoLoss.Compute(student, teacher, center, _options.StudentTemp, temperature);
        double entropy, spread;
        using (no_grad())
        {
            using var probabilities = DinoLoss.TeacherProbabilities(teacher[0], center, temperature);
            entropy = (-probabilities * probabilities.clamp_min(1e-12).log()).sum(-1).mean().item<float>();
            spread = FeatureSpread.AcrossBatch(feature);
        }
        DinoLoss.UpdateCenter(center, teacher, _options.CenterMomentum);
        return new StepOutput(loss, [entropy, spread]);
    }

    public void AfterStep(int step) => Ema.Update(teacher_encoder, student_encoder, Ema.Momentum(_options.EmaStart, step, _steps));

    public string? Collapse(IReadOnlyList<double[]> stats) => DinoCollapse.Judge(stats, _options);
}

/// <summary>Tells a collapsed DINO run from a healthy one by its logged diagnostics.</summary>
public static class DinoCollapse
{
    /// <summary>
    /// Judges the last tenth of the steps (at least one) of (teacher entropy, feature spread) rows: features that no
    /// longer vary across inputs (fallen below the floor, or shrunk far below the first tenth's spread), or a teacher as uniform
    /// as its K prototypes allow, mean a collapsed encoder.
    /// </summary>
    public static string? Judge(IReadOnlyList<double[]> stats, DinoOptions options)
    {
        if (FeatureSpread.Judge(stats.Select(s => s[1]), options.CollapseStd, options.CollapseShrink, "teacher features") is { } reason)
        {
            return reason;
        }
        if (stats.Count == 0)
        {
            return null;
        }
        var window = Math.Max(1, stats.Count / 10);
        var entropy = stats.Skip(stats.Count - window).Average(s => s[0]) / Math.Log(options.OutDim);
        if (entropy > options.CollapseEntropy)
        {
            return $"teacher output collapsed to uniform: its entropy is {entropy:P1} of log K (K = {options.OutDim}) over the last {window} steps (threshold {options.CollapseEntropy:P0})";
        }
        return null;
    }
}
