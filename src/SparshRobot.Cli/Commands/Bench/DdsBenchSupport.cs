using System.Diagnostics;
using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Dds;

namespace SparshRobot.Cli.Commands.Bench;

/// <summary>Pieces shared by the DDS benchmarks: the image payload, child processes of this CLI, RSS.</summary>
internal static class DdsBenchSupport
{
    public const string ImageType = "sensor_msgs/msg/Image";

    /// <summary>
    /// A sensor_msgs/Image (rgb8) in CDR, stamped with the wall clock now. Written with CdrWriter field by field in the
    /// Image layout so the bench does not depend on the typed messages.
    /// </summary>
    public static void WriteImage(CdrWriter writer, string frame, int height, int width, byte[] pixels)
    {
        var now = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
        writer.Reset();
        writer.WriteInt32((int)(now / 1_000_000_000));
        writer.WriteUInt32((uint)(now % 1_000_000_000));
        writer.WriteString(frame);
        writer.WriteUInt32((uint)height);
        writer.WriteUInt32((uint)width);
        writer.WriteString("rgb8");
        writer.WriteByte(0);
        writer.WriteUInt32((uint)(width * 3));
        writer.WriteSequenceLength(pixels.Length);
        writer.WriteBytes(pixels);
    }

    /// <summary>Reads the header stamp (ns since the epoch) and frame id of a serialized message with a std_msgs/Header first.</summary>
    public static (long StampNs, string Frame) ReadHeader(ReadOnlySpan<byte> cdr)
    {
        var reader = new CdrReader(cdr);
        var sec = reader.ReadInt32();
        var nsec = reader.ReadUInt32();
        return (sec * 1_000_000_000L + nsec, reader.ReadString());
    }

    public static long NowNs() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;

    /// <summary>Starts this CLI again with the same command words plus <paramref name="extra"/> (e.g. a child role).</summary>
    public static Process StartSelf(IEnumerable<string> extra)
    {
        var (file, prefix) = RunCommand.SelfCommand();
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in prefix.Concat(Environment.GetCommandLineArgs().Skip(1)).Concat(extra))
        {
            info.ArgumentList.Add(a);
        }
        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
    }

    /// <summary>Runs a tool to completion with CYCLONEDDS_URI set to the localhost-only configuration; returns stdout.</summary>
    public static Process StartTool(string file, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        info.Environment["CYCLONEDDS_URI"] = DdsDomainConfig.LocalhostOnly;
        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
    }

    public static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>
    /// The p99 of each second, the way ddsperf prints its ping statistics: samples grouped into consecutive windows of
    /// <paramref name="window"/> ticks from the first arrival, each window's 99th percentile taken as
    /// <c>raw[n - (n + 99) / 100]</c> of its sorted latencies (the second largest of ~120). Comparing these with
    /// ddsperf's lines compares one statistic with the same statistic; a whole-run p99 against ddsperf's worst second
    /// would not.
    /// </summary>
    public static List<double> PerWindowP99(IReadOnlyList<(long Tick, double Us)> samples, long window)
    {
        var result = new List<double>();
        var start = 0;
        while (start < samples.Count)
        {
            var end = start;
            while (end < samples.Count && samples[end].Tick - samples[start].Tick < window)
            {
                end++;
            }
            var sorted = samples.Skip(start).Take(end - start).Select(s => s.Us).Order().ToList();
            result.Add(sorted[^((sorted.Count + 99) / 100)]);
            start = end;
        }
        return result;
    }

    /// <summary>
    /// One phase's latencies as the bench reports them: the p50 over all samples, and the median and the worst of the
    /// per-window p99s (<see cref="PerWindowP99"/>); NaN for each when there are none.
    /// </summary>
    public static (double P50, double MedianP99, double WorstP99) Summarize(IReadOnlyList<(long Tick, double Us)> samples, long window)
    {
        var perWindow = PerWindowP99(samples, window);
        return (Percentile([.. samples.Select(s => s.Us).Order()], 50), Median(perWindow), perWindow.DefaultIfEmpty(double.NaN).Max());
    }

    /// <summary>The median of a list (the upper one of an even count, as ddsperf's own 50 %), NaN when empty.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[sorted.Count / 2];
    }
}
