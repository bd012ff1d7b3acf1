using System.CommandLine;
using System.Diagnostics;
using SparshRobot.Core.Geometry;
using SparshRobot.Core.Sensing;
using SparshRobot.Core.Time;
using SparshRobot.Tactile.Preprocessing;
using SparshRobot.Tactile.Profiles;
using SparshRobot.Tactile.Simulation;
using Spectre.Console;

namespace SparshRobot.Cli.Commands.Bench;

/// <summary>
/// <c>bench tactile</c>: single-threaded simulator render rate and Sparsh preprocessing rate, each next to a
/// baseline that touches the same bytes in the same run (a frame copy; a plain uint8-to-float conversion).
/// </summary>
public static class TactileBench
{
    public static Command Create()
    {
        var frames = new Option<int>("--frames") { Description = "Frames per measurement.", DefaultValueFactory = _ => 3000 }.AtLeast(1);
        var background = new Option<string?>("--background") { Description = "Calibration folder or no-contact image (default: the shared DIGIT background)." };
        var command = new Command("tactile", "Simulated-sensor render and Sparsh preprocessing throughput (frames/s, one thread).") { frames, background };
        command.SetAction(result =>
        {
            var n = result.GetValue(frames);
            // Pin to one CPU so the figures are per core even when the runtime's helper threads wake up.
            if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows())
            {
                Process.GetCurrentProcess().ProcessorAffinity = 1;
            }
            var bg = TactileCliSupport.LoadBackground(result.GetValue(background), SensorProfile.Digit);
            var table = new Table().AddColumns("Measurement", "frames/s", "baseline", "baseline frames/s", "ratio");

            var rgb = new byte[bg.Rgb.Length];
            foreach (var profile in new[] { SensorProfile.Digit, SensorProfile.GelSightMini })
            {
                var sim = new DigitSimulator(bg, DigitSimulator.OptionsFor(profile, seed: 0));
                var render = Rate(n, i => sim.Render(ContactScripts.PressAndSlide(i % 120, 120), rgb, i));
                var copy = Rate(n, _ => bg.Rgb.CopyTo(rgb.AsSpan()));
                Row(table, $"render {profile.Name}, sphere press+slide", render, "frame copy", copy);
            }
            var wire = new DigitSimulator(bg, new SimulatorOptions());
            var wireContact = new ContactState(IndenterShape.Cylinder, 2, new Vec3(0.2, 0, 0), Vec3.Zero, 1, new Vec3(1, 1, 0));
            Row(table, "render digit, diagonal wire", Rate(n, i => wire.Render(wireContact, rgb, i)), "frame copy", Rate(n, _ => bg.Rgb.CopyTo(rgb.AsSpan())));

            // A BGR frame unlike the background (its bytes reversed: rotated 180 degrees, channels swapped).
            var frame = new TactileFrame("bench", new Timestamp(0, 0, ClockKind.Monotonic), 0, bg.Width, bg.Height, PixelEncoding.Bgr8, bg.Rgb.Reverse().ToArray());
            foreach (var size in new[] { SparshInputSize.Default, SparshInputSize.ForceField })
            {
                var pre = new SparshPreprocessor(size);
                var output = new float[size.FrameLength];
                var convert = new float[bg.Rgb.Length];
                var process = Rate(n, _ => pre.Process(frame, bg, output));
                var baseline = Rate(n, _ => ToFloat(frame.Pixels.Span, convert));
                Row(table, $"preprocess -> {size.Height}x{size.Width}", process, "uint8->float", baseline);
            }
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"[grey]{n} frames each after warm-up, pinned to CPU 0 (of {Environment.ProcessorCount}); ratio = measurement / baseline.[/]");
            return 0;
        });
        return command;
    }

    private static void ToFloat(ReadOnlySpan<byte> src, Span<float> dst)
    {
        for (var i = 0; i < src.Length; i++)
        {
            dst[i] = src[i] * (1f / 255f);
        }
    }

    private static double Rate(int frames, Action<int> work)
    {
        for (var i = 0; i < Math.Min(frames, 100); i++)
        {
            work(i);
        }
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < frames; i++)
        {
            work(i);
        }
        return frames / watch.Elapsed.TotalSeconds;
    }

    private static void Row(Table table, string name, double rate, string baselineName, double baseline) =>
        table.AddRow(Markup.Escape(name), $"{rate:0}", baselineName, $"{baseline:0}", $"{rate / baseline:0.000}");
}
