using SparshRobot.Policy.Models;
using SparshRobot.Policy.Spec;

namespace SparshRobot.Policy.Runtime;

/// <summary>How predicted chunks become the action executed at each control step.</summary>
public enum ChunkExecutionMode
{
    /// <summary>Re-plan every step and execute the temporal ensemble of all chunks covering it (ACT).</summary>
    Ensemble,

    /// <summary>Execute the first <see cref="ActionSpec.ExecutedSteps"/> actions of a chunk open-loop, then re-plan (diffusion policy).</summary>
    Chunk,
}

/// <summary>
/// Turns a stream of chunks into one action per control step. The caller asks <see cref="NeedsPlan"/> before
/// spending an inference, so chunk mode runs the policy only every <see cref="ActionSpec.ExecutedSteps"/> steps.
/// </summary>
public sealed class ChunkExecution(ChunkExecutionMode mode, ActionSpec action)
{
    private readonly TemporalEnsembler _ensembler = new(action.Features.Count);
    private readonly Queue<float[]> _open = new();
    private long _lastPlan = -1;

    public ChunkExecutionMode Mode { get; } = mode;

    /// <summary>Whether control step <paramref name="step"/> needs a fresh chunk.</summary>
    public bool NeedsPlan(long step) => Mode == ChunkExecutionMode.Ensemble ? step > _lastPlan : _open.Count == 0;

    /// <summary>Adds the chunk predicted at <paramref name="step"/>.</summary>
    public void Plan(long step, float[][] chunk)
    {
        _lastPlan = step;
        if (Mode == ChunkExecutionMode.Ensemble)
        {
            _ensembler.Add(step, chunk);
            return;
        }
        _open.Clear();
        foreach (var a in chunk.Take(Math.Clamp(action.ExecutedSteps, 1, chunk.Length)))
        {
            _open.Enqueue(a);
        }
    }

    /// <summary>The action for <paramref name="step"/>, or null when no chunk covers it (nothing planned yet).</summary>
    public float[]? Next(long step)
    {
        if (Mode == ChunkExecutionMode.Chunk)
        {
            return _open.TryDequeue(out var a) ? a : null;
        }
        return _lastPlan >= 0 && step < _lastPlan + action.Horizon ? _ensembler.ActionAt(step) : null;
    }
}
