namespace SparshRobot.Encoder.Pretraining.Dino;

/// <summary>
/// DINO's recipe, with multi-crop adapted to touch: every view crops the 6-channel pair as one (both frames of
/// <c>[I_t, I_{t-5}]</c> see the same geometry), keeps the sensor's aspect ratio, and changes no colour (colour and
/// intensity carry the contact geometry and shear, so DINO's colour jitter, blur and solarisation are left out).
/// </summary>
public sealed record DinoOptions
{
    /// <summary>Prototypes of the head's weight-normed last layer (K).</summary>
    public int OutDim { get; init; } = 1024;

    public int HiddenDim { get; init; } = 512;

    public int BottleneckDim { get; init; } = 128;

    /// <summary>
    /// Batch normalisation after the head's hidden layers (DINO's <c>use_bn_in_head</c>; Sparsh leaves it off). Touch
    /// frames are mostly background, so a young encoder's features barely differ across a batch; without it the centred
    /// teacher is uniform from the start and the run collapses.
    /// </summary>
    public bool HeadBatchNorm { get; init; } = true;

    /// <summary>Small views seen by the student only; the two global views go to both networks.</summary>
    public int LocalCrops { get; init; } = 4;

    /// <summary>Area fraction of the frame a global view keeps (lower bound; the upper is 1). Touch images hold one
    /// contact, so global views stay large.</summary>
    public double GlobalScaleMin { get; init; } = 0.6;

    public double LocalScaleMin { get; init; } = 0.15;

    public double LocalScaleMax { get; init; } = 0.4;

    public double StudentTemp { get; init; } = 0.1;

    /// <summary>Teacher temperature at the first step, raised linearly to <see cref="TeacherTemp"/> over the warm-up.</summary>
    public double TeacherTempStart { get; init; } = 0.04;

    public double TeacherTemp { get; init; } = 0.07;

    /// <summary>Fraction of the steps the teacher temperature warms up over.</summary>
    public double TeacherTempWarmup { get; init; } = 0.3;

    /// <summary>Momentum of the running centre subtracted from the teacher's logits.</summary>
    public double CenterMomentum { get; init; } = 0.9;

    /// <summary>Teacher EMA momentum at the first step; it follows a cosine to 1.</summary>
    public double EmaStart { get; init; } = 0.996;

    /// <summary>
    /// Collapse when, over the last tenth of the steps, the teacher's features have fallen to vary less than this across the batch
    /// (std of L2-normalised features times sqrt(D): 1 for isotropic features, 0 when every input maps to one point).
    /// A random ViT's mean-pooled features already share most of their direction, so healthy values start near 0.01.
    /// </summary>
    public double CollapseStd { get; init; } = 1e-3;

    /// <summary>Collapse when the spread over the last tenth of the steps has shrunk below this fraction of the first tenth's.</summary>
    public double CollapseShrink { get; init; } = 0.1;

    /// <summary>Collapse when the teacher's entropy stays above this fraction of log K: a uniform teacher teaches nothing.</summary>
    public double CollapseEntropy { get; init; } = 0.99;
}
