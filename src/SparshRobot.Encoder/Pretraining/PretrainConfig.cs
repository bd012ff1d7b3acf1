using SparshRobot.Core.IO;
using SparshRobot.Encoder.Model;
using SparshRobot.Encoder.Pretraining.Dino;
using SparshRobot.Encoder.Pretraining.Jepa;
using YamlDotNet.Serialization;

namespace SparshRobot.Encoder.Pretraining;

/// <summary>The encoder pretrained: a named ViT size, its input size taken from the dataset's frames.</summary>
public sealed class PretrainEncoderSection
{
    public VitSize Size { get; set; } = VitSize.Tiny;

    /// <summary>Register tokens; unset: as the method's released Sparsh checkpoints have them (MAE 0, the others 1).</summary>
    public int? Registers { get; set; }
}

/// <summary>The optimizer's recipe; defaults are <see cref="PretrainingOptions"/>'s.</summary>
public sealed class PretrainTrainingSection
{
    private static readonly PretrainingOptions Recipe = new() { Encoder = VitConfig.ForSize(VitSize.Tiny) };

    public int Steps { get; set; } = Recipe.Steps;

    public int BatchSize { get; set; } = Recipe.BatchSize;

    public double Lr { get; set; } = Recipe.LearningRate;

    public double WeightDecay { get; set; } = Recipe.WeightDecay;

    /// <summary>Steps between resumable checkpoints.</summary>
    public int CheckpointEvery { get; set; } = Recipe.CheckpointEvery;

    public long Seed { get; set; } = Recipe.Seed;

    public string Device { get; set; } = "cpu";
}

/// <summary>
/// <c>encoder pretrain</c>'s settings, from an optional YAML file (relative paths against its folder) with the command
/// line's over them; the effective text is saved with the run and compared on <c>--resume</c>.
/// </summary>
public sealed class PretrainConfig
{
    public PretrainMethod Method { get; set; } = PretrainMethod.Mae;

    /// <summary>Dataset root: every <c>&lt;split&gt;/&lt;episode&gt;/inputs.npy</c> (at any depth) is read; labels are not needed.</summary>
    public string Dataset { get; set; } = "";

    public string Split { get; set; } = "train";

    /// <summary>Run folder: checkpoints, loss log and plot, <c>encoder.safetensors</c>.</summary>
    public string Output { get; set; } = "";

    public PretrainEncoderSection Encoder { get; set; } = new();

    public MaeOptions Mae { get; set; } = new();

    public DinoOptions Dino { get; set; } = new();

    public JepaOptions Jepa { get; set; } = new();

    public PretrainTrainingSection Training { get; set; } = new();

    /// <summary>The effective YAML these settings were read from.</summary>
    [YamlIgnore]
    public string Text { get; private set; } = "";

    /// <param name="path">The configuration file; null: every setting from <paramref name="overrides"/> or its default,
    /// relative paths against the working folder.</param>
    /// <param name="overrides"><c>section.key=value</c> settings over the file's.</param>
    public static PretrainConfig Load(string? path, IReadOnlyList<string> overrides)
    {
        var (config, text, folder, source) = YamlConfig.LoadRun<PretrainConfig>(path, overrides, "pretraining configuration");
        config.Text = text;
        config.Dataset = YamlConfig.ResolvePath(folder, config.Dataset, source, "dataset");
        config.Output = YamlConfig.ResolvePath(folder, config.Output, source, "output");
        config.Validate(source);
        return config;
    }

    /// <summary>The register count used: the setting, or the method's released checkpoints' count.</summary>
    [YamlIgnore]
    public int Registers => Encoder.Registers ?? (Method == PretrainMethod.Mae ? 0 : 1);

    /// <summary>The trainer's options for frames of <paramref name="height"/> x <paramref name="width"/> pixels (V-JEPA: clips
    /// of the frames' newest images).</summary>
    public PretrainingOptions Options(long height, long width) => new()
    {
        Method = Method,
        Encoder = VitConfig.ForSize(Encoder.Size, Registers, Method == PretrainMethod.VJepa ? InputMode.Video : InputMode.Image)
            with
        { Height = (int)height, Width = (int)width },
        Mae = Mae,
        Dino = Dino,
        Jepa = Jepa,
        Steps = Training.Steps,
        BatchSize = Training.BatchSize,
        LearningRate = Training.Lr,
        WeightDecay = Training.WeightDecay,
        CheckpointEvery = Training.CheckpointEvery,
        Seed = Training.Seed,
        Settings = Text,
    };

