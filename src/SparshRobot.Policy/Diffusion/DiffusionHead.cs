using SparshRobot.Policy.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace SparshRobot.Policy.Diffusion;

/// <summary>
/// Diffusion policy head: trained as a DDPM that predicts the added noise (epsilon), sampled with deterministic DDIM
/// (eta 0) over a configurable number of steps, clipping the predicted clean sample to [-1, 1] (actions are
/// min-max normalized to that range).
/// </summary>
public sealed class DiffusionHead : nn.Module, IChunkPolicyHead
{
    private readonly ConditionalUnet1D model;
    private readonly NoiseSchedule _schedule;
    private int _inferenceSteps;

    public DiffusionHead(long conditionDim, long horizon, long actionDim, UnetConfig unet, NoiseSchedule schedule, int inferenceSteps = 16)
        : base(nameof(DiffusionHead))
    {
        ConditionalUnet1D.CheckHorizon(horizon, unet);
        Horizon = horizon;
        ActionDim = actionDim;
        _schedule = schedule;
        InferenceSteps = inferenceSteps;
        model = new ConditionalUnet1D(actionDim, conditionDim, unet);
        RegisterComponents();
    }

    public long Horizon { get; }

    public long ActionDim { get; }

    /// <summary>DDIM steps a prediction samples with (fewer: faster), within the training schedule's steps.</summary>
    /// <exception cref="ArgumentException">Outside 1..the training schedule's steps.</exception>
    public int InferenceSteps
    {
        get => _inferenceSteps;
        set => _inferenceSteps = value >= 1 && value <= _schedule.TrainSteps
            ? value
            : throw new ArgumentException($"DDIM sampler steps {value} are not in 1..{_schedule.TrainSteps} (the training schedule's steps)");
    }

    public Tensor Loss(Tensor condition, Tensor actions, Generator? generator = null)
    {
        using var scope = NewDisposeScope();
        var batch = actions.shape[0];
        var noise = torch.randn(actions.shape, generator: generator, dtype: actions.dtype, device: actions.device);
        var steps = torch.randint(0, _schedule.TrainSteps, [batch], generator: generator, dtype: ScalarType.Int64, device: actions.device);
        var alphaBar = torch.tensor(_schedule.AlphasCumprod, dtype: actions.dtype, device: actions.device)
            .index_select(0, steps).reshape(batch, 1, 1);
        var noisy = alphaBar.sqrt() * actions + (1 - alphaBar).sqrt() * noise;
        return nn.functional.mse_loss(model.call(noisy, steps, condition), noise).MoveToOuterDisposeScope();
    }

    public Tensor Predict(Tensor condition, Generator? generator = null)
    {
        using var scope = NewDisposeScope();
        var batch = condition.shape[0];
        var x = torch.randn([batch, Horizon, ActionDim], generator: generator, dtype: condition.dtype, device: condition.device);
        foreach (var (t, previous) in DdimTimesteps(_schedule.TrainSteps, InferenceSteps))
        {
            var alphaBar = _schedule.AlphasCumprod[t];
            // Past the first step the reference sets the final alpha product to one.
            var alphaBarPrevious = previous >= 0 ? _schedule.AlphasCumprod[previous] : 1.0;
            var steps = torch.full([batch], t, dtype: ScalarType.Int64, device: condition.device);
            var epsilon = model.call(x, steps, condition);
            var clean = ((x - Math.Sqrt(1 - alphaBar) * epsilon) / Math.Sqrt(alphaBar)).clamp(-1, 1);
            x = Math.Sqrt(alphaBarPrevious) * clean + Math.Sqrt(1 - alphaBarPrevious) * epsilon;
        }
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// DDIM's "leading" spacing: steps 0, r, 2r, ... (r = train / inference) visited from the last down to 0,
    /// each paired with the step it jumps to (-1 after the last).
    /// </summary>
    public static IEnumerable<(int Step, int Previous)> DdimTimesteps(int trainSteps, int inferenceSteps)
    {
        var ratio = trainSteps / inferenceSteps;
        for (var i = inferenceSteps - 1; i >= 0; i--)
        {
            yield return (i * ratio, i * ratio - ratio);
        }
    }
}
