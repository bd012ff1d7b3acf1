using System.CommandLine;
using SparshRobot.Cli.Errors;
using SparshRobot.Cli.Output;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Tactile.Capture;
using SparshRobot.Tactile.Profiles;
using Spectre.Console;

namespace SparshRobot.Cli.Commands;

/// <summary><c>sparsh-robot calibrate background</c>: median no-contact background per sensor.</summary>
public static class CalibrateCommand
{
    public static Command Create()
    {
        var sensor = new Option<string>("--sensor") { Description = "Sensor profile: digit, digit-vga, gelsight-mini, gelsight-2017.", DefaultValueFactory = _ => "digit" };
        var source = new Option<string?>("--source") { Description = "Camera (/dev/v4l/by-id name, DIGIT serial, /dev/videoN), video file, image folder or image (default: the camera with --serial)." };
        var serial = new Option<string?>("--serial") { Description = "The sensor's serial: its folder under the calibration root, and the camera to open when --source is not given." };
        var frames = new Option<int>("--frames") { Description = "Stable no-contact frames to take the median of.", DefaultValueFactory = _ => 30 }.AtLeast(1);
        var maxChange = new Option<double>("--max-change") { Description = "Mean absolute change (grey levels) above which a frame counts as still changing.", DefaultValueFactory = _ => 2.0 };
        var root = new Option<string>("--out") { Description = "Calibration root folder.", DefaultValueFactory = _ => "calibration" };
        var background = new Command("background", "Wait for stable no-contact frames and store their per-pixel median with a YAML sidecar.")
        {
            sensor, source, serial, frames, maxChange, root,
        };
        background.SetAction(result => UserErrors.Run(() =>
        {
            var profile = SensorProfile.FromName(result.GetValue(sensor)!);
            var spec = result.GetValue(source) ?? result.GetValue(serial)
                ?? throw new ArgumentException("give --serial (the camera to calibrate, e.g. D20001) or --source (a camera, recording or image folder)");
            var id = result.GetValue(serial) ?? SerialFrom(spec);
            using var capture = TactileSourceFactory.Open(spec, profile, id);
            var calibrator = new BackgroundCalibrator(profile.Name, result.GetValue(frames), result.GetValue(maxChange));
            CalibrationResult calibration = null!;
            CliConsole.Progress().Start(ctx =>
            {
                var task = ctx.AddTask($"stable frames from {Markup.Escape(capture.Description)}", maxValue: calibrator.FrameCount);
                calibration = BackgroundCalibrationRun.Run(capture, calibrator, maxReads: 100 * calibrator.FrameCount, c => task.Value = c.StableFrames);
            });
            if (capture.Grabber is VideoCaptureGrabber { Negotiation: { } negotiation })
            {
                AnsiConsole.MarkupLine($"{(negotiation.Matches ? "[green]camera[/]" : "[yellow]camera (fps differs)[/]")}: {Markup.Escape(negotiation.ToString())}");
            }
            var dir = BackgroundStore.Save(result.GetValue(root)!, id, calibration, spec, DateTime.UtcNow);
            AnsiConsole.MarkupLine(
                $"[green]saved[/] {Markup.Escape(Path.Combine(dir, BackgroundStore.ImageName))}: {calibration.Background.Width}x{calibration.Background.Height}, {calibration.FrameCount} frames, noise {calibration.NoiseStd:0.00} grey levels, {calibration.RejectedFrames} rejected, {Markup.Escape(ImageStatistics.OfRgb(calibration.Background.Rgb).ToString())}; {Markup.Escape(capture.Counters.ToString())}");
            return 0;
        }));
        var command = new Command("calibrate", "Sensor calibration.");
        command.Subcommands.Add(background);
        return command;
    }

    /// <summary>A folder-safe id: the DIGIT serial or by-id name, or the file name for recordings.</summary>
    private static string SerialFrom(string spec)
    {
        var name = Path.GetFileNameWithoutExtension(spec.TrimEnd('/'));
        return string.IsNullOrWhiteSpace(name) ? "sensor" : name;
    }
}
