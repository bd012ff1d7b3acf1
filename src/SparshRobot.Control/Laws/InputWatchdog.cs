using SparshRobot.Core.Time;

namespace SparshRobot.Control.Laws;

/// <summary>How old each input may be before the controller stops trusting it, seconds.</summary>
public sealed record WatchdogOptions(double Tactile = 0.15, double Pose = 0.1, double Plan = 0.6)
{
    public static WatchdogOptions Default { get; } = new();
}

/// <summary>Which inputs are too old right now.</summary>
[Flags]
public enum StaleInputs
{
    None = 0,
    Tactile = 1,
    Pose = 2,
    Plan = 4,
}

/// <summary>Compares each input's stamp with the control time; a stale input makes the controller decelerate and hold.</summary>
public sealed class InputWatchdog(WatchdogOptions? options = null)
{
    public WatchdogOptions Options { get; } = options ?? WatchdogOptions.Default;

    /// <param name="tactileAge">Age of the newest usable touch (infinite when none).</param>
    /// <param name="planStamp">Stamp of the newest plan; null when the controller follows no plan.</param>
    public StaleInputs Check(Timestamp now, double tactileAge, Timestamp poseStamp, Timestamp? planStamp, TimeSpan? planHorizon = null)
    {
        var stale = StaleInputs.None;
        if (!(tactileAge <= Options.Tactile))
        {
            stale |= StaleInputs.Tactile;
        }
        if (Age(now, poseStamp) > Options.Pose)
        {
            stale |= StaleInputs.Pose;
        }
        if (planStamp is { } plan && Age(now, plan) > Options.Plan + (planHorizon?.TotalSeconds ?? 0))
        {
            stale |= StaleInputs.Plan;
        }
        return stale;
    }

    private static double Age(Timestamp now, Timestamp then) => (now.TotalNanoseconds - then.TotalNanoseconds) / 1e9;
}
