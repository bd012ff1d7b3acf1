using SparshRobot.Core.IO;

namespace SparshRobot.Sim.Faults;

/// <summary>
/// A fault plan read from YAML (<c>sim run --faults</c>, the <c>bead_maze_sim</c> node's <c>faults_file</c>):
/// <code>
/// seed: 7                    # optional: seeds the plan's random choices (else the run's seed)
/// faults:
///   - kind: friction-drop    # any FaultKind, as in --fault
///     intensity: 0.8         # [0, 1]
///     start: 3.0             # s, optional (0)
///     duration: 2.0          # s, optional (the rest of the run)
///   - kind: sensor-dropout
///     intensity: 0.5
///     finger: thumb          # sensor faults, optional (both)
///   - kind: sticky-wire
///     intensity: 0.6
///     section_start: 0.3     # sticky-wire, fractions of the wire length, optional (0.4 to 0.6)
///     section_end: 0.5
/// </code>
/// Errors name the file, the entry index and the field.
/// </summary>
public sealed record FaultPlanFile(int? Seed, IReadOnlyList<FaultSpec> Faults)
{
    public static FaultPlanFile Load(string path) =>
        File.Exists(path) ? Parse(File.ReadAllText(path), path) : throw new FaultFileException($"fault file '{path}' does not exist");

    public static FaultPlanFile Parse(string yaml, string source)
    {
        PlanDto? dto;
        try
        {
            dto = YamlConfig.Parse<PlanDto>(yaml, source);
        }
        catch (InvalidDataException e)
        {
            throw new FaultFileException(e.Message, e);
        }
        if (dto?.Faults is null)
        {
            throw new FaultFileException($"{source}: 'faults' is missing; expected a list of entries with kind and intensity");
        }
        return new FaultPlanFile(dto.Seed, dto.Faults.Select((entry, i) => entry.ToSpec($"{source}: faults[{i}]")).ToList());
    }

    /// <summary>The plan, after <paramref name="more"/> faults (the command line's), seeded by the file or else <paramref name="seed"/>.</summary>
    public FaultPlan ToPlan(int seed, IEnumerable<FaultSpec>? more = null) => new([.. Faults, .. more ?? []], Seed ?? seed);

    private sealed class PlanDto
    {
        public int? Seed { get; set; }

        public List<FaultDto>? Faults { get; set; }
    }

    private sealed class FaultDto
    {
        public string? Kind { get; set; }

        public double? Intensity { get; set; }

        public double? Start { get; set; }

        public double? Duration { get; set; }

        public string? Finger { get; set; }

        public double? SectionStart { get; set; }

        public double? SectionEnd { get; set; }

        public FaultSpec ToSpec(string where)
        {
            var name = Kind ?? throw new FaultFileException($"{where}: 'kind' is missing; one of {FaultSpec.KindNames}");
            if (!FaultSpec.TryParseKind(name, out var kind))
            {
                throw new FaultFileException($"{where}.kind: unknown kind '{name}'; one of {FaultSpec.KindNames}");
            }
            var finger = Finger is null ? (Hand.Finger?)null
                : FaultSpec.ParseFinger(Finger) ?? throw new FaultFileException($"{where}.finger: '{Finger}' is not 'thumb' or 'index'");
            var intensity = Intensity ?? throw new FaultFileException($"{where}: 'intensity' is missing (a number in [0, 1])");
            var defaults = new FaultSpec(kind, intensity, 0, double.PositiveInfinity);
            var spec = defaults with
            {
                Start = Start ?? defaults.Start,
                Duration = Duration ?? defaults.Duration,
                Sensor = finger,
                SectionStart = SectionStart ?? defaults.SectionStart,
                SectionEnd = SectionEnd ?? defaults.SectionEnd,
            };
            return spec.Check() is { } wrong ? throw new FaultFileException($"{where}.{wrong.Field} ({name}): {wrong.Problem}") : spec;
        }
    }
}

/// <summary>A fault file that cannot be read; the message names the file, the entry and the field.</summary>
public sealed class FaultFileException(string message, Exception? inner = null) : FormatException(message, inner);
