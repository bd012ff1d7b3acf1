namespace SparshRobot.Policy.Diffusion;

public enum BetaSchedule
{
    /// <summary>Betas evenly spaced between BetaStart and BetaEnd (the <c>akash.fair_dev</c> branch).</summary>
    Linear,

    /// <summary>The cosine schedule of Nichol and Dhariwal, betas capped at 0.999 (T6 <c>main</c>).</summary>
    SquaredCosCapV2,
}

/// <summary>The DDPM forward process: betas and cumulative alpha products over the training steps.</summary>
public sealed class NoiseSchedule
{
    public NoiseSchedule(int trainSteps = 100, BetaSchedule schedule = BetaSchedule.SquaredCosCapV2, double betaStart = 1e-4, double betaEnd = 0.02)
    {
        if (trainSteps < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(trainSteps), trainSteps, "need at least 2 diffusion steps");
        }
        TrainSteps = trainSteps;
        Schedule = schedule;
        Betas = new double[trainSteps];
        for (var i = 0; i < trainSteps; i++)
        {
            Betas[i] = schedule switch
            {
                BetaSchedule.Linear => betaStart + (betaEnd - betaStart) * i / (trainSteps - 1),
                _ => Math.Min(1 - CosineAlphaBar((i + 1.0) / trainSteps) / CosineAlphaBar((double)i / trainSteps), 0.999),
            };
        }
        AlphasCumprod = new double[trainSteps];
        var product = 1.0;
        for (var i = 0; i < trainSteps; i++)
        {
            product *= 1 - Betas[i];
            AlphasCumprod[i] = product;
        }
    }

    public int TrainSteps { get; }

    public BetaSchedule Schedule { get; }

    public double[] Betas { get; }

    public double[] AlphasCumprod { get; }

    private static double CosineAlphaBar(double t) => Math.Pow(Math.Cos((t + 0.008) / 1.008 * Math.PI / 2), 2);
}
