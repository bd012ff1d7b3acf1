using System.CommandLine;
using SparshRobot.Cli.Errors;
using SparshRobot.Core.Geometry;
using SparshRobot.Core.Sensing;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Tactile.Capture;
using SparshRobot.Tactile.Preprocessing;
using SparshRobot.Tactile.Profiles;
using SparshRobot.Tactile.Simulation;
using SparshRobot.Tactile.Visualization;
using Spectre.Console;

namespace SparshRobot.Cli.Commands;

/// <summary><c>sparsh-robot tactile render|view</c>: the simulated sensor and what the encoder sees.</summary>
public static class TactileCommand
{
    public static Command Create()
    {
        var command = new Command("tactile", "Simulated tactile images and Sparsh input contact sheets.");
        command.Subcommands.Add(Render());
        command.Subcommands.Add(View());
        return command;
    }

    private static Option<string> SensorOption() =>
        new("--sensor") { Description = "Sensor profile: digit, digit-vga, gelsight-mini, gelsight-2017.", DefaultValueFactory = _ => "digit" };

    private static Option<string?> BackgroundOption() =>
        new("--background") { Description = "Calibration folder or no-contact image (default: the shared DIGIT background)." };

    private static Command Render()
    {
        var sensor = SensorOption();
        var background = BackgroundOption();
        var shape = new Option<IndenterShape>("--shape") { Description = "sphere, cylinder, flat or none.", DefaultValueFactory = _ => IndenterShape.Sphere };
        var force = new Option<double>("--force") { Description = "Normal force, N.", DefaultValueFactory = _ => 2.5 };
        var shear = new Option<string>("--shear") { Description = "Shear force x,y in N.", DefaultValueFactory = _ => "0,0" };
        var center = new Option<string>("--center") { Description = "Contact centre x,y in mm from the pad centre.", DefaultValueFactory = _ => "0,0" };
        var radius = new Option<double>("--radius") { Description = "Sphere/cylinder/flat radius, mm.", DefaultValueFactory = _ => 5 }.Positive("millimetres");
        var axis = new Option<string>("--axis") { Description = "Cylinder axis x,y in the pad plane.", DefaultValueFactory = _ => "1,0" };
        var seed = new Option<int>("--seed") { Description = "Noise seed.", DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--out") { Description = "Output PNG.", Required = true };
        var command = new Command("render", "Render one simulated sensor frame from a contact.")
        {
            sensor, background, shape, force, shear, center, radius, axis, seed, output,
        };
        command.SetAction(result => UserErrors.Run(() =>
        {
            var profile = SensorProfile.FromName(result.GetValue(sensor)!);
            var bg = TactileCliSupport.LoadBackground(result.GetValue(background), profile);
            var (sx, sy) = TactileCliSupport.ParsePair(result.GetValue(shear)!, "--shear");
            var (cx, cy) = TactileCliSupport.ParsePair(result.GetValue(center)!, "--center");
            var (ax, ay) = TactileCliSupport.ParsePair(result.GetValue(axis)!, "--axis");
            var contact = new ContactState(result.GetValue(shape), result.GetValue(force), new Vec3(sx, sy, 0), new Vec3(cx, cy, 0), result.GetValue(radius), new Vec3(ax, ay, 0));
            var sim = new DigitSimulator(bg, DigitSimulator.OptionsFor(profile, result.GetValue(seed)));
            var rgb = new byte[sim.FrameLength];
            sim.Render(contact, rgb, 0);
            var path = result.GetValue(output)!;
            new RawImage(sim.Width, sim.Height, PixelEncoding.Rgb8, rgb).Write(path);
            AnsiConsole.MarkupLine($"[green]wrote[/] {Markup.Escape(path)}: {sim.Width}x{sim.Height} (WxH), depth {sim.PenetrationDepth(contact):0.000} mm");
            return 0;
        }));
        return command;
    }

    private static Command View()
    {
        var sensor = SensorOption();
        var background = BackgroundOption();
        var source = new Option<string>("--source") { Description = "Image folder, video file, camera, or 'sim' (a simulated press and slide).", DefaultValueFactory = _ => "sim" };
        var frames = new Option<int>("--frames") { Description = "Frames to read.", DefaultValueFactory = _ => 48 }.AtLeast(1);
        var rows = new Option<int>("--rows") { Description = "Frames shown (evenly spaced).", DefaultValueFactory = _ => 8 }.AtLeast(1);
        var stride = new Option<int>("--stride") { Description = "Temporal stride in native-rate frames.", DefaultValueFactory = _ => 5 }.AtLeast(1);
        var square = new Option<bool>("--force-field-size") { Description = "Show the 224x224 input instead of 320x240." };
        var output = new Option<string>("--out") { Description = "Output PNG.", Required = true };
        var command = new Command("view", "Contact sheet PNG of a recorded or simulated sequence: raw, background-subtracted, stacked partner.")
        {
            sensor, background, source, frames, rows, stride, square, output,
        };
        command.SetAction(result => UserErrors.Run(() =>
        {
            var profile = SensorProfile.FromName(result.GetValue(sensor)!);
            var bg = profile.SubtractBackground || result.GetValue(source) == "sim" ? TactileCliSupport.LoadBackground(result.GetValue(background), profile) : null;
            var count = result.GetValue(frames);
            var every = Math.Max(1, count / Math.Max(1, result.GetValue(rows)));
            using var capture = TactileSourceFactory.Open(result.GetValue(source)!, profile, "view", () => bg!, count);
            var size = result.GetValue(square) ? SparshInputSize.ForceField : SparshInputSize.Default;
            var pipeline = new SparshSensorPipeline(profile, profile.SubtractBackground ? bg : null, size, result.GetValue(stride));
            using var sheet = new ContactSheet(pipeline);
            for (var i = 0; i < count; i++)
            {
                var read = capture.Read();
                if (read.Status == CaptureStatus.Ended)
                {
                    break;
                }
                if (read.Frame is not { } frame)
                {
                    AnsiConsole.MarkupLine($"[yellow]stale:[/] {Markup.Escape(read.Reason ?? "")}");
                    pipeline.Stack.Clear();
                    continue;
                }
                if (i % every == every - 1)
                {
                    sheet.Add(frame);
                }
                else
                {
                    pipeline.Push(frame);
                }
            }
            var path = result.GetValue(output)!;
            sheet.Save(path);
            AnsiConsole.MarkupLine($"[green]wrote[/] {Markup.Escape(path)}: {sheet.Rows} rows; {Markup.Escape(capture.Counters.ToString())}");
            return 0;
        }));
        return command;
    }
}
