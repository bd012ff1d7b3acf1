using SparshRobot.Core.Sensing;
using SparshRobot.Tactile.Profiles;

namespace SparshRobot.Tactile.Calibration;

/// <summary>
/// A sensor's calibration folder (<c>&lt;root&gt;/&lt;serial&gt;/</c>) loaded by serial, with the checks that say when
/// it should be redone: it is older than a maximum age, or a live no-contact frame no longer looks like it (gel
/// replaced or worn, LEDs dimmed, camera exposure changed).
/// </summary>
public sealed record SensorCalibration(string Directory, BackgroundImage Background, BackgroundMetadata Metadata)
{
    /// <summary>Gels wear and LEDs drift over weeks; a month-old background is worth redoing.</summary>
    public static readonly TimeSpan DefaultMaxAge = TimeSpan.FromDays(30);

    /// <summary>
    /// Grey levels a live no-contact frame's channel mean may differ from the background's. Sensor noise moves the
    /// mean by well under one level and a light touch by a few; LED or exposure drift that spoils subtraction by more.
    /// </summary>
    public const double DefaultMeanTolerance = 8.0;

    /// <summary>Loads <c>&lt;calibrationRoot&gt;/&lt;serial&gt;</c> for a sensor of <paramref name="profile"/>.</summary>
    public static SensorCalibration Load(string calibrationRoot, string serial, SensorProfile profile)
    {
        var directory = BackgroundStore.DirectoryFor(calibrationRoot, serial);
        if (!System.IO.Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException(
                $"no calibration for sensor '{serial}': {Path.GetFullPath(directory)} does not exist; run 'sparsh-robot calibrate background --serial {serial} --out {calibrationRoot}'");
        }
        var (background, metadata) = BackgroundStore.Load(directory, profile);
        return new SensorCalibration(directory, background, metadata);
    }

    public TimeSpan Age(DateTime nowUtc) => nowUtc - Metadata.CapturedUtc;

    /// <summary>A warning when the calibration is older than <paramref name="maxAge"/>; null otherwise.</summary>
    public string? AgeWarning(DateTime nowUtc, TimeSpan maxAge)
    {
        var age = Age(nowUtc);
        return age <= maxAge
            ? null
            : $"calibration {Directory} is {age.TotalDays:F0} days old (captured {Metadata.CapturedUtc:yyyy-MM-dd}, limit {maxAge.TotalDays:F0} days); " +
              $"recalibrate with the gel untouched: sparsh-robot calibrate background --serial {Metadata.SensorSerial}";
    }

    /// <summary>
    /// A warning when <paramref name="noContactFrame"/> (a frame taken with the gel untouched) differs from the
    /// calibrated image statistics by more than <paramref name="meanTolerance"/> grey levels in some channel's mean;
    /// null when it matches or the sidecar predates image statistics.
    /// </summary>
    public string? StatisticsWarning(TactileFrame noContactFrame, double meanTolerance)
    {
        if (Metadata.Statistics is not { } calibrated)
        {
            return null;
        }
        var live = ImageStatistics.Of(noContactFrame);
        var difference = calibrated.MaxMeanDifference(live);
        return difference <= meanTolerance
            ? null
            : $"sensor '{noContactFrame.SensorId}' no longer matches its calibration {Directory}: live image {live} vs calibrated {calibrated} " +
              $"(channel means differ by up to {difference:F1} grey levels, tolerance {meanTolerance:F1}); if the gel was untouched, " +
              $"recalibrate: sparsh-robot calibrate background --serial {Metadata.SensorSerial}";
    }
}
