using System.Globalization;
using SparshRobot.Sim.Hand;

namespace SparshRobot.Sim.Faults;

/// <summary>
/// One fault: what, how strong, when (simulated seconds, <see cref="Duration"/> may be infinite), which fingertip for
/// sensor faults (null = both), and for a sticky wire which section.
/// </summary>
public sealed record FaultSpec(
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

    public void Validate()
    {
        if (!(Intensity is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Intensity), Intensity, $"fault {Kind}: intensity must be in [0, 1]");
        }
        if (!(Start >= 0) || !(Duration > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(Duration), $"fault {Kind}: start {Start} s must be >= 0 and duration {Duration} s > 0");
        }
        if (Kind == FaultKind.StickyWire && !(SectionStart >= 0 && SectionStart < SectionEnd && SectionEnd <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(SectionStart), $"fault {Kind}: section [{SectionStart}, {SectionEnd}] must be within [0, 1] and increasing");
        }
    }

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
            sensor = rest[(slash + 1)..].ToLowerInvariant() switch
            {
                "thumb" => Finger.Thumb,
                "index" => Finger.Index,
                var other => throw new FormatException($"fault '{text}': sensor '{other}' is not 'thumb' or 'index'"),
            };
            rest = rest[..slash];
        }
        var colon = rest.IndexOf(':');
        if (colon <= 0)
        {
            throw new FormatException($"fault '{text}': expected kind:intensity[@start[+duration]], e.g. friction-drop:0.8@3+2");
        }
        var kindName = rest[..colon].Replace("-", "", StringComparison.Ordinal);
        if (!Enum.TryParse<FaultKind>(kindName, ignoreCase: true, out var kind))
        {
            var kinds = string.Join(", ", Enum.GetNames<FaultKind>());
            throw new FormatException($"fault '{text}': unknown kind '{rest[..colon]}'; known: {kinds}");
        }
        var numbers = rest[(colon + 1)..].Split('@', '+');
        double Number(int i, double fallback) => i < numbers.Length
            ? double.TryParse(numbers[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
                : throw new FormatException($"fault '{text}': '{numbers[i]}' is not a number")
            : fallback;
        var spec = new FaultSpec(kind, Number(0, double.NaN), Number(1, 0), Number(2, double.PositiveInfinity), sensor);
        try
        {
            spec.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new FormatException($"fault '{text}': {e.Message}", e);
        }
        return spec;
    }
}
