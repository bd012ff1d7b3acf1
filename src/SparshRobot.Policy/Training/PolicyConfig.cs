using SparshRobot.Core.IO;
using SparshRobot.Policy.Diffusion;
using SparshRobot.Policy.Models;
using YamlDotNet.Serialization;

namespace SparshRobot.Policy.Training;

public enum PolicyHeadKind
{
    Mlp,
    Diffusion,
}

public sealed class MlpSection
{
    public int Hidden { get; set; } = 256;

    public int Layers { get; set; } = 4;
}

public sealed class DiffusionSection
{
    public long[] DownDims { get; set; } = [64, 128, 256];

    public int KernelSize { get; set; } = 5;

    public int Groups { get; set; } = 8;

    public int StepEmbedDim { get; set; } = 128;

    public int TrainSteps { get; set; } = 100;

    /// <summary><c>squaredcos_cap_v2</c> or <c>linear</c>, the diffusers names.</summary>
    public string BetaSchedule { get; set; } = "squaredcos_cap_v2";

    public int InferenceSteps { get; set; } = 16;

    public UnetConfig Unet => new(DownDims, KernelSize, Groups, StepEmbedDim);

    public NoiseSchedule Schedule => new(TrainSteps, BetaSchedule == "linear" ? Diffusion.BetaSchedule.Linear : Diffusion.BetaSchedule.SquaredCosCapV2);
}

public sealed class PolicySection
{
    /// <summary><c>mlp</c> (chunk regression) or <c>diffusion</c> (U-Net, DDPM/DDIM).</summary>
    public string Head { get; set; } = "mlp";

    public int NObsSteps { get; set; } = 2;

    /// <summary>Actions predicted per inference, starting with the one for the newest observation.</summary>
    public int Horizon { get; set; } = 8;

    /// <summary>Actions of a chunk executed before the next inference (receding horizon).</summary>
    public int NActionSteps { get; set; } = 5;

    public int PoolerHeads { get; set; } = 12;

    /// <summary>One pooler for every sensor (the reference) instead of one per sensor.</summary>
    public bool SharePooler { get; set; } = true;

    public MlpSection Mlp { get; set; } = new();

    public DiffusionSection Diffusion { get; set; } = new();

    public PolicyHeadKind Kind => Head == "diffusion" ? PolicyHeadKind.Diffusion : PolicyHeadKind.Mlp;
}

public sealed class TrainingSection
{
    public long Seed { get; set; }

    public int Epochs { get; set; } = 100;

    public int BatchSize { get; set; } = 64;

    public double Lr { get; set; } = 1e-4;

    public double[] Betas { get; set; } = [0.95, 0.999];

    public double WeightDecay { get; set; } = 1e-6;

    public int WarmupSteps { get; set; } = 500;

    public double EmaPower { get; set; } = 0.75;

    public double EmaMax { get; set; } = 0.9999;

    public int ValEvery { get; set; } = 1;

    public int CheckpointEvery { get; set; } = 10;

    /// <summary>Torch intra-op threads; 0 leaves the default.</summary>
    public int Threads { get; set; }

    public string Device { get; set; } = "cpu";

    /// <summary>Frames per encoder batch when token caches are computed.</summary>
    public int EmbedBatch { get; set; } = 32;
}

/// <summary>
/// <c>policies/&lt;name&gt;.yaml</c>: dataset, frozen encoder, policy architecture and training recipe. Relative
/// paths resolve against the file's folder. The text itself is embedded in every checkpoint, from which the
/// architecture is rebuilt at load time.
/// </summary>
public sealed class PolicyConfig
{
    public string Dataset { get; set; } = "";

    public string Encoder { get; set; } = "";

    /// <summary>Encoder attention heads when the checkpoint does not say (see <c>encoder info</c>).</summary>
    public int? EncoderHeads { get; set; }

    /// <summary>Run folder: training state, checkpoints, loss log and plot.</summary>
    public string Output { get; set; } = "";

    public PolicySection Policy { get; set; } = new();

    public TrainingSection Training { get; set; } = new();

    /// <summary>The YAML this configuration was read from.</summary>
    [YamlIgnore]
    public string Text { get; private set; } = "";

    /// <param name="overrides"><c>section.key=value</c> settings applied over the file's (the command line's <c>--set</c>);
    /// the configuration's <see cref="Text"/> is then the effective one.</param>
    public static PolicyConfig Load(string path, IReadOnlyList<string>? overrides = null)
    {
        var config = Parse(YamlConfig.Effective<PolicyConfig>(path, overrides ?? [], "policy configuration"), path);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        config.Dataset = YamlConfig.ResolvePath(folder, config.Dataset, path, "dataset");
        config.Encoder = YamlConfig.ResolvePath(folder, config.Encoder, path, "encoder");
        config.Output = YamlConfig.ResolvePath(folder, config.Output, path, "output");
        return config;
    }

