using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.IO.Hashing;
using System.Runtime.Intrinsics.X86;
using SparshRobot.Mcap;
using Spectre.Console;

namespace SparshRobot.Cli.Commands.Bench;

/// <summary><c>bench crc</c>: the MCAP writer's CRC-32 (<see cref="McapCrc32"/>, AVX-512 folding where the CPU has
/// it) against System.IO.Hashing's <see cref="Crc32"/> on the same in-cache bytes, rounds interleaved: the ratio is
/// what justifies keeping a CRC of our own.</summary>
public static class CrcBench
{
    public static Command Create()
    {
        var reps = new Option<int>("--repeat") { Description = "Rounds (best kept).", DefaultValueFactory = _ => 7 }.AtLeast(1);
        var command = new Command("crc", "MCAP CRC-32 throughput vs System.IO.Hashing.Crc32.") { reps };
        command.SetAction(r => Run(r.GetValue(reps)));
        return command;
    }

    private static int Run(int repeat)
    {
        // One 320x240 rgb8 sensor_msgs/Image message record, and a whole 4 MiB chunk.
        int[] sizes = [230_455, 4 << 20];
        AnsiConsole.MarkupLine($"AVX-512 carry-less multiply: {(Pclmulqdq.V512.IsSupported ? "yes" : "no (McapCrc32 falls back to System.IO.Hashing)")}; best of {repeat}");
        var table = new Table().AddColumns("bytes", "System.IO.Hashing GB/s", "McapCrc32 GB/s", "ratio");
        foreach (int size in sizes)
        {
            var data = new byte[size];
            new Random(size).NextBytes(data);
            if (McapCrc32.Compute(data) != Crc32.HashToUInt32(data))
            {
                throw new InvalidOperationException($"McapCrc32 and System.IO.Hashing disagree on {size} random bytes");
            }

            // About 256 MiB per timing, so each one lasts tens of milliseconds whatever the size.
            int passes = Math.Max(1, (256 << 20) / size);
            double system = 0, ours = 0;
            for (int round = 0; round < repeat; round++)
            {
                system = Math.Max(system, Rate(data, passes, d => Crc32.HashToUInt32(d)));
                ours = Math.Max(ours, Rate(data, passes, d => McapCrc32.Compute(d)));
            }

            string F(double x, string f) => x.ToString(f, CultureInfo.InvariantCulture);
            table.AddRow(size.ToString(CultureInfo.InvariantCulture), F(system, "F1"), F(ours, "F1"), F(ours / system, "F2"));
        }

        AnsiConsole.Write(table);
        return 0;
    }

    private static double Rate(byte[] data, int passes, Func<byte[], uint> crc)
    {
        uint sink = 0;
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < passes; i++)
        {
            sink ^= crc(data);
        }

        double seconds = sw.Elapsed.TotalSeconds;
        GC.KeepAlive(sink);
        return (double)data.Length * passes / 1e9 / seconds;
    }
}
