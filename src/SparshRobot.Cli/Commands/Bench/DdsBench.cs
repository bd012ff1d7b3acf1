using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Dds;
using SparshRobot.Ros.Transport;
using Spectre.Console;
using static SparshRobot.Cli.Commands.Bench.DdsBenchSupport;

namespace SparshRobot.Cli.Commands.Bench;

/// <summary>
/// <c>bench dds</c>: 320x240 rgb8 sensor_msgs/Image over the DDS transport between two processes on loopback.
/// Phase 1: two publishers (two participants) at 60 Hz each: one-way latency p50/p99 (publisher wall-clock stamp to
/// receipt in the other process) and delivered rate. The two write in step, as two cameras triggered together would,
/// so one image often waits for the other's fragments; phase 1b sends one stream at ddsperf's ping rate, 120 Hz.
/// Phase 1c is ddsperf's ping/pong itself: the receiver echoes each image and the sender keeps half of each round
/// trip, so the two sides compare the same measurement with no clock stamps between processes. Phase 2: one publisher
/// as fast as it can: throughput. Then, in the same run, Cyclone's own ddsperf with the same payload size: pub/sub
/// throughput and ping/pong latency (it prints half the round trip). Reliable, keep-last 10 on both. The one-way
/// figure is also split at Cyclone's source timestamp (taken in <c>dds_write</c>), so the writer's CDR copy and the
/// transport plus receive path are seen apart, with the receiver's garbage collections beside them.
/// </summary>
public static partial class DdsBench
{
    private const int Height = 240;
    private const int Width = 320;
    private const string Topic = "/bench/image";
    private const string FloodTopic = "/bench/flood";
    private const string PingTopic = "/bench/ping";
    private const string PongTopic = "/bench/pong";

    /// <summary>Throughput runs reliable keep-all on both ends, like ddsperf's pub/sub with -k all: the writer is paced by acks.</summary>
    private static readonly QosProfile FloodQos = QosProfile.Default with { History = History.KeepAll };

    public static Command Create()
    {
        var duration = new Option<double>("--duration") { Description = "Seconds per phase.", DefaultValueFactory = _ => 5 }.Positive("seconds");
        var domain = new Option<uint>("--domain-id") { Description = "DDS domain (ddsperf uses the next two).", DefaultValueFactory = _ => 170 };
        var role = new Option<string?>("--role") { Description = "internal: the receiving child process", Hidden = true };
        var command = new Command("dds", "DDS transport latency/throughput with 320x240 rgb8 images vs ddsperf.") { duration, domain, role };
        command.SetAction(result => result.GetValue(role) == "sub"
            ? Receiver(result.GetValue(domain), result.GetValue(duration))
            : Run(result.GetValue(domain), result.GetValue(duration)));
        return command;
    }

