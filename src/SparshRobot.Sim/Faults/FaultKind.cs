namespace SparshRobot.Sim.Faults;

/// <summary>
/// Faults the simulator can inject. Intensity is in [0, 1]; what it scales is documented per kind.
/// </summary>
public enum FaultKind
{
    /// <summary>Pad friction drops to (1 - intensity) of nominal: the grasp suddenly holds less (grip loss).</summary>
    FrictionDrop,

    /// <summary>Each tactile frame in the window is lost with probability = intensity (nothing published).</summary>
    SensorDropout,

    /// <summary>The sensor repeats its last image for the whole window (intensity &gt; 0 enables).</summary>
    FrozenFrames,

    /// <summary>Gaussian pixel noise, standard deviation intensity x 25 grey levels.</summary>
    ImageNoise,

    /// <summary>Illumination gain ramps to 1 + 0.4 x intensity and offset to 20 x intensity grey levels over the window.</summary>
    LightingDrift,

    /// <summary>The real end effector drifts from where the robot reports it, up to intensity x 15 mm by the end of the window.</summary>
    CalibrationDrift,

    /// <summary>Commands arrive intensity x 300 ms late during the window.</summary>
    LatencySpike,

    /// <summary>
    /// Wire friction times (1 + 9 x intensity) on a section of the wire (<see cref="FaultSpec.SectionStart"/> to
    /// <see cref="FaultSpec.SectionEnd"/>, fractions of the wire length).
    /// </summary>
    StickyWire,
}
