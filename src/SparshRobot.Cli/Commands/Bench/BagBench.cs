using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using OpenCvSharp;
using SparshRobot.Cli.Output;
using SparshRobot.Mcap;
using SparshRobot.Ros.Cdr;
using Spectre.Console;
using ZstdSharp;

namespace SparshRobot.Cli.Commands.Bench;

/// <summary><c>bench bag</c>: MCAP write/read throughput for 320x240 rgb8 sensor_msgs/Image bags, uncompressed and
/// zstd, against ceilings measured in the same run on the same bytes: a raw file copy (uncompressed) and
/// ZstdSharp's own compression/decompression of the same 4 MiB blocks (zstd).</summary>
public static class BagBench
{
    private const int ChunkSize = 4 << 20;

    public static Command Create()
    {
        var frames = new Option<int>("--frames") { Description = "Images per bag.", DefaultValueFactory = _ => 400 }.AtLeast(1);
        var reps = new Option<int>("--repeat") { Description = "Runs per measurement (best kept).", DefaultValueFactory = _ => 5 }.AtLeast(1);
        var image = new Option<string?>("--image")
        {
            Description = "Source image (default: the shared DIGIT background frame, else a synthetic gradient).",
        };
        var outDir = new Option<string>("--out") { Description = "Where results and the plot go.", DefaultValueFactory = _ => "bench-out/bag" };
        var command = new Command("bag", "MCAP bag write/read throughput vs file-copy and raw-zstd ceilings.")
        {
            frames, reps, image, outDir,
        };
        command.SetAction(r => Run(r.GetValue(frames), r.GetValue(reps), r.GetValue(image), r.GetValue(outDir)!));
        return command;
    }

