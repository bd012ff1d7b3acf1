using System.Globalization;
using SparshRobot.Ros.Messages.DiagnosticMsgs;
using SparshRobot.Tactile.Capture;

namespace SparshRobot.Tactile.Ros.Drivers;

/// <summary>
/// Turns a capture source's counters into one <c>diagnostic_msgs/DiagnosticStatus</c> per report, judging the period
/// since the previous report: ERROR while no frames arrive, WARN after a reconnect, dropped frames or an achieved rate
/// under <see cref="RateWarnFraction"/> of the requested one, OK otherwise.
/// </summary>
public sealed class CaptureDiagnostics(string name, string hardwareId, ITactileSource source)
{
    /// <summary>A camera that delivers under 90% of what it was asked for is mis-negotiated or starved of USB bandwidth.</summary>
    public const double RateWarnFraction = 0.9;

    private long _frames;
    private long _dropped;
    private long _reconnects;
    private string? _problem;

    /// <summary>Why the last read gave no frame (shown while the source is stale); set by the capture loop.</summary>
    public string? Problem
    {
        get => Volatile.Read(ref _problem);
        set => Volatile.Write(ref _problem, value);
    }

    /// <summary>Extra key-values (calibration state, the camera's negotiation), shown in every report.</summary>
    public Func<IEnumerable<KeyValue>>? Extra { get; init; }

    /// <summary>The status over the <paramref name="elapsed"/> time since the previous report.</summary>
    public DiagnosticStatus Report(TimeSpan elapsed)
    {
        var counters = source.Counters;
        var frames = counters.FramesDelivered;
        var dropped = counters.DroppedFrames;
        var reconnects = counters.Reconnects;
        var requested = source.Profile.NativeFps;
        var achieved = elapsed > TimeSpan.Zero ? (frames - _frames) / elapsed.TotalSeconds : 0;
        var newDrops = dropped - _dropped;
        var newReconnects = reconnects - _reconnects;
        (_frames, _dropped, _reconnects) = (frames, dropped, reconnects);

        var (level, message) = source.Health switch
        {
            SourceHealth.Stale => (DiagnosticStatus.Error, $"no frames: {Problem ?? "the sensor stopped delivering"}"),
            SourceHealth.NotStarted => (DiagnosticStatus.Warn, "waiting for the first frame"),
            SourceHealth.Ended => (DiagnosticStatus.Warn, "the recorded source has no more frames"),
            _ when newReconnects > 0 => (DiagnosticStatus.Warn, $"reconnected {newReconnects} time(s) in the last {elapsed.TotalSeconds:F1} s"),
            _ when achieved < RateWarnFraction * requested => (DiagnosticStatus.Warn, $"achieved {achieved:F1} of {requested:F0} fps requested"),
            _ when newDrops > 0 => (DiagnosticStatus.Warn, $"dropped {newDrops} frame(s)"),
            _ => (DiagnosticStatus.Ok, $"streaming at {achieved:F1} fps"),
        };
        List<KeyValue> values =
        [
            Value("requested_fps", requested),
            Value("achieved_fps", achieved),
            Value("frames", frames),
            Value("dropped_frames", dropped),
            Value("reconnects", reconnects),
            Value("grab_failures", counters.GrabFailures),
            Value("stale_events", counters.StaleEvents),
            new KeyValue("health", source.Health.ToString()),
        ];
        if (Extra is { } extra)
        {
            values.AddRange(extra());
        }
        return new DiagnosticStatus(level, name, message, hardwareId, values);
    }

    private static KeyValue Value(string key, double value) => new(key, value.ToString("0.##", CultureInfo.InvariantCulture));
}
