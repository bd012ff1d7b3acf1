namespace SparshRobot.Tactile.Simulation;

/// <summary>Physical and optical parameters of the simulated gel sensor (defaults: a DIGIT-sized pad).</summary>
public sealed record SimulatorOptions
{
    /// <summary>Gel surface per pixel: DIGIT's roughly 19 x 26 mm window over 240 x 320 pixels.</summary>
    public double MmPerPixel { get; init; } = 0.08;

    /// <summary>Winkler foundation modulus of the gel (N/mm^3): force = stiffness x displaced volume. 2.5 N into a 5 mm sphere is about 0.8 mm deep.</summary>
    public double GelStiffness { get; init; } = 0.25;

    /// <summary>Indentation is capped at the gel thickness.</summary>
    public double MaxDepthMm { get; init; } = 1.5;

    /// <summary>How far (mm) one newton of shear slides the imprint and drags the gel surface.</summary>
    public double ShearComplianceMmPerN { get; init; } = 1.2;

    /// <summary>Spatial extent (standard deviation, mm) of the gel drag around the contact.</summary>
    public double DragSigmaMm { get; init; } = 4.0;

    /// <summary>Elevation of the three LEDs above the gel plane; low angles give strong slope contrast.</summary>
    public double LightElevationDegrees { get; init; } = 30;

    /// <summary>LED azimuths (degrees, from +x towards +y) for the red, green and blue LEDs, 120 degrees apart as on a DIGIT.</summary>
    public double[] LightAzimuthsDegrees { get; init; } = [90, 210, 330];

    /// <summary>How strongly slope shading modulates the background (1 = pure Lambertian ratio).</summary>
    public double ShadingGain { get; init; } = 0.7;

    /// <summary>Per-pixel camera noise standard deviation in grey levels.</summary>
    public double NoiseStd { get; init; } = 1.5;

    /// <summary>Seed of the noise; the same seed, contact sequence and background give identical frames.</summary>
    public int Seed { get; init; }

    /// <summary>Marker grid (GelSight Mini): columns, rows, radius in pixels; no markers when <see cref="MarkerColumns"/> is 0.</summary>
    public int MarkerColumns { get; init; }

    public int MarkerRows { get; init; }

    public double MarkerRadiusPx { get; init; } = 3.0;
}
