namespace SparshRobot.Encoder.Probes;

/// <summary>
/// Turns slip probabilities into decisions as the reference does at inference: raw label = p(slip) &gt; 0.4, and
/// the output is 1 only when the last three raw labels of the trajectory were all 1 (the window starts at zeros).
/// </summary>
public sealed class SlipDebouncer(double threshold = SlipDebouncer.DefaultThreshold, int steps = SlipDebouncer.DefaultSteps)
{
    public const double DefaultThreshold = 0.4;
    public const int DefaultSteps = 3;

    private int _run;

    public bool Update(double slipProbability)
    {
        _run = slipProbability > threshold ? _run + 1 : 0;
        return _run >= steps;
    }

    public void Reset() => _run = 0;
}

/// <summary>A task metric with its direction, for choosing the best epoch.</summary>
public sealed record ProbeScore(string Name, double Value, bool HigherIsBetter, IReadOnlyDictionary<string, double> Details)
{
    public bool IsBetterThan(ProbeScore? other) =>
        other is null || (HigherIsBetter ? Value > other.Value : Value < other.Value);

    public override string ToString() =>
        $"{Name} {Value:0.####} (" + string.Join(", ", Details.Select(kv => $"{kv.Key} {kv.Value:0.####}")) + ")";
}

/// <summary>TacBench metrics computed the way upstream computes them (docs/design-notes.md, "TacBench probes and
/// metrics").</summary>
public static class ProbeMetrics
{
    /// <summary>
    /// T1: labelled "RMSE" upstream but computed as mean(sqrt((gt - pred)^2)), i.e. the mean absolute error, in
    /// mN, per axis; the headline value is the mean over x, y, z. Inputs in newtons, rows of 3.
    /// </summary>
    public static ProbeScore ForceError(float[] predictedN, float[] truthN)
    {
        var n = truthN.Length / 3;
        var perAxis = new double[3];
        for (var i = 0; i < n; i++)
        {
            for (var a = 0; a < 3; a++)
            {
                perAxis[a] += Math.Abs(truthN[i * 3 + a] - predictedN[i * 3 + a]);
            }
        }
        for (var a = 0; a < 3; a++)
        {
            perAxis[a] = perAxis[a] / Math.Max(n, 1) * 1000.0;
        }
        return new ProbeScore("force error mN", perAxis.Average(), HigherIsBetter: false,
            new Dictionary<string, double> { ["x"] = perAxis[0], ["y"] = perAxis[1], ["z"] = perAxis[2] });
    }

    /// <summary>T2: slip-class F1 after threshold 0.4 and the 3-step debounce per trajectory, plus balanced accuracy.</summary>
    public static ProbeScore SlipF1(float[] slipProbability, long[] truth, int[] episode)
    {
        var debouncer = new SlipDebouncer();
        long tp = 0, fp = 0, fn = 0, tn = 0;
        for (var i = 0; i < truth.Length; i++)
        {
            if (i == 0 || episode[i] != episode[i - 1])
            {
                debouncer.Reset();
            }
            var predicted = debouncer.Update(slipProbability[i]);
            var actual = truth[i] == 1;
            (tp, fp, fn, tn) = (predicted, actual) switch
            {
                (true, true) => (tp + 1, fp, fn, tn),
                (true, false) => (tp, fp + 1, fn, tn),
                (false, true) => (tp, fp, fn + 1, tn),
                _ => (tp, fp, fn, tn + 1),
            };
        }
        var f1 = tp == 0 ? 0.0 : 2.0 * tp / (2.0 * tp + fp + fn);
        var recall = tp + fn == 0 ? 0.0 : (double)tp / (tp + fn);
        var specificity = tn + fp == 0 ? 0.0 : (double)tn / (tn + fp);
        return new ProbeScore("slip F1", f1, HigherIsBetter: true,
            new Dictionary<string, double> { ["balanced accuracy"] = (recall + specificity) / 2, ["recall"] = recall, ["specificity"] = specificity });
    }

    /// <summary>
    /// T3: accuracy averaged over tx, ty, yaw, then over test episodes (bags). Rows of 3 bin indices. The details
    /// add each axis's mean distance in bins over all frames, which times the bin width is an error in mm or degrees.
    /// </summary>
    public static ProbeScore PoseAccuracy(long[] predicted, long[] truth, int[] episode)
    {
        var perAxis = new double[3];
        var binError = new double[3];
        for (var i = 0; i < predicted.Length; i++)
        {
            binError[i % 3] += Math.Abs(predicted[i] - truth[i]) / (double)Math.Max(1, episode.Length);
        }
        var bags = new List<double>();
        var start = 0;
        for (var i = 1; i <= episode.Length; i++)
        {
            if (i < episode.Length && episode[i] == episode[start])
            {
                continue;
            }
            var axisHits = new double[3];
            for (var j = start; j < i; j++)
            {
                for (var a = 0; a < 3; a++)
                {
                    axisHits[a] += predicted[j * 3 + a] == truth[j * 3 + a] ? 1 : 0;
                }
            }
            for (var a = 0; a < 3; a++)
            {
                perAxis[a] += axisHits[a] / (i - start) / CountBags(episode);
            }
            bags.Add(axisHits.Average() / (i - start));
            start = i;
        }
        return new ProbeScore("pose accuracy", bags.Count == 0 ? 0 : bags.Average(), HigherIsBetter: true,
            new Dictionary<string, double>
            {
                ["tx"] = perAxis[0],
                ["ty"] = perAxis[1],
                ["yaw"] = perAxis[2],
                ["tx bin error"] = binError[0],
                ["ty bin error"] = binError[1],
                ["yaw bin error"] = binError[2],
            });
    }

    /// <summary>T4 (and T5): the fraction of rows whose predicted class is the true one, plus the balanced accuracy (mean recall over the classes present).</summary>
    public static ProbeScore Accuracy(string name, long[] predicted, long[] truth)
    {
        if (predicted.Length != truth.Length)
        {
            throw new ArgumentException($"{predicted.Length} predictions for {truth.Length} labels", nameof(predicted));
        }
        var hits = predicted.Zip(truth).Count(p => p.First == p.Second);
        var recalls = truth.Distinct().Select(c => (double)predicted.Where((p, i) => truth[i] == c && p == c).Count() / truth.Count(t => t == c)).ToList();
        return new ProbeScore(name, truth.Length == 0 ? 0 : (double)hits / truth.Length, HigherIsBetter: true,
            new Dictionary<string, double> { ["balanced accuracy"] = recalls.Count == 0 ? 0 : recalls.Average() });
    }

    private static int CountBags(int[] episode) => Math.Max(1, episode.Distinct().Count());
}
