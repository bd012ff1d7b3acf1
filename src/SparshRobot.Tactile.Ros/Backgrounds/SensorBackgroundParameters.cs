using SparshRobot.Ros.Node;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Tactile.Profiles;

namespace SparshRobot.Tactile.Ros.Backgrounds;

/// <summary>
/// Where a node's tactile sensors get their no-contact backgrounds, as every node that reads DIGIT images declares it:
/// <c>backgrounds</c> (an image or calibration folder per sensor) or <c>serials</c> (calibrations by serial under
/// <c>calibration_root</c>, with an age warning), or neither for the default background.
/// </summary>
public sealed record SensorBackgroundParameters(string[] Backgrounds, string[] Serials, string CalibrationRoot, double MaxAgeDays)
{
    /// <param name="order">How the lists are ordered, for the parameter descriptions ("thumb, index", "in sensor_topics order").</param>
    public static SensorBackgroundParameters Declare(RosNode node, string order) => new(
        node.DeclareParameter("backgrounds", Array.Empty<string>(), $"no-contact image or calibration folder per sensor ({order}); empty: the default DIGIT background"),
        node.DeclareParameter("serials", Array.Empty<string>(), $"sensor serials ({order}): their calibrations under calibration_root (instead of backgrounds)"),
        node.DeclareParameter("calibration_root", "calibration", "folder of per-serial calibrations (with serials)"),
        node.DeclareParameter("calibration_max_age_days", SensorCalibration.DefaultMaxAge.TotalDays, "warn when a calibration is older, days"));

    /// <summary>The background of each of <paramref name="sensors"/>, warning on the node's log about old calibrations.</summary>
    /// <param name="loadBackground">A background from a file or calibration folder; null: the default the caller supplies.</param>
    public BackgroundImage[] Load(RosNode node, IReadOnlyList<string> sensors, SensorProfile profile, Func<string?, SensorProfile, BackgroundImage> loadBackground)
    {
        if ((Backgrounds.Length != 0 && Backgrounds.Length != sensors.Count) || (Serials.Length != 0 && Serials.Length != sensors.Count)
            || (Backgrounds.Length > 0 && Serials.Length > 0))
        {
            throw new ArgumentException($"{node.FullyQualifiedName}: backgrounds lists {Backgrounds.Length} entries and serials {Serials.Length}; expected " +
                $"{sensors.Count} ({string.Join(", ", sensors)}) in one of them, or none for the default background");
        }
        return [.. sensors.Select((_, i) =>
        {
            if (Serials.Length == 0)
            {
                return loadBackground(Backgrounds.Length == 0 ? null : Backgrounds[i], profile);
            }
            var calibration = SensorCalibration.Load(CalibrationRoot, Serials[i], profile);
            if (calibration.AgeWarning(DateTime.UtcNow, TimeSpan.FromDays(MaxAgeDays)) is { } old)
            {
                node.Logger.Warn(old);
            }
            return calibration.Background;
        })];
    }
}
