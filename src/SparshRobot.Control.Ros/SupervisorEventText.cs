using System.Globalization;
using System.Text.RegularExpressions;
using SparshRobot.Control.Supervision;
using SparshRobot.Core.Geometry;
using SparshRobot.Core.Time;

namespace SparshRobot.Control.Ros;

/// <summary>
/// A <see cref="SupervisorEvent"/> as the line <c>/control/events</c> carries (std_msgs/String, for people and for
/// <c>ros2 topic echo</c>), both ways: "12.345 s: Tracking -> SlipReaction (Slip, recovered): slip p=0.71 at 9 mm/s;
/// progress 0.1234 m at (x, y, z)". Times keep milliseconds, distances tenths of a millimetre.
/// </summary>
public static partial class SupervisorEventText
{
    public static string Format(SupervisorEvent e) => string.Create(CultureInfo.InvariantCulture,
        $"{e.Time.TotalSeconds:F3} s: {e.From} -> {e.To} ({e.Code}{(e.Recovered ? ", recovered" : "")}): {e.Reason}; progress {e.Progress:F4} m at ({e.Position.X:F4}, {e.Position.Y:F4}, {e.Position.Z:F4})");

    /// <summary>The event a line of <see cref="Format"/> describes, its time on <paramref name="clock"/>.</summary>
    /// <exception cref="FormatException">The line is not such an event; the message quotes it.</exception>
    public static SupervisorEvent Parse(string line, ClockKind clock)
    {
        var m = EventLine().Match(line);
        if (!m.Success || !Enum.TryParse<SupervisorState>(m.Groups["from"].Value, out var from) || !Enum.TryParse<SupervisorState>(m.Groups["to"].Value, out var to)
            || !Enum.TryParse<FailureCode>(m.Groups["code"].Value, out var code))
        {
            throw new FormatException($"'{line}' is not a supervisor event (expected 'T s: FROM -> TO (CODE[, recovered]): REASON; progress P m at (X, Y, Z)')");
        }
        double D(string group) => double.Parse(m.Groups[group].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        return new SupervisorEvent(Timestamp.FromSeconds(D("t"), clock), from, to, code, m.Groups["reason"].Value, new Vec3(D("x"), D("y"), D("z")), D("p"),
            m.Groups["recovered"].Success);
    }

    private const string Number = @"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?";

    [GeneratedRegex(@"^(?<t>" + Number + @") s: (?<from>\w+) -> (?<to>\w+) \((?<code>\w+)(?<recovered>, recovered)?\): (?<reason>.*); progress (?<p>" + Number +
        @") m at \((?<x>" + Number + @"), (?<y>" + Number + @"), (?<z>" + Number + @")\)$", RegexOptions.Singleline)]
    private static partial Regex EventLine();
}
