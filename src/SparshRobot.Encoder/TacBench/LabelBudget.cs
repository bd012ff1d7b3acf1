using System.Globalization;

namespace SparshRobot.Encoder.TacBench;

/// <summary>
/// The share of the training split a probe may learn from (TacBench's label budgets). The rows are drawn per
/// stratum (a class, or an episode for regression tasks) in proportion to its size, so a 1 % budget keeps the
/// class balance and does not come from one trajectory; the draw depends only on the seed.
/// </summary>
public static class LabelBudget
{
    /// <summary>Percentages such as "1,10,33,100" as fractions in (0, 1], in the order given.</summary>
    public static IReadOnlyList<double> Parse(string text)
    {
        var budgets = new List<double>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var percent) || !(percent > 0 && percent <= 100))
            {
                throw new ArgumentException($"budget '{part}' in --budgets '{text}' is not a percentage of the training split in (0, 100]");
            }
            budgets.Add(percent / 100);
        }
        return budgets.Distinct().Count() == budgets.Count
            ? budgets
            : throw new ArgumentException($"--budgets '{text}' lists a budget twice");
    }

    /// <summary>
    /// The rows (sorted) of a <paramref name="fraction"/> budget over rows labelled with <paramref name="strata"/>:
    /// round(fraction · n) rows, at least one, shared among the strata by largest remainder, each stratum's rows
    /// drawn by a shuffle seeded with <paramref name="seed"/>.
    /// </summary>
    public static long[] Select(IReadOnlyList<long> strata, double fraction, int seed)
    {
        if (!(fraction > 0 && fraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "a budget is a fraction in (0, 1]");
        }
        if (strata.Count == 0)
        {
            return [];
        }
        var groups = Enumerable.Range(0, strata.Count).GroupBy(i => strata[i]).OrderBy(g => g.Key).Select(g => g.ToArray()).ToList();
        var total = Math.Max(1, (int)Math.Round(fraction * strata.Count, MidpointRounding.AwayFromZero));
        var exact = groups.Select(g => g.Length * (double)total / strata.Count).ToArray();
        var quota = exact.Select(e => (int)Math.Floor(e)).ToArray();
        // Largest remainders first; ties to the larger stratum, then the first.
        foreach (var g in Enumerable.Range(0, groups.Count).OrderByDescending(g => exact[g] - quota[g]).ThenByDescending(g => groups[g].Length)
            .Take(total - quota.Sum()))
        {
            quota[g]++;
        }
        var random = new Random(seed);
        var rows = new List<long>(total);
        for (var g = 0; g < groups.Count; g++)
        {
            var members = groups[g];
            random.Shuffle(members);
            rows.AddRange(members.Take(quota[g]).Select(i => (long)i));
        }
        rows.Sort();
        return [.. rows];
    }
}
