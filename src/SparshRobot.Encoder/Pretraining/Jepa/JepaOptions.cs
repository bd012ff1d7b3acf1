namespace SparshRobot.Encoder.Pretraining.Jepa;

/// <summary>I-JEPA and V-JEPA settings: the narrow predictor, the masks, the target encoder's EMA.</summary>
public sealed record JepaOptions
{
    public int PredictorDim { get; init; } = 96;

    public int PredictorDepth { get; init; } = 4;

    public int PredictorHeads { get; init; } = 4;

    /// <summary>I-JEPA: target blocks predicted per step; V-JEPA: spatial blocks whose union forms the tube mask.</summary>
    public int TargetBlocks { get; init; } = 4;

    /// <summary>Area fraction of the patch grid one target block covers (uniform in [min, max]).</summary>
    public double TargetScaleMin { get; init; } = 0.15;

    public double TargetScaleMax { get; init; } = 0.2;

    /// <summary>Height/width of a target block, log-uniform in [min, max].</summary>
    public double AspectMin { get; init; } = 0.75;

    public double AspectMax { get; init; } = 1.5;

    /// <summary>I-JEPA: area fraction of the (square) context block before the targets are cut out of it.</summary>
    public double ContextScaleMin { get; init; } = 0.85;

    public double ContextScaleMax { get; init; } = 1.0;

    /// <summary>Target encoder EMA momentum at the first step; it follows a cosine to 1.</summary>
    public double EmaStart { get; init; } = 0.996;

    /// <summary>Collapse when, over the last tenth of the steps, the target tokens vary less than this across the batch
    /// (<see cref="FeatureSpread.AcrossBatch"/>).</summary>
    public double CollapseStd { get; init; } = 1e-3;

    /// <summary>Collapse when that spread has shrunk below this fraction of the first tenth's.</summary>
    public double CollapseShrink { get; init; } = 0.1;
}
