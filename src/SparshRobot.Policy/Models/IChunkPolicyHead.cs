using static TorchSharp.torch;

namespace SparshRobot.Policy.Models;

/// <summary>
/// The part of a policy that turns an observation condition (B, cond_dim), in normalized units, into a chunk of
/// normalized actions (B, horizon, action_dim). MLP and diffusion heads are interchangeable behind it.
/// </summary>
public interface IChunkPolicyHead
{
    long Horizon { get; }

    long ActionDim { get; }

    /// <summary>The training loss for ground-truth <paramref name="actions"/> (B, horizon, action_dim).</summary>
    Tensor Loss(Tensor condition, Tensor actions, Generator? generator = null);

    /// <summary>Predicts an action chunk; deterministic for a given generator state.</summary>
    Tensor Predict(Tensor condition, Generator? generator = null);
}
