using SparshRobot.Policy.Datasets;
using SparshRobot.Policy.Embeddings;
using static TorchSharp.torch;

namespace SparshRobot.Policy.Training;

/// <summary>One batch of policy inputs and targets, float32, in physical units.</summary>
public sealed record PolicyBatch(IReadOnlyList<Tensor> Tokens, Tensor State, Tensor Actions);

/// <summary>
/// Every (episode, t) sample of a split with its observation window and action chunk as row indices into the
/// split's stacked tokens, states and actions. The window <c>t-n_obs+1 .. t</c> is clamped at the episode start
/// (the first frame repeated, as the reference pads). The chunk <c>t .. t+horizon-1</c> runs past the episode end
/// into zero deltas: the demonstration stopped there, so "hold still" is the truthful target, whereas repeating
/// the last delta would teach the policy to keep moving.
/// </summary>
public sealed class PolicySamples : IDisposable
{
    private readonly Tensor _observationRows;
    private readonly Tensor _actionRows;
    private readonly Tensor _states;
    private readonly Tensor _actions;

    public PolicySamples(PolicyDataset dataset, SplitTokens tokens, int observationSteps, int horizon)
    {
        Tokens = tokens;
        var rows = tokens.Rows;
        var observation = new long[rows * observationSteps];
        var action = new long[rows * horizon];
        for (var e = 0; e < tokens.Episodes.Count; e++)
        {
            var (first, end) = (tokens.Offsets[e], tokens.Offsets[e + 1]);
            for (var r = first; r < end; r++)
            {
                for (var k = 0; k < observationSteps; k++)
                {
                    observation[r * observationSteps + k] = Math.Max(first, r - (observationSteps - 1 - k));
                }
                for (var k = 0; k < horizon; k++)
                {
                    // Row `rows` is the appended zero delta.
                    action[r * horizon + k] = r + k < end ? r + k : rows;
                }
            }
        }
        _observationRows = tensor(observation, [rows, observationSteps]);
        _actionRows = tensor(action, [rows, horizon]);
        var states = tokens.Episodes.SelectMany(dataset.ReadState).ToArray();
        var actions = tokens.Episodes.SelectMany(dataset.ReadAction).ToArray();
        _states = tensor(states.SelectMany(s => s).ToArray(), [rows, dataset.Manifest.StateFeatures.Count]);
        var zero = new float[dataset.Manifest.ActionFeatures.Count];
        _actions = tensor(actions.Append(zero).SelectMany(a => a).ToArray(), [rows + 1, zero.Length]);
    }

    public SplitTokens Tokens { get; }

    public long Count => Tokens.Rows;

    /// <summary>The true states of the split's rows (rows, S), in physical units.</summary>
    public Tensor States => _states;

    /// <summary>Gathers the samples at <paramref name="rows"/> (B) int64, converting tokens to float32.</summary>
    public PolicyBatch Batch(Tensor rows)
    {
        var observation = _observationRows.index_select(0, rows);
        var flat = observation.flatten();
        var (b, n) = (observation.shape[0], observation.shape[1]);
        var tokens = Tokens.Sensors
            .Select(s => s.index_select(0, flat).to(ScalarType.Float32).view(b, n, s.shape[1], s.shape[2]))
            .ToList();
        var state = _states.index_select(0, flat).view(b, n, -1);
        var actions = _actions.index_select(0, _actionRows.index_select(0, rows).flatten()).view(b, _actionRows.shape[1], -1);
        return new PolicyBatch(tokens, state, actions);
    }

    public void Dispose()
    {
        _observationRows.Dispose();
        _actionRows.Dispose();
        _states.Dispose();
        _actions.Dispose();
        Tokens.Dispose();
    }
}
