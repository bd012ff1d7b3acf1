using SparshRobot.Core.Sensing;
using SparshRobot.Core.Time;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Tactile.Profiles;
using SparshRobot.Tactile.Simulation;

namespace SparshRobot.Tactile.Capture;

/// <summary>
/// Opens a source from a command-line spec: an image folder or image file, a video file, <c>sim</c> (the simulated
/// sensor pressing and sliding), or a camera by <c>/dev/v4l/by-id</c> name, DIGIT serial or <c>/dev/videoN</c>.
/// </summary>
public static class TactileSourceFactory
{
    private static readonly string[] VideoExtensions = [".mp4", ".avi", ".mkv", ".mov", ".webm"];

    public static ResilientTactileSource Open(string spec, SensorProfile profile, string sensorId, Func<BackgroundImage>? simulatorBackground = null, int simulatedFrames = 60)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spec);
        if (spec == "sim")
        {
            var background = simulatorBackground?.Invoke()
                ?? throw new ArgumentException("the simulated source needs a background image (--background)", nameof(simulatorBackground));
            var clock = new SimulatedClock();
            var sim = new DigitSimulator(background, DigitSimulator.OptionsFor(profile, seed: 0));
            var grabber = new SimulatedGrabber(sim, i => ContactScripts.PressAndSlide(i, simulatedFrames), profile.NativeFps, clock, simulatedFrames);
            return new ResilientTactileSource(sensorId, profile, grabber, clock);
        }
        IFrameGrabber camera;
        if (Directory.Exists(spec) || (File.Exists(spec) && !VideoExtensions.Contains(Path.GetExtension(spec).ToLowerInvariant())))
        {
            camera = new ImageFolderGrabber(spec, profile);
        }
        else if (File.Exists(spec))
        {
            camera = VideoCaptureGrabber.VideoFile(spec, profile);
        }
        else
        {
            camera = VideoCaptureGrabber.Camera(new V4l2DeviceLocator().ResolveAccessible(spec), profile);
        }
        return new ResilientTactileSource(sensorId, profile, camera, MonotonicClock.Instance);
    }
}
