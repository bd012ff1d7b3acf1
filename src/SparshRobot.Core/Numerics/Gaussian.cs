namespace SparshRobot.Core.Numerics;

/// <summary>
/// Normal draws for the seeded simulation (sensor noise, lighting faults, scripted teleoperation). Box-Muller, cosine
/// branch only, two uniforms per draw: a library sampler (MathNet's <c>Normal</c>, say) draws a different stream, and
/// the shipped model cards and recorded metrics were made with this one (docs/design-notes.md, "Seeded noise").
/// </summary>
public static class Gaussian
{
    /// <summary>One draw from N(0, <paramref name="std"/>²), consuming exactly two <see cref="Random.NextDouble"/> values.</summary>
    public static double NextGaussian(this Random random, double std = 1)
    {
        // 1 - U lies in (0, 1], so the logarithm is finite.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        // std multiplies first, as every caller did before this was shared, so the draws are bit-identical.
        return std * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
