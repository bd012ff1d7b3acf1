using System.CommandLine;
using System.Globalization;
using SparshRobot.Ros.Messages.Benchmarks;
using Spectre.Console;

namespace SparshRobot.Cli.Commands.Bench;

/// <summary><c>sparsh-robot bench ros-messages</c>: the sensor_msgs/Image codec against memcpy and per-byte baselines.</summary>
public static class RosMessagesBench
{
    public static Command Create()
    {
        var width = new Option<int>("--width") { Description = "Image width in pixels", DefaultValueFactory = _ => 320 }.AtLeast(1);
        var height = new Option<int>("--height") { Description = "Image height in pixels", DefaultValueFactory = _ => 240 }.AtLeast(1);
        var messages = new Option<int>("--messages") { Description = "Messages per timed batch (best of 7 batches)", DefaultValueFactory = _ => 200 }.AtLeast(1);
        var command = new Command("ros-messages", "Time sensor_msgs/Image CDR encode/decode (rgb8) against a plain copy of the pixels");
        command.Options.Add(width);
        command.Options.Add(height);
        command.Options.Add(messages);
        command.SetAction(parse =>
        {
            var (w, h) = (parse.GetValue(width), parse.GetValue(height));
            IReadOnlyList<CodecTiming> timings = [];
            AnsiConsole.Status().Start($"Timing {w}x{h} rgb8 images...", _ => timings = ImageCodecBenchmark.Run(w, h, parse.GetValue(messages)));
            var table = new Table().AddColumns("operation", "us/message", "MB/s", "x memcpy", "messages/s");
            foreach (var t in timings)
            {
                table.AddRow(
                    t.Name,
                    t.MicrosecondsPerMessage.ToString("F1", CultureInfo.InvariantCulture),
                    t.MegabytesPerSecond.ToString("F0", CultureInfo.InvariantCulture),
                    t.RatioToMemcpy.ToString("F2", CultureInfo.InvariantCulture),
                    (1e6 / t.MicrosecondsPerMessage).ToString("F0", CultureInfo.InvariantCulture));
            }
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }
}