    private static int Run(int frameCount, int repeat, string? imagePath, string outDir)
    {
        Directory.CreateDirectory(outDir);
        string work = Path.Combine(Path.GetTempPath(), $"sparsh-bagbench-{Environment.ProcessId}");
        Directory.CreateDirectory(work);
        try
        {
            var (messages, source) = MakeMessages(frameCount, imagePath);
            long payload = messages.Sum(m => (long)m.Length);
            AnsiConsole.MarkupLine($"{frameCount} sensor_msgs/Image 320x240 rgb8 from {Markup.Escape(source)}: " +
                                   $"{payload / 1e6:F1} MB of CDR; best of {repeat}; files in {Markup.Escape(work)} (page cache, no fsync)");
            string raw = Path.Combine(work, "raw.bin");
            var blocks = Blocks(messages);
            var compressed = blocks.Select(b => new Compressor(1).Wrap(b).ToArray()).ToList();
            string bagNone = Path.Combine(work, "bag-none.mcap"), bagZstd = Path.Combine(work, "bag-zstd.mcap");
            (string Name, Func<long> Run)[] measurements =
            [
                ("raw write", () => RawWrite(raw, messages)),
                ("file copy", () => Copy(raw, Path.Combine(work, "copy.bin"))),
                // Uncompressed chunks are streamed to the file on the caller whatever WriteBehind says: one row.
                ("bag write none", () => WriteBag(bagNone, McapCompressionKind.None, messages, writeBehind: false)),
                ("bag read none", () => ReadBag(bagNone)),
                ("zstd compress (raw)", () => ZstdCompress(blocks)),
                ("bag write zstd", () => WriteBag(bagZstd, McapCompressionKind.Zstd, messages, writeBehind: true)),
                ("bag write zstd (caller)", () => WriteBag(bagZstd, McapCompressionKind.Zstd, messages, writeBehind: false)),
                ("zstd decompress (raw)", () => ZstdDecompress(compressed, blocks)),
                ("bag read zstd", () => ReadBag(bagZstd)),
            ];
            // Rounds interleave every measurement so a load spike on a shared machine hits ceilings and bag
            // alike; best wall time and best CPU time are kept separately (CPU time is immune to waiting for a core).
            var wall = measurements.ToDictionary(m => m.Name, _ => 0.0);
            var cpu = measurements.ToDictionary(m => m.Name, _ => 0.0);
            var self = Process.GetCurrentProcess();
            CliConsole.Progress().Start(ctx =>
            {
                var task = ctx.AddTask("measuring", maxValue: repeat * measurements.Length);
                for (int round = 0; round < repeat; round++)
                {
                    foreach (var (name, run) in measurements)
                    {
                        GC.Collect();
                        self.Refresh();
                        var cpu0 = self.TotalProcessorTime;
                        var sw = Stopwatch.StartNew();
                        long bytes = run();
                        double seconds = sw.Elapsed.TotalSeconds;
                        self.Refresh();
                        double cpuSeconds = Math.Max((self.TotalProcessorTime - cpu0).TotalSeconds, 1e-3);
                        wall[name] = Math.Max(wall[name], bytes / 1e6 / seconds);
                        cpu[name] = Math.Max(cpu[name], bytes / 1e6 / cpuSeconds);
                        task.Increment(1);
                    }
                }
            });

            var results = measurements.Select(m => (m.Name, MBps: wall[m.Name], CpuMBps: cpu[m.Name])).ToList();
            var table = new Table().AddColumns("measurement", "MB/s (wall)", "MB/s per CPU-s", "ceiling",
                "ratio (wall)", "ratio (CPU)");
            foreach (var (name, _) in measurements)
            {
                string? ceiling = name switch
                {
                    "bag write none" or "bag read none" => "file copy",
                    "bag write zstd" or "bag write zstd (caller)" => "zstd compress (raw)",
                    "bag read zstd" => "zstd decompress (raw)",
                    _ => null,
                };
                string F(double x, string f) => x.ToString(f, CultureInfo.InvariantCulture);
                table.AddRow(name, F(wall[name], "F0"), F(cpu[name], "F0"), ceiling ?? "",
                    ceiling is null ? "" : F(wall[name] / wall[ceiling], "F2"),
                    ceiling is null ? "" : F(cpu[name] / cpu[ceiling], "F2"));
            }

            AnsiConsole.Write(table);
            var csv = new List<string> { "measurement,mb_per_s_wall,mb_per_cpu_s" };
            csv.AddRange(results.Select(r =>
                $"{r.Name},{r.MBps.ToString("F1", CultureInfo.InvariantCulture)},{r.CpuMBps.ToString("F1", CultureInfo.InvariantCulture)}"));
            File.WriteAllLines(Path.Combine(outDir, "bag-bench.csv"), csv);
            Plot(results.Select(r => (r.Name, r.MBps)).ToList(), Path.Combine(outDir, "bag-bench.png"));
            AnsiConsole.MarkupLine($"results: {Markup.Escape(Path.Combine(outDir, "bag-bench.csv"))}, plot: bag-bench.png");
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>sensor_msgs/Image CDR messages; each frame gets its own small sensor noise so neither zstd nor the
    /// page cache sees repeated bytes.</summary>
    private static (List<byte[]> Messages, string Source) MakeMessages(int count, string? imagePath)
    {
        const int height = 240, width = 320;
        imagePath ??= Path.Combine("..", "shared", "data", "tactile", "digit_background_240x320.jpg");
        byte[] baseImage = new byte[height * width * 3];
        string source;
        if (File.Exists(imagePath))
        {
            using var bgr = Cv2.ImRead(imagePath, ImreadModes.Color);
            using var resized = bgr.Resize(new OpenCvSharp.Size(width, height));
            using var rgb = resized.CvtColor(ColorConversionCodes.BGR2RGB);
            System.Runtime.InteropServices.Marshal.Copy(rgb.Data, baseImage, 0, baseImage.Length);
            source = imagePath;
        }
        else
        {
            for (int k = 0; k < baseImage.Length; k++)
            {
                baseImage[k] = (byte)((k / 3 % width) * 255 / width);
            }

            source = "a synthetic gradient";
        }

        var messages = new List<byte[]>(count);
        var pixels = new byte[baseImage.Length];
        uint state = 2463534242;
        for (int i = 0; i < count; i++)
        {
            for (int k = 0; k < pixels.Length; k++)
            {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                pixels[k] = (byte)Math.Clamp(baseImage[k] + (int)(state % 5) - 2, 0, 255);
            }

            var w = new CdrWriter(pixels.Length + 128);
            w.WriteInt32(1_700_000_000 + i / 30); // header.stamp.sec
            w.WriteUInt32((uint)(i % 30 * 33_333_333)); // header.stamp.nanosec
            w.WriteString("digit_left");
            w.WriteUInt32(height);
            w.WriteUInt32(width);
            w.WriteString("rgb8");
            w.WriteByte(0);
            w.WriteUInt32(width * 3);
            w.WriteSequenceLength(pixels.Length);
            w.WriteBytes(pixels);
            messages.Add(w.ToArray());
        }

        return (messages, source);
    }

    private static long RawWrite(string path, List<byte[]> messages)
    {
        File.Delete(path);
        using var fs = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        foreach (var m in messages)
        {
            fs.Write(m);
        }

        return fs.Length;
    }

    private static long Copy(string from, string to)
    {
        File.Delete(to);
        File.Copy(from, to);
        return new FileInfo(to).Length;
    }

    private static List<byte[]> Blocks(List<byte[]> messages)
    {
        var all = messages.SelectMany(m => m).ToArray();
        return all.Chunk(ChunkSize).ToList();
    }

    private static long ZstdCompress(List<byte[]> blocks)
    {
        using var z = new Compressor(1);
        var dst = new byte[Compressor.GetCompressBound(ChunkSize)];
        long total = 0;
        foreach (var b in blocks)
        {
            z.Wrap(b, dst);
            total += b.Length;
        }

        return total;
    }

    private static long ZstdDecompress(List<byte[]> compressed, List<byte[]> blocks)
    {
        long total = 0;
        for (int i = 0; i < compressed.Count; i++)
        {
            // Fresh destination per block, as the bag reader does (messages alias it).
            var dst = new byte[blocks[i].Length];
            using var d = new Decompressor();
            total += d.Unwrap(compressed[i], dst);
        }

        return total;
    }

    /// <summary>Writes the messages as a bag; <paramref name="writeBehind"/> as the writer's default (compressed
    /// chunks written in the background) or as <c>bag record</c> writes (on the caller, for its crash-loss bound).
    /// </summary>
    private static long WriteBag(string path, McapCompressionKind kind, List<byte[]> messages, bool writeBehind)
    {
        File.Delete(path);
        using var w = McapWriter.Create(path, new McapWriterOptions
        {
            Profile = "ros2",
            Compression = kind,
            ChunkSize = ChunkSize,
            WriteBehind = writeBehind,
        });
        ushort schema = w.AddSchema("sensor_msgs/msg/Image", "ros2msg", "# sensor_msgs/Image\n"u8.ToArray());
        ushort channel = w.AddChannel("/digit/left/image_raw", "cdr", schema);
        long total = 0;
        for (int i = 0; i < messages.Count; i++)
        {
            ulong t = 1_700_000_000_000_000_000UL + (ulong)i * 33_333_333;
            w.WriteMessage(channel, t, t, messages[i]);
            total += messages[i].Length;
        }

        return total;
    }

    private static long ReadBag(string path)
    {
        using var r = McapReader.Open(path);
        long total = 0;
        foreach (var m in r.ReadMessages())
        {
            total += m.Message.Data.Length;
        }

        return total;
    }

    private static void Plot(List<(string Name, double MBps)> results, string path)
    {
        var plot = new ScottPlot.Plot();
        plot.Add.Bars(results.Select(r => r.MBps).ToArray());
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, results.Count).Select(i => (double)i).ToArray(),
            results.Select(r => r.Name.Replace(" (", "\n(", StringComparison.Ordinal)).ToArray());
        plot.YLabel("MB/s of CDR payload");
        plot.Title("MCAP bag throughput vs same-run ceilings");
        plot.SavePng(path, 1100, 500);
    }
}
