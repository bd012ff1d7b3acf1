namespace SparshRobot.Policy.Models;

/// <summary>
/// ACT-style temporal ensembling: every control step a new chunk of future actions arrives; the action executed at a
/// step is the weighted mean of all chunks that cover it, weight exp(-k * i) with i = 0 for the oldest prediction,
/// so earlier commitments dominate and new chunks blend in smoothly.
/// </summary>
public sealed class TemporalEnsembler(int actionDim, double k = 0.01)
{
    private readonly List<(long Start, float[][] Actions)> _chunks = [];

    /// <summary>Adds the chunk predicted at control step <paramref name="step"/> (chunk[0] is for that step).</summary>
    public void Add(long step, float[][] chunk)
    {
        if (chunk.Length == 0 || chunk.Any(a => a.Length != actionDim))
        {
            throw new ArgumentException($"a chunk needs at least one action of {actionDim} values", nameof(chunk));
        }
        if (_chunks.Count > 0 && step <= _chunks[^1].Start)
        {
            throw new ArgumentException($"chunk for step {step} arrived after the chunk for step {_chunks[^1].Start}", nameof(step));
        }
        _chunks.Add((step, chunk));
    }

    /// <summary>The ensembled action for <paramref name="step"/>; drops chunks that end before it.</summary>
    public float[] ActionAt(long step)
    {
        _chunks.RemoveAll(c => c.Start + c.Actions.Length <= step);
        var result = new double[actionDim];
        var total = 0.0;
        var index = 0;
        foreach (var (start, actions) in _chunks)
        {
            if (step < start)
            {
                continue;
            }
            var weight = Math.Exp(-k * index++);
            total += weight;
            var action = actions[step - start];
            for (var d = 0; d < actionDim; d++)
            {
                result[d] += weight * action[d];
            }
        }
        if (total == 0)
        {
            throw new InvalidOperationException($"no chunk covers control step {step}");
        }
        return result.Select(v => (float)(v / total)).ToArray();
    }
}
