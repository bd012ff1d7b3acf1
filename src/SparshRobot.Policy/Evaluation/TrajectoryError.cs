using SparshRobot.Core.Geometry;

namespace SparshRobot.Policy.Evaluation;

/// <summary>
/// The T6 offline metric (eval_beadmaze_pos.py): start a target at the true end-effector position of the first
/// sample, add each sample's executed predicted delta open-loop, and average |true - target| over samples and x, y, z.
/// </summary>
public static class TrajectoryError
{
    /// <param name="truePositions">True end-effector position at each sample, in order.</param>
    /// <param name="predictedDeltas">The executed predicted delta of each sample (the reference uses <c>action[-1]</c>).</param>
    /// <returns>The mean absolute position error in metres, and the open-loop path for plotting.</returns>
    public static (double MeanAbsoluteError, IReadOnlyList<Vec3> PredictedPath) Compute(IReadOnlyList<Vec3> truePositions, IReadOnlyList<Vec3> predictedDeltas)
    {
        if (truePositions.Count == 0)
        {
            throw new ArgumentException("no samples to evaluate", nameof(truePositions));
        }
        if (predictedDeltas.Count != truePositions.Count)
        {
            throw new ArgumentException(
                $"{predictedDeltas.Count} predicted deltas for {truePositions.Count} true positions; expected one per sample", nameof(predictedDeltas));
        }
        var target = truePositions[0];
        var path = new List<Vec3>(truePositions.Count);
        var sum = 0.0;
        for (var i = 0; i < truePositions.Count; i++)
        {
            target += predictedDeltas[i];
            path.Add(target);
            var error = truePositions[i] - target;
            sum += Math.Abs(error.X) + Math.Abs(error.Y) + Math.Abs(error.Z);
        }
        return (sum / (3.0 * truePositions.Count), path);
    }
}
