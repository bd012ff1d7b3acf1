using SparshRobot.Core.IO;
using SparshRobot.Encoder.Model;
using YamlDotNet.Serialization;

namespace SparshRobot.Encoder.Pretraining;

/// <summary>The encoder MAE pretrains: a named ViT size, its input size taken from the dataset's frames.</summary>
public sealed class MaeEncoderSection
{
    public VitSize Size { get; set; } = VitSize.Tiny;

    /// <summary>Register tokens (Sparsh MAE uses 0).</summary>
    public int Registers { get; set; }
}

/// <summary>The optimizer's recipe; defaults are <see cref="MaePretrainingOptions"/>'s.</summary>
public sealed class MaeTrainingSection
{
    private static readonly MaePretrainingOptions Recipe = new() { Encoder = VitConfig.ForSize(VitSize.Tiny) };

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
public sealed class MaePretrainConfig
{
    /// <summary>Dataset root: every <c>&lt;split&gt;/&lt;episode&gt;/inputs.npy</c> (at any depth) is read; labels are not needed.</summary>
    public string Dataset { get; set; } = "";

    public string Split { get; set; } = "train";

    /// <summary>Run folder: checkpoints, loss log and plot, <c>encoder.safetensors</c>.</summary>
    public string Output { get; set; } = "";

    public MaeEncoderSection Encoder { get; set; } = new();

    public MaeOptions Mae { get; set; } = new();

    public MaeTrainingSection Training { get; set; } = new();

    /// <summary>The effective YAML these settings were read from.</summary>
    [YamlIgnore]
    public string Text { get; private set; } = "";

    /// <param name="path">The configuration file; null: every setting from <paramref name="overrides"/> or its default,
    /// relative paths against the working folder.</param>
    /// <param name="overrides"><c>section.key=value</c> settings over the file's.</param>
    public static MaePretrainConfig Load(string? path, IReadOnlyList<string> overrides)
    {
        var (config, text, folder, source) = YamlConfig.LoadRun<MaePretrainConfig>(path, overrides, "pretraining configuration");
        config.Text = text;
        config.Dataset = YamlConfig.ResolvePath(folder, config.Dataset, source, "dataset");
        config.Output = YamlConfig.ResolvePath(folder, config.Output, source, "output");
        config.Validate(source);
        return config;
    }

    /// <summary>The trainer's options for frames of <paramref name="height"/> x <paramref name="width"/> pixels.</summary>
    public MaePretrainingOptions Options(long height, long width) => new()
    {
        Encoder = VitConfig.ForSize(Encoder.Size, Encoder.Registers) with { Height = (int)height, Width = (int)width },
        Mae = Mae,
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
        var t = Training;
        Require(Split.Length > 0, "split", Split, "a split folder's name, e.g. train");
        Require(Encoder.Registers >= 0, "encoder.registers", Encoder.Registers, "0 or more");
        Require(m.MaskRatio is > 0 and < 1, "mae.mask_ratio", m.MaskRatio, "a fraction in (0, 1)");
        Require(m.DecoderDepth >= 1, "mae.decoder_depth", m.DecoderDepth, "at least 1");
        Require(m.DecoderHeads >= 1, "mae.decoder_heads", m.DecoderHeads, "at least 1");
        Require(m.DecoderDim >= 1 && m.DecoderDim % m.DecoderHeads == 0, "mae.decoder_dim", m.DecoderDim, $"a positive multiple of decoder_heads ({m.DecoderHeads})");
        Require(t.Steps >= 1, "training.steps", t.Steps, "at least 1");
        Require(t.BatchSize >= 1, "training.batch_size", t.BatchSize, "at least 1");
        Require(t.Lr > 0, "training.lr", t.Lr, "a positive rate");
        Require(t.WeightDecay >= 0, "training.weight_decay", t.WeightDecay, "a non-negative number");
        Require(t.CheckpointEvery >= 1, "training.checkpoint_every", t.CheckpointEvery, "at least 1 (steps)");
    }
}
