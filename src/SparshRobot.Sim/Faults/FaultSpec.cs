using System.Globalization;
using System.Text.RegularExpressions;
using SparshRobot.Sim.Hand;

namespace SparshRobot.Sim.Faults;

/// <summary>
/// One fault: what, how strong, when (simulated seconds, <see cref="Duration"/> may be infinite), which fingertip for
/// sensor faults (null = both), and for a sticky wire which section.
/// </summary>
public sealed partial record FaultSpec(
    FaultKind Kind,
    double Intensity,
    double Start,
    double Duration,
    Finger? Sensor = null,
    double SectionStart = 0.4,
    double SectionEnd = 0.6)
{
    public bool ActiveAt(double t) => t >= Start && t < Start + Duration;

    /// <summary>Fraction of the window elapsed at <paramref name="t"/>, 0 before and 1 after.</summary>
    public double Progress(double t) => double.IsPositiveInfinity(Duration)
        ? (t >= Start ? 1 : 0)
        : Math.Clamp((t - Start) / Duration, 0, 1);

    /// <summary>The first thing wrong with this fault, as the field (spelled as in fault files) and the problem; null when valid.</summary>
    public (string Field, string Problem)? Check() =>
        !(Intensity is >= 0 and <= 1) ? ("intensity", $"must be in [0, 1], not {Intensity}")
        : !(Start >= 0) ? ("start", $"must be >= 0 s, not {Start}")
        : !(Duration > 0) ? ("duration", $"must be > 0 s, not {Duration}")
        : Kind == FaultKind.StickyWire && !(SectionStart >= 0 && SectionStart < SectionEnd && SectionEnd <= 1)
            ? ("section_start", $"section [{SectionStart}, {SectionEnd}] must lie within [0, 1] and increase")
        : Sensor is not null && !SensorKinds.Contains(Kind)
            ? ("finger", $"applies to sensor faults only ({string.Join(", ", SensorKinds.Select(KindName))}), not {KindName(Kind)}")
        : null;

    /// <summary>The kinds that act on one fingertip's images and so may name a finger.</summary>
    public static IReadOnlySet<FaultKind> SensorKinds { get; } =
        new HashSet<FaultKind> { FaultKind.SensorDropout, FaultKind.FrozenFrames, FaultKind.ImageNoise, FaultKind.LightingDrift };

    public void Validate()
    {
        if (Check() is { } wrong)
        {
            throw new ArgumentOutOfRangeException(wrong.Field, $"fault {KindName(Kind)}: {wrong.Field} {wrong.Problem}");
        }
    }

    /// <summary>The name fault files and <c>--fault</c> use, e.g. <c>friction-drop</c>.</summary>
    public static string KindName(FaultKind kind) => KebabCase().Replace(kind.ToString(), "-$1").ToLowerInvariant();

    /// <summary>Every kind's name, for error messages.</summary>
    public static string KindNames => string.Join(", ", Enum.GetValues<FaultKind>().Select(KindName));

    /// <summary>Reads a kind by name: <c>friction-drop</c>, also <c>friction_drop</c> or <c>FrictionDrop</c>.</summary>
    public static bool TryParseKind(string name, out FaultKind kind)
    {
        var bare = name.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        // Names only: Enum.TryParse would also take numbers and comma lists.
        var match = Enum.GetValues<FaultKind>().Where(k => string.Equals(k.ToString(), bare, StringComparison.OrdinalIgnoreCase)).ToList();
        kind = match.FirstOrDefault();
        return match.Count == 1;
    }

    /// <summary>A fingertip by name, <c>thumb</c> or <c>index</c>; null when it is neither.</summary>
    public static Finger? ParseFinger(string name) => name.ToLowerInvariant() switch
    {
        "thumb" => Finger.Thumb,
        "index" => Finger.Index,
        _ => null,
    };

    [GeneratedRegex("(?<=[a-z])([A-Z])")]
    private static partial Regex KebabCase();

    /// <summary>
    /// Parses <c>kind:intensity[@start[+duration]]</c>, e.g. <c>friction-drop:0.8@3+2</c> or <c>sticky-wire:0.5</c>
    /// (no window = the whole run); a sensor fault may end with <c>/thumb</c> or <c>/index</c>.
    /// </summary>
    public static FaultSpec Parse(string text)
    {
        var rest = text.Trim();
        Finger? sensor = null;
        var slash = rest.IndexOf('/');
        if (slash >= 0)
        {
            var finger = rest[(slash + 1)..];
            sensor = ParseFinger(finger) ?? throw new FormatException($"fault '{text}': sensor '{finger}' is not 'thumb' or 'index'");
            rest = rest[..slash];
        }
        var colon = rest.IndexOf(':');
        if (colon <= 0)
        {
            throw new FormatException($"fault '{text}': expected kind:intensity[@start[+duration]], e.g. friction-drop:0.8@3+2");
        }
        if (!TryParseKind(rest[..colon], out var kind))
        {
            throw new FormatException($"fault '{text}': unknown kind '{rest[..colon]}'; known: {KindNames}");
        }
        var numbers = rest[(colon + 1)..].Split('@', '+');
        double Number(int i, double fallback) => i < numbers.Length
            ? double.TryParse(numbers[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
                : throw new FormatException($"fault '{text}': '{numbers[i]}' is not a number")
            : fallback;
        var spec = new FaultSpec(kind, Number(0, double.NaN), Number(1, 0), Number(2, double.PositiveInfinity), sensor);
        return spec.Check() is { } wrong ? throw new FormatException($"fault '{text}': {wrong.Field} {wrong.Problem}") : spec;
    }
}
