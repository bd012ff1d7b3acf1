using SparshRobot.Core.IO;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Tactile.Profiles;

namespace SparshRobot.Cli.Commands;

/// <summary>Background lookup shared by the tactile commands.</summary>
internal static class TactileCliSupport
{
    private static readonly string[] SharedDigitBackground = ["shared", "data", "tactile", "digit_background_240x320.jpg"];

    /// <summary>
    /// A calibration folder (background.png + background.yaml) or an image file; without one, the real DIGIT
    /// no-contact frame in <c>../shared/data</c> when run from inside a checkout.
    /// </summary>
    public static BackgroundImage LoadBackground(string? path, SensorProfile profile)
    {
        if (path is null)
        {
            path = AncestorPaths.Find(SharedDigitBackground)
                ?? throw new ArgumentException("no --background given and ../shared/data/tactile/digit_background_240x320.jpg not found; pass a calibration folder or a no-contact image");
        }
        if (Directory.Exists(path))
        {
            return BackgroundStore.Load(path, profile).Background;
        }
        return BackgroundStore.FromImageFile(path, profile);
    }

    public static (double X, double Y) ParsePair(string text, string option)
    {
        var parts = text.Split(',');
        if (parts.Length == 2
            && double.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var x)
            && double.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var y))
        {
            return (x, y);
        }
        throw new ArgumentException($"{option} '{text}': expected two numbers 'x,y', e.g. 0.3,0");
    }
}
