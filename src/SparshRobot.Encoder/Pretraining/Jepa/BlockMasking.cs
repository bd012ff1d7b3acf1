namespace SparshRobot.Encoder.Pretraining.Jepa;

/// <summary>
/// Which patch tokens the context encoder sees and which the predictor must fill in; indices are row-major over the
/// patch grid (z-y-x for clips), sorted, and the context never shares a token with any target.
/// </summary>
public sealed record JepaMasks(long[] Context, long[][] Targets);

/// <summary>JEPA masks: I-JEPA's multi-block masks over an image's patch grid, V-JEPA's tube masks over a clip's.</summary>
public static class BlockMasking
{
    private const int Attempts = 100;

    /// <summary>
    /// I-JEPA: <see cref="JepaOptions.TargetBlocks"/> rectangular target blocks, and a large context block with every
    /// target token removed from it. Redrawn until the context keeps at least one token.
    /// </summary>
    public static JepaMasks MultiBlock(int height, int width, JepaOptions options, Random random)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var targets = Enumerable.Range(0, options.TargetBlocks)
                .Select(_ => Block(height, width, options.TargetScaleMin, options.TargetScaleMax, options.AspectMin, options.AspectMax, random))
                .ToArray();
            var hidden = targets.SelectMany(t => t).ToHashSet();
            var context = Block(height, width, options.ContextScaleMin, options.ContextScaleMax, 1, 1, random).Where(i => !hidden.Contains(i)).ToArray();
            if (context.Length > 0)
            {
                return new JepaMasks(context, targets);
            }
        }
        throw new ArgumentException($"no context is left on a {height}x{width} patch grid after {options.TargetBlocks} target blocks of up to {options.TargetScaleMax:P0} each; use fewer or smaller target blocks, or a larger input");
    }

    /// <summary>
    /// V-JEPA: the union of <see cref="JepaOptions.TargetBlocks"/> spatial blocks, hidden in every one of the
    /// <paramref name="frames"/> temporal slots (a tube), is the one target; the context is the rest of the clip.
    /// </summary>
    public static JepaMasks Tube(int frames, int height, int width, JepaOptions options, Random random)
    {
        var area = (long)height * width;
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var hidden = Enumerable.Range(0, options.TargetBlocks)
                .SelectMany(_ => Block(height, width, options.TargetScaleMin, options.TargetScaleMax, options.AspectMin, options.AspectMax, random))
                .ToHashSet();
            if (hidden.Count < area)
            {
                long[] Repeat(IEnumerable<long> spatial) => [.. Enumerable.Range(0, frames).SelectMany(t => spatial.Select(i => t * area + i))];
                var kept = Enumerable.Range(0, (int)area).Select(i => (long)i).Where(i => !hidden.Contains(i)).ToArray();
                return new JepaMasks(Repeat(kept), [Repeat(hidden.Order())]);
            }
        }
        throw new ArgumentException($"the tube mask hides the whole {height}x{width} patch grid in {Attempts} draws; use fewer or smaller target blocks");
    }

    /// <summary>A rectangle of about <c>scale</c> of the grid's area and the given aspect (height/width) range, clipped
    /// to the grid, at a uniform position: its token indices, sorted.</summary>
    public static long[] Block(int height, int width, double scaleMin, double scaleMax, double aspectMin, double aspectMax, Random random)
    {
        var area = (scaleMin + (scaleMax - scaleMin) * random.NextDouble()) * height * width;
        var aspect = Math.Exp(Math.Log(aspectMin) + (Math.Log(aspectMax) - Math.Log(aspectMin)) * random.NextDouble());
        var h = Math.Clamp((int)Math.Round(Math.Sqrt(area * aspect)), 1, height);
        var w = Math.Clamp((int)Math.Round(Math.Sqrt(area / aspect)), 1, width);
        var top = random.Next(height - h + 1);
        var left = random.Next(width - w + 1);
        return [.. Enumerable.Range(top, h).SelectMany(y => Enumerable.Range(left, w).Select(x => (long)y * width + x))];
    }
}