    /// <summary>Parses and validates the architecture and recipe; paths are left as written.</summary>
    public static PolicyConfig Parse(string yaml, string source)
    {
        var config = YamlConfig.Parse<PolicyConfig>(yaml, source) ?? throw new InvalidDataException($"{source}: the configuration is empty");
        config.Text = yaml;
        config.Validate(source);
        return config;
    }

    private void Validate(string source)
    {
        void Require(bool ok, string field, object? value, string expected) => YamlConfig.Require(ok, source, field, value, expected);
        var p = Policy;
        var t = Training;
        var d = p.Diffusion;
        Require(p.Head is "mlp" or "diffusion", "policy.head", p.Head, "mlp or diffusion");
        Require(p.NObsSteps >= 1, "policy.n_obs_steps", p.NObsSteps, "at least 1");
        Require(p.Horizon >= 1, "policy.horizon", p.Horizon, "at least 1");
        Require(p.NActionSteps >= 1 && p.NActionSteps <= p.Horizon, "policy.n_action_steps", p.NActionSteps, $"1..horizon ({p.Horizon})");
        Require(p.PoolerHeads >= 1, "policy.pooler_heads", p.PoolerHeads, "at least 1");
        Require(p.Mlp.Hidden >= 1, "policy.mlp.hidden", p.Mlp.Hidden, "at least 1");
        Require(p.Mlp.Layers >= 1, "policy.mlp.layers", p.Mlp.Layers, "at least 1");
        Require(d.DownDims.Length >= 1 && d.DownDims.All(x => x > 0 && x % d.Groups == 0), "policy.diffusion.down_dims", d.DownDims,
            $"positive channel counts divisible by groups ({d.Groups})");
        Require(d.KernelSize >= 1 && d.KernelSize % 2 == 1, "policy.diffusion.kernel_size", d.KernelSize, "an odd size");
        Require(d.Groups >= 1, "policy.diffusion.groups", d.Groups, "at least 1");
        Require(d.StepEmbedDim >= 4 && d.StepEmbedDim % 2 == 0, "policy.diffusion.step_embed_dim", d.StepEmbedDim, "an even size of at least 4");
        Require(d.TrainSteps >= 2, "policy.diffusion.train_steps", d.TrainSteps, "at least 2");
        Require(d.BetaSchedule is "squaredcos_cap_v2" or "linear", "policy.diffusion.beta_schedule", d.BetaSchedule, "squaredcos_cap_v2 or linear");
        Require(d.InferenceSteps >= 1 && d.InferenceSteps <= d.TrainSteps, "policy.diffusion.inference_steps", d.InferenceSteps, $"1..train_steps ({d.TrainSteps})");
        var factor = 1 << (d.DownDims.Length - 1);
        Require(p.Kind != PolicyHeadKind.Diffusion || p.Horizon % factor == 0, "policy.horizon", p.Horizon,
            $"a multiple of {factor} for {d.DownDims.Length} U-Net levels");
        Require(t.Epochs >= 1, "training.epochs", t.Epochs, "at least 1");
        Require(t.BatchSize >= 1, "training.batch_size", t.BatchSize, "at least 1");
        Require(t.Lr > 0, "training.lr", t.Lr, "a positive rate");
        Require(t.Betas.Length == 2 && t.Betas.All(b => b is >= 0 and < 1), "training.betas", t.Betas, "two numbers in [0, 1)");
        Require(t.WeightDecay >= 0, "training.weight_decay", t.WeightDecay, "a non-negative number");
        Require(t.WarmupSteps >= 0, "training.warmup_steps", t.WarmupSteps, "a non-negative count");
        Require(t.EmaPower > 0, "training.ema_power", t.EmaPower, "a positive power");
        Require(t.EmaMax is >= 0 and < 1, "training.ema_max", t.EmaMax, "a decay in [0, 1)");
        Require(t.ValEvery >= 1, "training.val_every", t.ValEvery, "at least 1 (epochs)");
        Require(t.CheckpointEvery >= 1, "training.checkpoint_every", t.CheckpointEvery, "at least 1 (epochs)");
        Require(t.Threads >= 0, "training.threads", t.Threads, "0 (default) or a thread count");
        Require(t.EmbedBatch >= 1, "training.embed_batch", t.EmbedBatch, "at least 1");
    }
}
