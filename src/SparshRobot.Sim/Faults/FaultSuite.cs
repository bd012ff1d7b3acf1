using SparshRobot.Core.IO;

namespace SparshRobot.Sim.Faults;

/// <summary>How one kind of fault is drawn: intensity, start and duration uniformly within their ranges.</summary>
/// <param name="Weight">Relative chance of the kind being drawn.</param>
public sealed record FaultDraw(FaultKind Kind, double Weight, (double Lo, double Hi) Intensity, (double Lo, double Hi) Start, (double Lo, double Hi) Duration);

/// <summary>
/// A distribution over faults, sampled per episode with the episode's seed: each episode gets
/// <see cref="FaultsPerEpisode"/> distinct kinds drawn by weight, each at a random intensity, start and duration (a
/// sticky-wire section is placed at random along the wire, a sensor fault hits one finger or both). File form:
/// <code>
/// fault_suite:
///   name: standard
///   faults_per_episode: 2
///   kinds:
///     - kind: friction-drop
///       weight: 1
///       intensity: [0.4, 0.8]
///       start: [2, 15]        # simulated seconds
///       duration: [2, 6]
/// </code>
/// </summary>
public sealed record FaultSuite(string Name, int FaultsPerEpisode, IReadOnlyList<FaultDraw> Kinds)
{
    /// <summary>The plan of one episode; the same seed always gives the same plan.</summary>
    public FaultPlan Sample(int seed)
    {
        // A fixed mix, not HashCode.Combine: that is salted per process, and a benchmark must draw the same faults
        // for the same seed in every run and on every machine.
        var rng = new Random(unchecked(seed * 1_000_003 + 0x5a17e));
        var left = Kinds.ToList();
        var specs = new List<FaultSpec>();
        for (var k = 0; k < FaultsPerEpisode && left.Count > 0; k++)
        {
            var pick = rng.NextDouble() * left.Sum(d => d.Weight);
            var index = 0;
            while (index < left.Count - 1 && pick >= left[index].Weight)
            {
                pick -= left[index].Weight;
                index++;
            }
            var draw = left[index];
            left.RemoveAt(index);
            double Uniform((double Lo, double Hi) r) => r.Lo + (r.Hi - r.Lo) * rng.NextDouble();
            var section = 0.15 + 0.6 * rng.NextDouble();
            var finger = FaultSpec.SensorKinds.Contains(draw.Kind) ? rng.Next(3) switch { 0 => Hand.Finger.Thumb, 1 => Hand.Finger.Index, _ => (Hand.Finger?)null } : null;
            specs.Add(new FaultSpec(draw.Kind, Uniform(draw.Intensity), Uniform(draw.Start), Uniform(draw.Duration), finger, section, section + 0.15));
        }
        return new FaultPlan(specs, seed);
    }

    /// <summary>Whether a YAML file is a suite (top-level <c>fault_suite</c>) rather than a plan.</summary>
    public static bool IsSuite(string path) => File.Exists(path) && File.ReadLines(path).Any(l => l.StartsWith("fault_suite:", StringComparison.Ordinal));

    public static FaultSuite Load(string path) =>
        File.Exists(path) ? Parse(File.ReadAllText(path), path) : throw new FaultFileException($"fault suite '{path}' does not exist");

    public static FaultSuite Parse(string yaml, string source)
    {
        FileDto? file;
        try
        {
            file = YamlConfig.Parse<FileDto>(yaml, source);
        }
        catch (InvalidDataException e)
        {
            throw new FaultFileException(e.Message, e);
        }
        var suite = file?.FaultSuite ?? throw new FaultFileException($"{source}: 'fault_suite' is missing");
        if (suite.Kinds is not { Count: > 0 })
        {
            throw new FaultFileException($"{source}: fault_suite.kinds is missing or empty; expected a list of kinds with their ranges");
        }
        var per = suite.FaultsPerEpisode ?? 1;
        if (per < 1 || per > suite.Kinds.Count)
        {
            throw new FaultFileException($"{source}: fault_suite.faults_per_episode {per} must be in [1, {suite.Kinds.Count}] (the number of kinds)");
        }
        var draws = suite.Kinds.Select((k, i) => k.ToDraw($"{source}: fault_suite.kinds[{i}]")).ToList();
        var duplicate = draws.GroupBy(d => d.Kind).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new FaultFileException($"{source}: fault_suite.kinds lists {FaultSpec.KindName(duplicate.Key)} twice");
        }
        return new FaultSuite(suite.Name ?? Path.GetFileNameWithoutExtension(source), per, draws);
    }

    private sealed class FileDto
    {
        public SuiteDto? FaultSuite { get; set; }
    }

    private sealed class SuiteDto
    {
        public string? Name { get; set; }

        public int? FaultsPerEpisode { get; set; }

        public List<DrawDto>? Kinds { get; set; }
    }

    private sealed class DrawDto
    {
        public string? Kind { get; set; }

        public double? Weight { get; set; }

        public List<double>? Intensity { get; set; }

        public List<double>? Start { get; set; }

        public List<double>? Duration { get; set; }

        public FaultDraw ToDraw(string where)
        {
            var name = Kind ?? throw new FaultFileException($"{where}: 'kind' is missing; one of {FaultSpec.KindNames}");
            if (!FaultSpec.TryParseKind(name, out var kind))
            {
                throw new FaultFileException($"{where}.kind: unknown kind '{name}'; one of {FaultSpec.KindNames}");
            }
            var weight = Weight ?? 1;
            if (!(weight > 0))
            {
                throw new FaultFileException($"{where}.weight: must be > 0, not {weight}");
            }
            return new FaultDraw(kind, weight, Range(Intensity, "intensity", 0, 1), Range(Start, "start", 0, double.MaxValue),
                Range(Duration, "duration", 1e-3, double.MaxValue));

            (double, double) Range(List<double>? values, string field, double min, double max)
            {
                if (values is not { Count: 2 } || !(values[0] >= min && values[0] <= values[1] && values[1] <= max))
                {
                    throw new FaultFileException($"{where}.{field} ({name}): expected [low, high] with {min} <= low <= high <= {max}, got " +
                        (values is null ? "nothing" : $"[{string.Join(", ", values)}]"));
                }
                return (values[0], values[1]);
            }
        }
    }
}
