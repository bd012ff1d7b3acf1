using System.CommandLine;
using SparshRobot.Encoder.Benchmarks;
using SparshRobot.Encoder.Model;
using Spectre.Console;
using static TorchSharp.torch;

namespace SparshRobot.Cli.Commands.Bench;

/// <summary>
/// <c>bench encoder --size small|base --batch N</c>: encoder latency and throughput, and the dense matmul rate
/// of this machine measured in the same run; achieved FLOP/s is reported as a fraction of it. The eager module forward
/// is timed alongside as the baseline for the inference plan.
/// </summary>
public static class EncoderBench
{
    public static Command Create()
    {
        var size = new Option<VitSize>("--size") { Description = "ViT size with random weights: tiny, small, base or large (the timing does not depend on the weights).", DefaultValueFactory = _ => VitSize.Base };
        var batch = new Option<int>("--batch") { Description = "Samples per forward pass, each a (6, 320, 240) image pair.", DefaultValueFactory = _ => 2 }.AtLeast(1);
        var iterations = new Option<int>("--iterations") { Description = "Timed forward passes; the median and the fastest are reported.", DefaultValueFactory = _ => 20 }.AtLeast(1);
        var warmup = new Option<int>("--warmup") { Description = "Untimed forward passes first (allocator and kernel selection settle).", DefaultValueFactory = _ => 3 }.AtLeast(0);
        var threads = new Option<int?>("--threads") { Description = "libtorch intra-op threads (default: libtorch's choice)." }.AtLeast(1);
        var device = EncoderCommand.DeviceOption();
        var command = new Command("encoder", "Sparsh encoder latency/throughput vs this machine's matmul rate.") { size, batch, iterations, warmup, threads, device };
        command.SetAction(result =>
        {
            if (result.GetValue(threads) is { } n)
            {
                set_num_threads(n);
            }
            var config = VitConfig.ForSize(result.GetValue(size));
            var r = EncoderBenchmark.Run(config, result.GetValue(batch), new Device(result.GetValue(device)!), result.GetValue(warmup), result.GetValue(iterations));
            var table = new Table().AddColumns("Measure", "Value");
            table.AddRow("encoder", $"{result.GetValue(size)} (D {config.EmbedDim}, depth {config.Depth}), input ({r.Batch}, {string.Join(", ", config.SampleShape)})");
            table.AddRow("device / threads", $"{r.Device} / {r.Threads}");
            table.AddRow("latency per batch (median, min)", $"{r.MedianMs:0.0} ms, {r.MinMs:0.0} ms");
            table.AddRow("throughput", $"{r.SamplesPerSecond:0.0} samples/s");
            table.AddRow("encoder work", $"{r.EncoderGflop:0.0} GFLOP per batch");
            table.AddRow("achieved", $"{r.AchievedGflops:0.0} GFLOP/s");
            table.AddRow($"matmul rate ({r.MatmulSize}^3 fp32, interleaved; median, best)", $"{r.MatmulGflops:0.0} GFLOP/s, {r.MatmulBestGflops:0.0} GFLOP/s");
            table.AddRow("fraction of matmul rate (median/median, best/best)", $"{r.FractionOfMatmul:0.000}, {r.BestFractionOfMatmul:0.000}");
            table.AddRow("managed bytes per call after warm-up (median)", $"{r.ManagedBytesPerCall} (one tensor wrapper: {r.TensorWrapperBytes})");
            table.AddRow("baseline: eager module forward (median, min)", $"{r.EagerMedianMs:0.0} ms, {r.EagerMinMs:0.0} ms");
            table.AddRow("baseline: eager managed bytes per call", $"{r.EagerManagedBytesPerCall:0}");
            table.AddRow("plan speed-up over eager (median/median)", $"{r.SpeedupOverEager:0.000}");
            table.AddRow("bfloat16 plan latency per batch (median, min)", $"{r.BFloat16MedianMs:0.0} ms, {r.BFloat16MinMs:0.0} ms");
            table.AddRow("bfloat16 speed-up over float32 plan (median/median)", $"{r.BFloat16Speedup:0.000}");
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }
}