    private void Validate(string source)
    {
        void Require(bool ok, string key, object? value, string expected) => YamlConfig.Require(ok, source, key, value, expected);
        var m = Mae;
        var d = Dino;
        var j = Jepa;
        var t = Training;
        Require(Split.Length > 0, "split", Split, "a split folder's name, e.g. train");
        Require(Encoder.Registers is null or >= 0, "encoder.registers", Encoder.Registers, "0 or more");
        Require(m.MaskRatio is > 0 and < 1, "mae.mask_ratio", m.MaskRatio, "a fraction in (0, 1)");
        Require(m.DecoderDepth >= 1, "mae.decoder_depth", m.DecoderDepth, "at least 1");
        Require(m.DecoderHeads >= 1, "mae.decoder_heads", m.DecoderHeads, "at least 1");
        Require(m.DecoderDim >= 1 && m.DecoderDim % m.DecoderHeads == 0, "mae.decoder_dim", m.DecoderDim, $"a positive multiple of decoder_heads ({m.DecoderHeads})");
        Require(d.OutDim >= 2, "dino.out_dim", d.OutDim, "at least 2 prototypes");
        Require(d.HiddenDim >= 1, "dino.hidden_dim", d.HiddenDim, "at least 1");
        Require(d.BottleneckDim >= 1, "dino.bottleneck_dim", d.BottleneckDim, "at least 1");
        Require(d.LocalCrops >= 0, "dino.local_crops", d.LocalCrops, "0 or more");
        Require(d.GlobalScaleMin is > 0 and <= 1, "dino.global_scale_min", d.GlobalScaleMin, "a fraction in (0, 1]");
        Require(d.LocalScaleMin is > 0 and <= 1, "dino.local_scale_min", d.LocalScaleMin, "a fraction in (0, 1]");
        Require(d.LocalScaleMax >= d.LocalScaleMin && d.LocalScaleMax <= 1, "dino.local_scale_max", d.LocalScaleMax, $"a fraction in [local_scale_min ({d.LocalScaleMin}), 1]");
        Require(d.StudentTemp > 0, "dino.student_temp", d.StudentTemp, "a positive temperature");
        Require(d.TeacherTempStart > 0, "dino.teacher_temp_start", d.TeacherTempStart, "a positive temperature");
        Require(d.TeacherTemp > 0, "dino.teacher_temp", d.TeacherTemp, "a positive temperature");
        Require(d.TeacherTempWarmup is >= 0 and <= 1, "dino.teacher_temp_warmup", d.TeacherTempWarmup, "a fraction of the steps in [0, 1]");
        Require(d.CenterMomentum is >= 0 and < 1, "dino.center_momentum", d.CenterMomentum, "a momentum in [0, 1)");
        Require(d.EmaStart is >= 0 and <= 1, "dino.ema_start", d.EmaStart, "a momentum in [0, 1]");
        Require(d.CollapseStd >= 0, "dino.collapse_std", d.CollapseStd, "a non-negative spread");
        Require(d.CollapseShrink is >= 0 and < 1, "dino.collapse_shrink", d.CollapseShrink, "a fraction in [0, 1)");
        Require(d.CollapseEntropy is > 0 and <= 1, "dino.collapse_entropy", d.CollapseEntropy, "a fraction of log K in (0, 1]");
        Require(Method != PretrainMethod.Dino || t.BatchSize >= 2, "training.batch_size", t.BatchSize, "at least 2 for DINO (its collapse check measures the spread across the batch)");
        Require(j.PredictorDepth >= 1, "jepa.predictor_depth", j.PredictorDepth, "at least 1");
        Require(j.PredictorHeads >= 1, "jepa.predictor_heads", j.PredictorHeads, "at least 1");
        Require(j.PredictorDim >= 1 && j.PredictorDim % j.PredictorHeads == 0, "jepa.predictor_dim", j.PredictorDim, $"a positive multiple of predictor_heads ({j.PredictorHeads})");
        Require(j.TargetBlocks >= 1, "jepa.target_blocks", j.TargetBlocks, "at least 1");
        Require(j.TargetScaleMin is > 0 and < 1, "jepa.target_scale_min", j.TargetScaleMin, "a fraction in (0, 1)");
        Require(j.TargetScaleMax >= j.TargetScaleMin && j.TargetScaleMax < 1, "jepa.target_scale_max", j.TargetScaleMax, $"a fraction in [target_scale_min ({j.TargetScaleMin}), 1)");
        Require(j.AspectMin > 0, "jepa.aspect_min", j.AspectMin, "a positive height/width ratio");
        Require(j.AspectMax >= j.AspectMin, "jepa.aspect_max", j.AspectMax, $"at least aspect_min ({j.AspectMin})");
        Require(j.ContextScaleMin is > 0 and <= 1, "jepa.context_scale_min", j.ContextScaleMin, "a fraction in (0, 1]");
        Require(j.ContextScaleMax >= j.ContextScaleMin && j.ContextScaleMax <= 1, "jepa.context_scale_max", j.ContextScaleMax, $"a fraction in [context_scale_min ({j.ContextScaleMin}), 1]");
        Require(j.EmaStart is >= 0 and <= 1, "jepa.ema_start", j.EmaStart, "a momentum in [0, 1]");
        Require(j.CollapseStd >= 0, "jepa.collapse_std", j.CollapseStd, "a non-negative spread");
        Require(j.CollapseShrink is >= 0 and < 1, "jepa.collapse_shrink", j.CollapseShrink, "a fraction in [0, 1)");
        Require(t.Steps >= 1, "training.steps", t.Steps, "at least 1");
        Require(t.BatchSize >= 1, "training.batch_size", t.BatchSize, "at least 1");
        Require(t.Lr > 0, "training.lr", t.Lr, "a positive rate");
        Require(t.WeightDecay >= 0, "training.weight_decay", t.WeightDecay, "a non-negative number");
        Require(t.CheckpointEvery >= 1, "training.checkpoint_every", t.CheckpointEvery, "at least 1 (steps)");
    }
}
