using static TorchSharp.torch;

namespace SparshRobot.Policy.Spec;

/// <summary>
/// A trained behaviour-cloning policy ready to act, whatever its head (MLP chunking or diffusion). It takes the
/// frozen encoder's tokens, not images, so callers (offline evaluation, the policy node, simulator rollouts) share
/// one encoder pass and one preprocessing path, and it works in physical units: normalization is its own business.
/// </summary>
public interface ITactilePolicy : IDisposable
{
    ObservationSpec Observation { get; }

    ActionSpec Action { get; }

    /// <summary>Predicts an action chunk.</summary>
    /// <param name="tokens">One tensor per sensor, in <see cref="ObservationSpec.Sensors"/> order, each (B, n_obs, N, D) float32, oldest step first.</param>
    /// <param name="state">(B, n_obs, S) float32 in physical units (metres), oldest step first.</param>
    /// <param name="generator">Seeds a stochastic head (diffusion); the same seed gives the same chunk.</param>
    /// <returns>(B, horizon, A) in physical units; element 0 is the action taken at the newest observation.</returns>
    Tensor Predict(IReadOnlyList<Tensor> tokens, Tensor state, Generator? generator = null);
}
