using SparshRobot.Core.Sensing;
using SparshRobot.Tactile.Profiles;

namespace SparshRobot.Tactile.Calibration;

/// <summary>
/// A sensor's no-contact image in sensor-frame layout (what its capture source delivers), tightly packed RGB.
/// Sparsh subtracts it from every frame of the same sensor.
/// </summary>
public sealed class BackgroundImage
{
    public BackgroundImage(string profileName, int width, int height, byte[] rgb)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(profileName);
        if (width <= 0 || height <= 0 || rgb.Length != width * height * 3)
        {
            throw new ArgumentException($"background of profile '{profileName}': {rgb.Length} bytes do not form a {width}x{height} RGB image", nameof(rgb));
        }
        ProfileName = profileName;
        Width = width;
        Height = height;
        Rgb = rgb;
    }

    public string ProfileName { get; }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Row-major RGB bytes, <c>Width * Height * 3</c>.</summary>
    public byte[] Rgb { get; }

    /// <summary>Throws when <paramref name="frame"/> is not this background's size.</summary>
    public void EnsureFits(TactileFrame frame)
    {
        if (Width != frame.Width || Height != frame.Height)
        {
            throw new BackgroundMismatchException(
                $"sensor '{frame.SensorId}': background is {Width}x{Height} (WxH), frame is {frame.Width}x{frame.Height}");
        }
    }

    /// <summary>Throws when this background cannot be used for frames of <paramref name="profile"/> at the given size.</summary>
    public void EnsureMatches(SensorProfile profile, int width, int height, string source)
    {
        if (!string.Equals(ProfileName, profile.Name, StringComparison.OrdinalIgnoreCase))
        {
            throw new BackgroundMismatchException(
                $"{source}: background was calibrated for profile '{ProfileName}' but the sensor uses profile '{profile.Name}'");
        }
        if (Width != width || Height != height)
        {
            throw new BackgroundMismatchException(
                $"{source}: background is {Width}x{Height} (WxH) but the sensor delivers {width}x{height} frames; recalibrate with 'sparsh-robot calibrate background'");
        }
    }
}

/// <summary>A background that does not belong to the sensor it is applied to.</summary>
public sealed class BackgroundMismatchException(string message) : Exception(message);
