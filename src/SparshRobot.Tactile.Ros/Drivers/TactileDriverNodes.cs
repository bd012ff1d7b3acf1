using SparshRobot.Ros.Launch;
using SparshRobot.Ros.Node;
using SparshRobot.Tactile.Capture;
using SparshRobot.Tactile.Profiles;

namespace SparshRobot.Tactile.Ros.Drivers;

/// <summary>Which sensor a driver opens: its serial (or by-id name), profile and where udev's by-id links are.</summary>
public sealed record TactileDriverSettings(string Serial, SensorProfile Profile, string ByIdDirectory);

/// <summary>The tactile sensor drivers of package sparsh_robot, runnable with <c>sparsh-robot run</c> and from launch files.</summary>
public static class TactileDriverNodes
{
    public const string DigitDriver = "digit_driver";

    /// <summary>
    /// Adds <c>digit_driver</c> (<see cref="TactileDriver"/>): a DIGIT, or a GelSight Mini with
    /// <c>sensor_profile:=gelsight-mini</c>, opened by serial, publishing sensor_msgs/Image and CompressedImage and
    /// <c>/diagnostics</c>.
    /// </summary>
    /// <param name="openGrabber">What the driver reads frames from; by default the camera with the serial through
    /// <see cref="V4l2SerialGrabber"/>. Tests put a recorded frame source here.</param>
    public static NodeRegistry RegisterTactileDriverNodes(this NodeRegistry registry, Func<TactileDriverSettings, IFrameGrabber>? openGrabber = null) =>
        registry.Register(DigitDriver, "DIGIT / GelSight Mini driver: camera by serial -> image_raw (Image), image_raw/compressed (JPEG CompressedImage), /diagnostics (parameters: serial, sensor_profile, frame_id, image_topic, transports, encoding, jpeg_quality, by_id_dir, calibration_root, calibration_max_age_days, calibration_mean_tolerance, diagnostics_period)", c =>
        {
            using var node = new RosNode(c.Context, DigitDriver, options: c.NodeOptions);
            var serial = node.DeclareParameter("serial", "", "sensor serial (e.g. D20001) or full /dev/v4l/by-id name; required", readOnly: true);
            var profile = SensorProfile.FromName(node.DeclareParameter("sensor_profile", SensorProfile.Digit.Name, "digit (QVGA 60 fps), digit-vga (30 fps) or gelsight-mini", readOnly: true));
            var frameId = node.DeclareParameter("frame_id", "", "header.frame_id of the images; empty: the serial");
            var imageTopic = node.DeclareParameter("image_topic", "image_raw", "raw image topic (relative: under the node's namespace); JPEG on <image_topic>/compressed");
            var transports = node.DeclareParameter("transports", new[] { TactileDriverOptions.Raw, TactileDriverOptions.Compressed }, "which of raw and compressed to publish");
            var encoding = node.DeclareParameter("encoding", "rgb8", "raw image encoding: rgb8 or bgr8 (cameras deliver bgr8)");
            var jpegQuality = node.DeclareParameter("jpeg_quality", (long)Compression.JpegFrameEncoder.DefaultQuality, "JPEG quality of the compressed topic, 1-100");
            var byId = node.DeclareParameter("by_id_dir", "/dev/v4l/by-id", "where udev's stable camera links are");
            var calibrationRoot = node.DeclareParameter("calibration_root", "calibration", "folder holding <serial>/background.png + background.yaml; empty: no calibration checks");
            var maxAge = node.DeclareParameter("calibration_max_age_days", Calibration.SensorCalibration.DefaultMaxAge.TotalDays, "warn when the calibration is older, days");
            var tolerance = node.DeclareParameter("calibration_mean_tolerance", Calibration.SensorCalibration.DefaultMeanTolerance, "warn when the first frame's channel means differ from the calibration's by more, grey levels");
            var period = node.DeclareParameter("diagnostics_period", 1.0, "seconds between /diagnostics reports");
            if (serial.Length == 0)
            {
                throw new ArgumentException($"{node.FullyQualifiedName}: parameter 'serial' is required, e.g. -p serial:=D20001 (ls /dev/v4l/by-id lists the connected cameras)");
            }
            var options = new TactileDriverOptions(serial, profile, frameId.Length == 0 ? serial : frameId, imageTopic, transports, encoding, (int)jpegQuality,
                calibrationRoot.Length == 0 ? null : calibrationRoot, TimeSpan.FromDays(maxAge), tolerance, TimeSpan.FromSeconds(period));
            var settings = new TactileDriverSettings(serial, profile, byId);
            var grabber = openGrabber?.Invoke(settings) ?? new V4l2SerialGrabber(new V4l2DeviceLocator(byId), serial, profile);
            using var driver = new TactileDriver(node, grabber, options);
            return Task.FromResult(driver.Run(c.Cancellation));
        });
}
