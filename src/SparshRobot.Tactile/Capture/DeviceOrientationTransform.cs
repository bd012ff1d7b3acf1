using OpenCvSharp;
using SparshRobot.Tactile.Profiles;

namespace SparshRobot.Tactile.Capture;

/// <summary>Applies a profile's driver-side geometry (<see cref="DeviceOrientation"/>) to a captured BGR image.</summary>
public static class DeviceOrientationTransform
{
    /// <summary>
    /// Returns the sensor frame for <paramref name="captured"/>. A frame already of the sensor-frame size (e.g. a
    /// recording of get_frame() output) passes unchanged; any other size is an error naming both expected sizes.
    /// </summary>
    public static Mat ToSensorFrame(Mat captured, SensorProfile profile, string source)
    {
        var (sw, sh) = profile.SensorFrameSize;
        if (captured.Width == sw && captured.Height == sh)
        {
            return captured.Clone();
        }
        if (captured.Width != profile.CaptureWidth || captured.Height != profile.CaptureHeight)
        {
            throw new InvalidDataException(
                $"{source}: frame is {captured.Width}x{captured.Height} (WxH); profile '{profile.Name}' expects {profile.CaptureWidth}x{profile.CaptureHeight} as captured or {sw}x{sh} as a sensor frame");
        }
        var result = new Mat();
        switch (profile.Orientation)
        {
            case DeviceOrientation.DigitInterface:
                Cv2.Transpose(captured, result);
                Cv2.Flip(result, result, FlipMode.X);
                break;
            case DeviceOrientation.GelSightMiniDemo:
                using (var flipped = new Mat())
                using (var small = new Mat())
                {
                    Cv2.Flip(captured, flipped, FlipMode.X);
                    Cv2.Resize(flipped, small, new Size(320, 240), 0, 0, InterpolationFlags.Linear);
                    Cv2.Rotate(small, result, RotateFlags.Rotate90Clockwise);
                }
                break;
            default:
                captured.CopyTo(result);
                break;
        }
        return result;
    }
}
