using System.Globalization;
using SparshRobot.Core.IO;
using SparshRobot.Sim.Faults;

namespace SparshRobot.Evaluation.Maze;

/// <summary>
/// One line of an episode's timeline in <c>events.csv</c>: a fault of its plan (<see cref="Source"/> <c>fault</c>, at its
/// start) or a supervisor transition (<c>supervisor</c>, with where the pinch point was and the progress felt so far).
/// </summary>
/// <param name="Code">The fault's kind, or the transition's failure code.</param>
public sealed record EvalEvent(string Maze, string Faults, string Stack, int Seed, double Time, string Source, string From, string To, string Code, string Reason,
    double? X, double? Y, double? Z, double? Progress);

/// <summary>Why an episode went as it did, in time order: what the fault plan did and how the supervisor answered.</summary>
public static class EvalTimeline
{
    public const string CsvFile = "events.csv";

    /// <summary>The plan's faults at their starts, then the transitions, merged by time (a fault first on a tie).</summary>
    public static IEnumerable<EvalEvent> Of(EvalOutcome outcome)
    {
        var e = outcome.Episode;
        var faults = outcome.Faults.Faults.Select(f => new EvalEvent(e.Maze, e.Faults, e.Stack, e.Seed, f.Start, "fault", "", "", FaultSpec.KindName(f.Kind), Describe(f),
            null, null, null, null));
        var transitions = outcome.Supervisor.Select(s => new EvalEvent(e.Maze, e.Faults, e.Stack, e.Seed, s.Time.TotalSeconds, "supervisor", s.From.ToString(), s.To.ToString(),
            s.Code.ToString(), s.Reason, s.Position.X, s.Position.Y, s.Position.Z, s.Progress));
        return faults.Concat(transitions).OrderBy(x => x.Time);
    }

    public static void WriteCsv(string path, IEnumerable<EvalEvent> events) => RecordCsv.Write(path, events);

    private static string Describe(FaultSpec fault)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"intensity {fault.Intensity:0.##} for {(double.IsPositiveInfinity(fault.Duration) ? "the rest" : $"{fault.Duration:0.##} s")}");
        if (fault.Sensor is { } sensor)
        {
            text += $" on the {sensor.ToString().ToLowerInvariant()}";
        }
        return fault.Kind == FaultKind.StickyWire
            ? text + string.Create(CultureInfo.InvariantCulture, $" over {fault.SectionStart:P0}-{fault.SectionEnd:P0} of the wire")
            : text;
    }
}
