using SparshRobot.Encoder.Probes;
using SparshRobot.Policy.Diffusion;
using SparshRobot.Policy.Models;
using SparshRobot.Policy.Normalization;
using SparshRobot.Policy.Spec;
using SparshRobot.Policy.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SparshRobot.Policy.Policies;

/// <summary>
/// The bead-maze policy: trainable attentive poolers turn each sensor's frozen tokens into one vector per step; the
/// per-step feature is <c>[pooled sensor 1, pooled sensor 2, ..., normalized state]</c> and the condition is the
/// <c>n_obs_steps</c> features flattened, oldest first; an MLP or diffusion head maps it to a normalized chunk.
/// <para>
/// Chunk alignment: element 0 is the action taken at the newest observation t (<c>action.npy[t]</c>, i.e.
/// <c>state[t+1] - state[t]</c>), element k the one at t + k. The reference predicts <c>horizon</c> actions starting
/// at the oldest observation and executes <c>[n_obs-1, n_obs-1+n_action_steps)</c> of them; that slice is
/// elements <c>[0, n_action_steps)</c> here, so no past actions are predicted and <c>horizon</c> counts only the
/// future. The reference's executed <c>action[-1]</c> is element <c>n_action_steps - 1</c>.
/// </para>
/// </summary>
public sealed class TactilePolicy : nn.Module, ITactilePolicy
{
    private readonly ModuleList<AttentivePooler> poolers;
    private readonly nn.Module head;

    public TactilePolicy(PolicyConfig config, ObservationSpec observation, IReadOnlyList<string> actionFeatures, AffineNormalizer state, AffineNormalizer action)
        : base(nameof(TactilePolicy))
    {
        var p = config.Policy;
        if (observation.EmbedDim % p.PoolerHeads != 0)
        {
            throw new ArgumentException($"policy.pooler_heads is {p.PoolerHeads}, expected a divisor of the encoder's embed dim {observation.EmbedDim}");
        }
        if (observation.ObservationSteps != p.NObsSteps)
        {
            throw new ArgumentException($"the observation spec has {observation.ObservationSteps} steps, policy.n_obs_steps is {p.NObsSteps}");
        }
        if (state.Count != observation.StateFeatures.Count || action.Count != actionFeatures.Count)
        {
            throw new ArgumentException($"normalizers for {state.Count} state and {action.Count} action features; the policy has {observation.StateFeatures.Count} and {actionFeatures.Count}");
        }
        Config = config;
        Observation = observation;
        Action = new ActionSpec(actionFeatures, p.Horizon, p.NActionSteps);
        StateNormalizer = state;
        ActionNormalizer = action;
        var count = p.SharePooler ? 1 : observation.Sensors.Count;
        poolers = nn.ModuleList([.. Enumerable.Range(0, count).Select(_ => new AttentivePooler(observation.EmbedDim, p.PoolerHeads))]);
        var conditionDim = (long)p.NObsSteps * (observation.Sensors.Count * observation.EmbedDim + observation.StateFeatures.Count);
        head = p.Kind switch
        {
            PolicyHeadKind.Diffusion => new DiffusionHead(conditionDim, p.Horizon, actionFeatures.Count, p.Diffusion.Unet, p.Diffusion.Schedule, p.Diffusion.InferenceSteps),
            _ => new MlpChunkHead(conditionDim, p.Horizon, actionFeatures.Count, p.Mlp.Hidden, p.Mlp.Layers),
        };
        RegisterComponents();
    }

    public PolicyConfig Config { get; }

    public ObservationSpec Observation { get; }

    public ActionSpec Action { get; }

    public AffineNormalizer StateNormalizer { get; }

    public AffineNormalizer ActionNormalizer { get; }

    public PolicyHeadKind Kind => Config.Policy.Kind;

    /// <summary>
    /// DDIM steps the diffusion head samples with (fewer: a faster step at some accuracy cost); null for the MLP head.
    /// </summary>
    /// <exception cref="ArgumentException">Not in 1..the training schedule's steps, or set on the MLP head.</exception>
    public int? SamplerSteps
    {
        get => (head as DiffusionHead)?.InferenceSteps;
        set
        {
            if (head is not DiffusionHead diffusion)
            {
                throw new ArgumentException("DDIM sampler steps apply to a diffusion policy; this one has an MLP head");
            }
            diffusion.InferenceSteps = value ?? throw new ArgumentException("DDIM sampler steps cannot be unset on a diffusion policy");
        }
    }

    // Both heads are modules and chunk heads; the field is typed as a module so it registers once.
    private IChunkPolicyHead Head => (IChunkPolicyHead)head;

    /// <summary>The training loss; <paramref name="actions"/> (B, horizon, A) in physical units.</summary>
    public Tensor Loss(IReadOnlyList<Tensor> tokens, Tensor state, Tensor actions, Generator? generator = null)
    {
        using var scope = NewDisposeScope();
        return Head.Loss(Condition(tokens, state), ActionNormalizer.Normalize(actions), generator).MoveToOuterDisposeScope();
    }

    public Tensor Predict(IReadOnlyList<Tensor> tokens, Tensor state, Generator? generator = null)
    {
        using var mode = inference_mode();
        using var scope = NewDisposeScope();
        return ActionNormalizer.Denormalize(Head.Predict(Condition(tokens, state), generator)).MoveToOuterDisposeScope();
    }

    /// <summary>(B, n_obs * (sensors * D + S)): pooled tokens and normalized state per step, oldest step first.</summary>
    private Tensor Condition(IReadOnlyList<Tensor> tokens, Tensor state)
    {
        var o = Observation;
        if (tokens.Count != o.Sensors.Count)
        {
            throw new ArgumentException($"{tokens.Count} token tensors given; the policy observes {o.Sensors.Count} sensors ({string.Join(", ", o.Sensors)})");
        }
        var batch = state.shape[0];
        long[] stateShape = [batch, o.ObservationSteps, o.StateFeatures.Count];
        long[] tokenShape = [batch, o.ObservationSteps, o.Tokens, o.EmbedDim];
        if (!state.shape.SequenceEqual(stateShape))
        {
            throw new ArgumentException($"state is ({string.Join(", ", state.shape)}), expected (B, n_obs, S) = ({string.Join(", ", stateShape)})");
        }
        var features = new List<Tensor>();
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!tokens[i].shape.SequenceEqual(tokenShape))
            {
                throw new ArgumentException($"tokens of sensor '{o.Sensors[i]}' are ({string.Join(", ", tokens[i].shape)}), expected (B, n_obs, N, D) = ({string.Join(", ", tokenShape)})");
            }
            var pooled = poolers[poolers.Count == 1 ? 0 : i].call(tokens[i].reshape(batch * o.ObservationSteps, o.Tokens, o.EmbedDim));
            features.Add(pooled.view(batch, o.ObservationSteps, o.EmbedDim));
        }
        features.Add(StateNormalizer.Normalize(state));
        return torch.cat(features, 2).flatten(1);
    }
}