    private static int Run(uint domain, double seconds)
    {
        var pixels = new byte[Height * Width * 3];
        Random.Shared.NextBytes(pixels);
        var cdr = new CdrWriter(pixels.Length + 128);
        WriteImage(cdr, "rate", Height, Width, pixels);
        var size = cdr.Length;
        AnsiConsole.MarkupLine($"payload: sensor_msgs/Image {Width}x{Height} rgb8, [bold]{size}[/] bytes CDR; {seconds} s per phase; domain {domain}");

        List<(long Tick, double Us)> pingPong;
        using var child = StartSelf(["--role", "sub"]);
        var childOut = child.StandardOutput.ReadToEndAsync();
        var childErr = child.StandardError.ReadToEndAsync();
        using (var a = new DdsTransport(new DdsTransportOptions(domain, DiscoveryRange.Localhost)))
        using (var b = new DdsTransport(new DdsTransportOptions(domain, DiscoveryRange.Localhost)))
        {
            using var wa = a.CreateRawWriter(Topic, ImageType, QosProfile.Default);
            using var wb = b.CreateRawWriter(Topic, ImageType, QosProfile.Default);
            using var wf = a.CreateRawWriter(FloodTopic, ImageType, FloodQos);
            using var wp = a.CreateRawWriter(PingTopic, ImageType, QosProfile.Default);
            var pongs = new PongLatencies();
            using var rp = a.SubscribeRaw(PongTopic, ImageType, QosProfile.Default, pongs.OnPong, new RawEndpointOptions { BorrowData = true });
            if (!SpinWait.SpinUntil(() => wa.MatchedSubscriptions > 0 && wb.MatchedSubscriptions > 0 && wf.MatchedSubscriptions > 0
                && wp.MatchedSubscriptions > 0 && rp.MatchedPublishers > 0, TimeSpan.FromSeconds(20)))
            {
                AnsiConsole.MarkupLine("[red]the receiving process never matched[/]");
                child.Kill();
                return 1;
            }
            AnsiConsole.MarkupLine("warm-up: 2 s at 2 x 60 Hz (JIT, buffers; not measured)");
            var end = Stopwatch.GetTimestamp() + 2 * Stopwatch.Frequency;
            Task.WaitAll([.. new[] { wa, wb }.Select(w => Task.Run(() => Paced(w, pixels, 60, end, "warm")))]);
            AnsiConsole.MarkupLine("phase 1: two publishers at 60 Hz");
            end = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
            var pubs = new[] { wa, wb }.Select(w => Task.Run(() => Paced(w, pixels, 60, end, "rate"))).ToArray();
            Task.WaitAll(pubs);
            AnsiConsole.MarkupLine("phase 1b: one publisher at 120 Hz");
            Paced(wa, pixels, 120, Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency), "single");
            AnsiConsole.MarkupLine("phase 1c: ping/pong at 120 Hz (the receiver echoes each image), as ddsperf's ping");
            pingPong = PingPong(wp, pongs, pixels, seconds);
            AnsiConsole.MarkupLine("phase 2: one publisher flat out");
            var flood = new CdrWriter(size + 64);
            var sent = 0;
            end = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < end)
            {
                WriteImage(flood, "flood", Height, Width, pixels);
                wf.Write(flood.WrittenSpan);
                sent++;
            }
            WriteImage(flood, "end", Height, Width, pixels);
            wf.Write(flood.WrittenSpan);
            AnsiConsole.MarkupLine($"  sent {sent} in {seconds} s ({sent / seconds:F0}/s)");
        }
        if (!child.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            child.Kill();
        }
        var line = childOut.Result.Split('\n').LastOrDefault(l => l.StartsWith('{'));
        if (line is null)
        {
            AnsiConsole.MarkupLine($"[red]the receiver reported nothing[/]: {Markup.Escape(childErr.Result)}");
            return 1;
        }
        var ours = JsonSerializer.Deserialize<ReceiverReport>(line)!;

        AnsiConsole.MarkupLine("ddsperf: pub/sub throughput and ping/pong latency with the same payload size");
        var (ddsRate, ddsMbps) = DdsperfThroughput(domain + 1, size, seconds);
        var (ddsP50, ddsP99, ddsWorstP99) = DdsperfLatency(domain + 2, size, seconds);

        var mbps = ours.FloodRate * size * 8 / 1e6;
        var (pingP50, pingMedianP99, pingWorstP99) = Summarize(pingPong, Stopwatch.Frequency);
        var table = new Table().AddColumns("metric", "sparsh DDS transport", "ddsperf ping/pong (same size, RTT/2 as it prints)", "ratio");
        table.AddRow("phase 1 delivered rate (2 x 60 Hz)", $"{ours.PacedRate:F1} msg/s ({ours.PacedCount} msgs)", "-", "-");
        table.AddRow("two publishers: one-way p50", $"{ours.P50Us:F0} us", $"{ddsP50:F0} us", $"{ours.P50Us / ddsP50:F2}");
        table.AddRow("two publishers: one-way p99 (median second)", $"{ours.P99Us:F0} us", $"{ddsP99:F0} us", $"{ours.P99Us / ddsP99:F2}");
        table.AddRow("two publishers: one-way p99 (worst second)", $"{ours.WorstP99Us:F0} us", $"{ddsWorstP99:F0} us", $"{ours.WorstP99Us / ddsWorstP99:F2}");
        table.AddRow("  of it from dds_write to callback p50/p99", $"{ours.AfterWriteP50Us:F0} / {ours.AfterWriteP99Us:F0} us", "-", "-");
        table.AddRow("one publisher at 120 Hz: one-way p50", $"{ours.SingleP50Us:F0} us ({ours.SingleCount} msgs)", $"{ddsP50:F0} us", $"{ours.SingleP50Us / ddsP50:F2}");
        table.AddRow("one publisher at 120 Hz: one-way p99 (median second)", $"{ours.SingleP99Us:F0} us", $"{ddsP99:F0} us", $"{ours.SingleP99Us / ddsP99:F2}");
        table.AddRow("one publisher at 120 Hz: one-way p99 (worst second)", $"{ours.SingleWorstP99Us:F0} us", $"{ddsWorstP99:F0} us", $"{ours.SingleWorstP99Us / ddsWorstP99:F2}");
        table.AddRow("ping/pong at 120 Hz: RTT/2 p50", $"{pingP50:F0} us ({pingPong.Count} round trips)", $"{ddsP50:F0} us", $"{pingP50 / ddsP50:F2}");
        table.AddRow("ping/pong at 120 Hz: RTT/2 p99 (median second)", $"{pingMedianP99:F0} us", $"{ddsP99:F0} us", $"{pingMedianP99 / ddsP99:F2}");
        table.AddRow("ping/pong at 120 Hz: RTT/2 p99 (worst second)", $"{pingWorstP99:F0} us", $"{ddsWorstP99:F0} us", $"{pingWorstP99 / ddsWorstP99:F2}");
        table.AddRow("throughput", $"{ours.FloodRate:F0} msg/s, {mbps:F0} Mb/s", $"{ddsRate:F0} msg/s, {ddsMbps:F0} Mb/s (pub/sub)", $"{ours.FloodRate / ddsRate:F2}");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"receiver: {ours.Gen0Collections} gen0 / {ours.Gen2Collections} gen2 collections, {ours.GcPauseMs:F0} ms paused in all phases");
        static string Met(bool met) => met ? "[green]met[/]" : "[red]not met[/]";
        AnsiConsole.MarkupLine("ddsperf's ping prints half of each round trip (ddsperf.c: (tnow - source_timestamp) / 2), the one-way figure; ping/pong is the like-for-like");
        AnsiConsole.MarkupLine("p99: each second's 99th percentile as ddsperf prints it (the second largest of ~120), then the median and the worst of the seconds, on both sides");
        AnsiConsole.MarkupLine($"targets: throughput ratio >= 0.8: {Met(ours.FloodRate / ddsRate >= 0.8)}; p99 <= 2 ms (worst second): {Met(ours.WorstP99Us <= 2000)}; " +
            $"p99 (median second) <= 1.5x ddsperf's: ping/pong {Met(pingMedianP99 <= 1.5 * ddsP99)}, one publisher {Met(ours.SingleP99Us <= 1.5 * ddsP99)}, " +
            $"two publishers {Met(ours.P99Us <= 1.5 * ddsP99)}");
        return 0;
    }

    private static void Paced(IRawWriter writer, byte[] pixels, double hz, long end, string frame)
    {
        var cdr = new CdrWriter(pixels.Length + 128);
        var period = (long)(Stopwatch.Frequency / hz);
        var next = Stopwatch.GetTimestamp();
        while (next < end)
        {
            // Sleep, not spin: on a small machine spinning publishers starve the receiver being measured.
            var wait = (next - Stopwatch.GetTimestamp()) * 1000 / Stopwatch.Frequency;
            if (wait > 0)
            {
                Thread.Sleep((int)wait);
            }
            WriteImage(cdr, frame, Height, Width, pixels);
            writer.Write(cdr.WrittenSpan);
            next += period;
        }
    }

    /// <summary>Phase 1c: 1 s of warm-up pings, then <paramref name="seconds"/> of pings at 120 Hz; the echoes' RTT/2.</summary>
    private static List<(long Tick, double Us)> PingPong(IRawWriter ping, PongLatencies pongs, byte[] pixels, double seconds)
    {
        Paced(ping, pixels, 120, Stopwatch.GetTimestamp() + Stopwatch.Frequency, "pingwarm");
        Paced(ping, pixels, 120, Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency), "ping");
        Thread.Sleep(200);
        return pongs.Snapshot();
    }

    /// <summary>The echoes of measured pings, half the round trip each, as ddsperf's ping keeps them.</summary>
    private sealed class PongLatencies
    {
        private readonly List<(long Tick, double Us)> _samples = [];

        public void OnPong(RawMessage message)
        {
            var now = NowNs();
            var (stamp, frame) = ReadHeader(message.Data.Span);
            if (frame == "ping")
            {
                lock (_samples)
                {
                    _samples.Add((Stopwatch.GetTimestamp(), (now - stamp) / 2e3));
                }
            }
        }

        public List<(long Tick, double Us)> Snapshot()
        {
            lock (_samples)
            {
                return [.. _samples];
            }
        }
    }

    private sealed record ReceiverReport(int PacedCount, double PacedRate, double P50Us, double P99Us, double WorstP99Us, int FloodCount, double FloodRate,
        double AfterWriteP50Us, double AfterWriteP99Us, int SingleCount, double SingleP50Us, double SingleP99Us, double SingleWorstP99Us,
        int Gen0Collections, int Gen2Collections, double GcPauseMs);

    /// <summary>The child: receives, measures latency of paced messages and the rate of flood messages, prints JSON.</summary>
    private static int Receiver(uint domain, double seconds)
    {
        var latencies = new List<(long Tick, double Us)>();
        var afterWrite = new List<double>();
        var single = new List<(long Tick, double Us)>();
        long pacedFirst = 0, pacedLast = 0, floodFirst = 0, floodLast = 0;
        var floodCount = 0;
        using var done = new ManualResetEventSlim();
        using var transport = new DdsTransport(new DdsTransportOptions(domain, DiscoveryRange.Localhost));
        void OnMessage(RawMessage m)
        {
            var now = NowNs();
            var (stamp, frame) = ReadHeader(m.Data.Span);
            var tick = Stopwatch.GetTimestamp();
            switch (frame)
            {
                case "rate":
                    latencies.Add((tick, (now - stamp) / 1e3));
                    afterWrite.Add((now - m.SourceTimestampNs) / 1e3);
                    pacedFirst = pacedFirst == 0 ? tick : pacedFirst;
                    pacedLast = tick;
                    break;
                case "single":
                    single.Add((tick, (now - stamp) / 1e3));
                    break;
                case "flood":
                    floodFirst = floodFirst == 0 ? tick : floodFirst;
                    floodLast = tick;
                    floodCount++;
                    break;
                case "end":
                    done.Set();
                    break;
            }
        }
        // The callback reads the header, keeps nothing and never blocks, so it borrows the received bytes (no copy, no
        // array per image) and runs on Cyclone's receive thread (no wake-up of another thread per image).
        var borrow = new RawEndpointOptions { BorrowData = true, DeliverOnReceiveThread = true };
        using var sub = transport.SubscribeRaw(Topic, ImageType, QosProfile.Default, OnMessage, borrow);
        using var floodSub = transport.SubscribeRaw(FloodTopic, ImageType, FloodQos, OnMessage, borrow);
        // The pong, as ddsperf's "pong waitset": the transport's receive thread takes each ping and writes it back.
        using var pong = transport.CreateRawWriter(PongTopic, ImageType, QosProfile.Default);
        using var pingSub = transport.SubscribeRaw(PingTopic, ImageType, QosProfile.Default, m => pong.Write(m.Data.Span), new RawEndpointOptions { BorrowData = true });
        done.Wait(TimeSpan.FromSeconds(seconds * 3 + 60));
        afterWrite.Sort();
        var paced = Summarize(latencies, Stopwatch.Frequency);
        var one = Summarize(single, Stopwatch.Frequency);
        var report = new ReceiverReport(
            latencies.Count,
            latencies.Count > 1 ? (latencies.Count - 1) * (double)Stopwatch.Frequency / (pacedLast - pacedFirst) : 0,
            paced.P50,
            paced.MedianP99,
            paced.WorstP99,
            floodCount,
            floodCount > 1 ? (floodCount - 1) * (double)Stopwatch.Frequency / (floodLast - floodFirst) : 0,
            Percentile(afterWrite, 50),
            Percentile(afterWrite, 99),
            single.Count,
            one.P50,
            one.MedianP99,
            one.WorstP99,
            GC.CollectionCount(0),
            GC.CollectionCount(2),
            GC.GetTotalPauseDuration().TotalMilliseconds);
        Console.WriteLine(JsonSerializer.Serialize(report));
        return 0;
    }

    private static (double Rate, double Mbps) DdsperfThroughput(uint domain, int size, double seconds)
    {
        var d = Inv(seconds + 3);
        using var sub = StartTool("ddsperf", ["-i", Inv(domain), "-D", d, "-k", "all", "sub", "waitset"]);
        var subOut = sub.StandardOutput.ReadToEndAsync();
        Thread.Sleep(500);
        using var pub = StartTool("ddsperf", ["-i", Inv(domain), "-D", Inv(seconds + 1), "-k", "all", "pub", "size", Inv(size)]);
        pub.StandardOutput.ReadToEnd();
        pub.WaitForExit();
        sub.WaitForExit();
        // Per-second lines: "... rate 0.75 kS/s 1377.98 Mb/s ..."; skip the first (discovery) second.
        var rates = SubRate().Matches(subOut.Result).Select(m => (double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * 1000,
            double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))).Where(r => r.Item1 > 0).Skip(1).ToList();
        return rates.Count == 0 ? (double.NaN, double.NaN) : (rates.Average(r => r.Item1), rates.Average(r => r.Item2));
    }

    /// <summary>
    /// ddsperf's ping/pong latency: the median of its per-second medians and p99s, and its worst second's p99. What it
    /// prints is already half the round trip (it records <c>(tnow - source_timestamp) / 2</c>), a one-way figure.
    /// </summary>
    private static (double P50, double P99, double WorstP99) DdsperfLatency(uint domain, int size, double seconds)
    {
        using var pong = StartTool("ddsperf", ["-i", Inv(domain), "-D", Inv(seconds + 3), "pong", "waitset"]);
        Thread.Sleep(500);
        using var ping = StartTool("ddsperf", ["-i", Inv(domain), "-D", Inv(seconds + 1), "ping", "120Hz", "size", Inv(size), "waitset"]);
        var output = ping.StandardOutput.ReadToEnd();
        ping.WaitForExit();
        pong.Kill();
        var samples = PingLine().Matches(output).Select(m => (double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture),
            double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))).Skip(1).ToList();
        return samples.Count == 0
            ? (double.NaN, double.NaN, double.NaN)
            : (Median(samples.Select(s => s.Item1)), Median(samples.Select(s => s.Item2)), samples.Max(s => s.Item2));
    }

    private static string Inv(double value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"rate ([0-9.]+) kS/s ([0-9.]+) Mb/s")]
    private static partial Regex SubRate();

    [GeneratedRegex(@"50% ([0-9.]+)us .*?99% ([0-9.]+)us")]
    private static partial Regex PingLine();
}
