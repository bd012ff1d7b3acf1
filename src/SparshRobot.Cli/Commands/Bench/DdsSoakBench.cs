using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Dds;
using SparshRobot.Ros.Transport;
using Spectre.Console;
using static SparshRobot.Cli.Commands.Bench.DdsBenchSupport;

namespace SparshRobot.Cli.Commands.Bench;

/// <summary>
/// <c>bench dds-soak</c>: memory-safety soak of the DDS transport. A child process publishes 320x240 rgb8 images;
/// this process subscribes, and every <c>--churn</c> seconds drops its subscription while messages are in flight and
/// makes a new one, and every third time tears the whole transport (participant, receive thread) down and up
/// again. RSS is sampled after a full GC; growth after warm-up is the leak figure. Run it for 600 s for the
/// issue's 10-minute soak.
/// </summary>
public static class DdsSoakBench
{
    private const string Topic = "/soak/image";

    public static Command Create()
    {
        var duration = new Option<double>("--duration") { Description = "Seconds to run.", DefaultValueFactory = _ => 600 }.Positive("seconds");
        var rate = new Option<double>("--rate") { Description = "Images per second from the publisher.", DefaultValueFactory = _ => 200 }.Positive("images per second");
        var churn = new Option<double>("--churn") { Description = "Seconds between subscription re-creations.", DefaultValueFactory = _ => 5 }.Positive("seconds");
        var domain = new Option<uint>("--domain-id") { Description = "DDS domain of the soak (away from the robot's usual 0).", DefaultValueFactory = _ => 180 };
        var role = new Option<string?>("--role") { Hidden = true };
        var command = new Command("dds-soak", "Publish/subscribe soak over DDS reporting RSS growth (leak check).") { duration, rate, churn, domain, role };
        command.SetAction(result => result.GetValue(role) == "pub"
            ? Publisher(result.GetValue(domain), result.GetValue(duration) + 10, result.GetValue(rate))
            : Run(result.GetValue(domain), result.GetValue(duration), result.GetValue(churn)));
        return command;
    }

    private static int Run(uint domain, double seconds, double churn)
    {
        using var child = StartSelf(["--role", "pub"]);
        var childOut = child.StandardOutput.ReadToEndAsync();
        long received = 0;
        var samples = new List<(double T, double Rss, long Received)>();
        var clock = Stopwatch.StartNew();
        var transport = new DdsTransport(new DdsTransportOptions(domain, DiscoveryRange.Localhost));
        IDisposable Subscribe() => transport.SubscribeRaw(Topic, ImageType, QosProfile.SensorData, m =>
        {
            // Touch the bytes so the copy is really used.
            if (m.Data.Length > 0 && m.Data.Span[^1] != 255)
            {
                Interlocked.Increment(ref received);
            }
        });
        var subscription = Subscribe();
        var churns = 0;
        var nextChurn = churn;
        var nextSample = 0.0;
        AnsiConsole.MarkupLine($"soak: {seconds} s, churn every {churn} s, domain {domain}");
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            Thread.Sleep(100);
            var t = clock.Elapsed.TotalSeconds;
            if (t >= nextChurn)
            {
                nextChurn += churn;
                subscription.Dispose();
                if (++churns % 3 == 0)
                {
                    transport.Dispose();
                    transport = new DdsTransport(new DdsTransportOptions(domain, DiscoveryRange.Localhost));
                }
                subscription = Subscribe();
            }
            if (t >= nextSample)
            {
                nextSample += Math.Max(seconds / 30, 2);
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                samples.Add((t, ProcessMemory.ResidentMiB(), Interlocked.Read(ref received)));
                AnsiConsole.MarkupLine($"  t={t,6:F1} s  RSS {samples[^1].Rss,7:F1} MiB  received {samples[^1].Received}");
            }
        }
        subscription.Dispose();
        transport.Dispose();
        child.WaitForExit(TimeSpan.FromSeconds(30));
        var warm = samples.FirstOrDefault(s => s.T >= Math.Min(10, seconds / 3));
        var last = samples[^1];
        var growth = last.Rss - warm.Rss;
        var minutes = Math.Max(last.T - warm.T, 1e-9) / 60;
        AnsiConsole.MarkupLine($"received {last.Received} images in {last.T:F0} s ({last.Received / last.T:F0}/s), {churns} subscription re-creations ({churns / 3} transport restarts)");
        AnsiConsole.MarkupLine($"subscriber RSS after warm-up (t={warm.T:F0} s) {warm.Rss:F1} MiB, at end {last.Rss:F1} MiB: growth [bold]{growth:+0.0;-0.0} MiB[/] ({growth / minutes:+0.00;-0.00} MiB/min)");
        // Single samples jump by a few MiB with GC heap sizing; the least-squares slope after warm-up is the better leak figure.
        var steady = samples.Where(s => s.T >= warm.T).ToList();
        if (steady.Count >= 3)
        {
            var meanT = steady.Average(s => s.T);
            var meanR = steady.Average(s => s.Rss);
            var slope = steady.Sum(s => (s.T - meanT) * (s.Rss - meanR)) / steady.Sum(s => (s.T - meanT) * (s.T - meanT));
            AnsiConsole.MarkupLine($"subscriber RSS trend after warm-up: [bold]{slope * 60:+0.00;-0.00} MiB/min[/] (least squares over {steady.Count} samples, range {steady.Min(s => s.Rss):F1}..{steady.Max(s => s.Rss):F1} MiB)");
        }
        var report = childOut.Result.Split('\n').LastOrDefault(l => l.StartsWith('{'));
        if (report is not null && JsonSerializer.Deserialize<PublisherReport>(report) is { } p)
        {
            AnsiConsole.MarkupLine($"publisher: {p.Sent} images, RSS after warm-up {p.RssWarm:F1} MiB, at end {p.RssEnd:F1} MiB: growth {p.RssEnd - p.RssWarm:+0.0;-0.0} MiB");
        }
        return 0;
    }

    private sealed record PublisherReport(long Sent, double RssWarm, double RssEnd);

    private static int Publisher(uint domain, double seconds, double rate)
    {
        var pixels = new byte[240 * 320 * 3];
        Random.Shared.NextBytes(pixels);
        var cdr = new CdrWriter(pixels.Length + 128);
        using var transport = new DdsTransport(new DdsTransportOptions(domain, DiscoveryRange.Localhost));
        using var writer = transport.CreateRawWriter(Topic, ImageType, QosProfile.SensorData);
        var clock = Stopwatch.StartNew();
        var period = 1 / rate;
        long sent = 0;
        double rssWarm = 0;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            WriteImage(cdr, "soak", 240, 320, pixels);
            writer.Write(cdr.WrittenSpan);
            sent++;
            if (rssWarm == 0 && clock.Elapsed.TotalSeconds > 10)
            {
                GC.Collect();
                rssWarm = ProcessMemory.ResidentMiB();
            }
            var wait = sent * period - clock.Elapsed.TotalSeconds;
            if (wait > 0)
            {
                Thread.Sleep(TimeSpan.FromSeconds(wait));
            }
        }
        GC.Collect();
        Console.WriteLine(JsonSerializer.Serialize(new PublisherReport(sent, rssWarm, ProcessMemory.ResidentMiB())));
        return 0;
    }
}
