using static TorchSharp.torch;

namespace SparshRobot.Encoder.Pretraining;

/// <summary>
/// How much an encoder's features vary with its input, the collapse signal of the methods whose loss alone cannot tell a
/// collapsed encoder from a good one (DINO's teacher, the JEPA target encoders).
/// </summary>
public static class FeatureSpread
{
    /// <summary>
    /// The spread across the batch of (B, D) features or (B, N, D) tokens: each feature L2-normalised, its standard
    /// deviation over the B inputs (per token position for tokens, so position alone never counts), averaged and times
    /// sqrt(D): 1 for isotropic features, 0 when every input maps to one point. NaN for a batch of one.
    /// </summary>
    public static double AcrossBatch(Tensor features)
    {
        if (features.shape[0] < 2)
        {
            return double.NaN;
        }
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var dim = features.shape[^1];
        return nn.functional.normalize(features, dim: -1).std(0, unbiased: false).mean().item<float>() * Math.Sqrt(dim);
    }

    /// <summary>
    /// Judges logged spreads (NaN rows, from batches of one or runs logged before the spread was, are skipped) over the
    /// last tenth of them against the first tenth: fallen below <paramref name="floor"/>, or shrunk below
    /// <paramref name="shrink"/> of the start, means a collapsed encoder; the reason names <paramref name="what"/>.
    /// </summary>
    public static string? Judge(IEnumerable<double> spreads, double floor, double shrink, string what)
    {
        var logged = spreads.Where(double.IsFinite).ToList();
        if (logged.Count == 0)
        {
            return null;
        }
        var window = Math.Max(1, logged.Count / 10);
        var spread = logged.Skip(logged.Count - window).Average();
        var initial = logged.Take(window).Average();
        // The floor only counts once the spread has fallen: a random encoder can start just below it, and a short run's
        // EMA copy (momentum ~0.996) has barely moved from that start, so a low spread there is init, not collapse.
        // A spread a hundred times under the floor is no random init (identical inputs): that counts from the start.
        if (spread < floor && (spread < initial || spread < floor / 100))
        {
            return $"{what} collapsed: their spread across the batch is {spread:g3} over the last {window} steps (floor {floor:g3}; 1 = isotropic), so every input maps to nearly the same feature";
        }
        if (spread < shrink * initial)
        {
            return $"{what} collapsed: their spread across the batch fell from {initial:g3} (first {window} steps) to {spread:g3} (last {window}), below {shrink:P0} of the start";
        }
        return null;
    }
}
