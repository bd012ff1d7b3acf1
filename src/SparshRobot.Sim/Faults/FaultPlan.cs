using SparshRobot.Core.Geometry;
using SparshRobot.Sim.Hand;

namespace SparshRobot.Sim.Faults;

/// <summary>What the tactile stream must do with one frame (the renderer or publisher honours these).</summary>
/// <param name="Dropped">No frame is delivered for this tick (the sequence number still advances).</param>
/// <param name="Frozen">The sensor delivers its previous image again, with a fresh stamp.</param>
public readonly record struct TactileFaultFlags(bool Dropped, bool Frozen)
{
    public static TactileFaultFlags None => default;
}

/// <summary>Image conditions handed to the tactile renderer: pixel noise and illumination drift.</summary>
/// <param name="NoiseStd">Gaussian noise, grey levels (0 = clean).</param>
/// <param name="LightingGain">Multiplier on the rendered intensities (1 = nominal).</param>
/// <param name="LightingOffset">Added grey levels (0 = nominal).</param>
/// <param name="NoiseSeed">Seed for this frame's noise, so runs are reproducible.</param>
public readonly record struct TactileImageConditions(double NoiseStd, double LightingGain, double LightingOffset, int NoiseSeed)
{
    public static TactileImageConditions Nominal => new(0, 1, 0, 0);
}

/// <summary>
/// The faults of one run, queried by the simulator as time passes. Seeded: random choices (which frames drop, the
/// drift direction, frame noise seeds) come from <see cref="Seed"/>, so a run replays exactly.
/// </summary>
public sealed class FaultPlan
{
    private readonly List<FaultSpec> _faults;
    private readonly Random _rng;
    private readonly Vec3 _driftDirection;

    public FaultPlan(IEnumerable<FaultSpec> faults, int seed)
    {
        _faults = faults.ToList();
        foreach (var fault in _faults)
        {
            fault.Validate();
        }
        Seed = seed;
        _rng = new Random(seed);
        var angle = _rng.NextDouble() * 2 * Math.PI;
        // Calibration drift lies in the maze board (x-z): across the wire as often as along it.
        _driftDirection = new Vec3(Math.Cos(angle), 0, Math.Sin(angle));
    }

    public static FaultPlan None { get; } = new([], 0);

    public IReadOnlyList<FaultSpec> Faults => _faults;

    public int Seed { get; }

    /// <summary>
    /// A random plan: each kind in <paramref name="kinds"/> once, at the given intensity, starting somewhere in the
    /// first 60 % of <paramref name="horizon"/> seconds and lasting 10-30 % of it.
    /// </summary>
    public static FaultPlan Random(int seed, double horizon, double intensity, params FaultKind[] kinds)
    {
        var rng = new Random(seed ^ 0x5eed);
        var faults = kinds.Select(kind =>
        {
            var start = rng.NextDouble() * 0.6 * horizon;
            var duration = (0.1 + 0.2 * rng.NextDouble()) * horizon;
            var section = 0.2 + 0.5 * rng.NextDouble();
            return new FaultSpec(kind, intensity, start, duration, null, section, section + 0.15);
        });
        return new FaultPlan(faults, seed);
    }

    // The per-step queries below run at the physics rate, so they loop instead of allocating LINQ iterators.
    public double PadFrictionScale(double t)
    {
        var scale = 1.0;
        foreach (var f in _faults)
        {
            if (f.Kind == FaultKind.FrictionDrop && f.ActiveAt(t))
            {
                scale *= 1 - f.Intensity;
            }
        }
        return scale;
    }

    public double WireFrictionScale(double t, double sFraction)
    {
        var scale = 1.0;
        foreach (var f in _faults)
        {
            if (f.Kind == FaultKind.StickyWire && f.ActiveAt(t) && sFraction >= f.SectionStart && sFraction <= f.SectionEnd)
            {
                scale *= 1 + 9 * f.Intensity;
            }
        }
        return scale;
    }

    /// <summary>Where the real end effector is relative to where the robot reports it, metres.</summary>
    public Vec3 CalibrationOffset(double t)
    {
        var offset = Vec3.Zero;
        foreach (var f in _faults)
        {
            if (f.Kind == FaultKind.CalibrationDrift)
            {
                offset += _driftDirection * (0.015 * f.Intensity * f.Progress(t));
            }
        }
        return offset;
    }

    /// <summary>Extra command delay, seconds.</summary>
    public double CommandLatency(double t)
    {
        var latency = 0.0;
        foreach (var f in _faults)
        {
            if (f.Kind == FaultKind.LatencySpike && f.ActiveAt(t))
            {
                latency += 0.3 * f.Intensity;
            }
        }
        return latency;
    }

    public TactileFaultFlags TactileFlags(Finger finger, double t)
    {
        var dropped = false;
        var frozen = false;
        foreach (var f in _faults)
        {
            if (!f.ActiveAt(t) || (f.Sensor is { } s && s != finger))
            {
                continue;
            }
            dropped |= f.Kind == FaultKind.SensorDropout && _rng.NextDouble() < f.Intensity;
            frozen |= f.Kind == FaultKind.FrozenFrames && f.Intensity > 0;
        }
        return new TactileFaultFlags(dropped, frozen);
    }

    public TactileImageConditions ImageConditions(Finger finger, double t)
    {
        double noise = 0, gain = 1, offset = 0;
        foreach (var f in _faults)
        {
            if (f.Sensor is { } s && s != finger)
            {
                continue;
            }
            if (f.Kind == FaultKind.ImageNoise && f.ActiveAt(t))
            {
                noise += 25 * f.Intensity;
            }
            else if (f.Kind == FaultKind.LightingDrift && t >= f.Start)
            {
                // Lighting drift stays once it has happened (a lamp warming up does not snap back).
                gain *= 1 + 0.4 * f.Intensity * f.Progress(t);
                offset += 20 * f.Intensity * f.Progress(t);
            }
        }
        return new TactileImageConditions(noise, gain, offset, noise > 0 ? _rng.Next() : 0);
    }
}
