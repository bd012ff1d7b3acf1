using System.Diagnostics;
using SparshRobot.Encoder.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace SparshRobot.Encoder.Benchmarks;

/// <summary>
/// Encoder timing against this machine's dense matmul rate measured in the same run: every iteration times one
/// square matmul and then one encoder batch, so both see the same machine load; the fraction compares medians.
/// </summary>
public sealed record EncoderBenchmarkResult(
    VitConfig Config,
    int Batch,
    string Device,
    int Threads,
    double MedianMs,
    double MinMs,
    double EncoderGflop,
    int MatmulSize,
    double MatmulGflops,
    double MatmulBestGflops,
    double ManagedBytesPerCall)
{
    public double SamplesPerSecond => Batch / (MedianMs / 1000.0);

    public double AchievedGflops => EncoderGflop / (MedianMs / 1000.0);

    public double FractionOfMatmul => AchievedGflops / MatmulGflops;

    /// <summary>Best encoder batch against the best matmul: the least load-sensitive pairing.</summary>
    public double BestFractionOfMatmul => EncoderGflop / (MinMs / 1000.0) / MatmulBestGflops;
}

public static class EncoderBenchmark
{
    /// <summary>
    /// Multiply-add FLOPs (x2) of one forward pass: patch projection, qkv, attention scores and mixing, output
    /// projection, MLP. Norms, softmax and GELU are left out (they are not matmul work).
    /// </summary>
    public static double Flops(VitConfig c, int batch)
    {
        double d = c.EmbedDim, n = c.NumPatches, t = c.NumPatches + c.Registers;
        var patch = 2 * n * d * c.InChannels * c.PatchSize * c.PatchSize * (c.Mode == InputMode.Video ? c.Tubelet : 1);
        var block = (2 * t * d * 3 * d) + (2 * 2 * t * t * d) + (2 * t * d * d) + (2 * 2 * t * d * c.MlpHidden);
        return batch * (patch + c.Depth * block);
    }

    public static EncoderBenchmarkResult Run(VitConfig config, int batch, Device device, int warmup = 3, int iterations = 20, int matmulSize = 2048)
    {
        manual_seed(0);
        using var model = new SparshVit(config);
        model.to(device);
        using var encoder = TactileEncoder.Wrap(model, device);
        var input = new float[batch * config.SampleShape.Aggregate(1L, (a, b) => a * b)];
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = (i % 255) / 255f;
        }
        using var a = randn(matmulSize, matmulSize, device: device);
        using var b = randn(matmulSize, matmulSize, device: device);
        for (var i = 0; i < warmup; i++)
        {
            TimeMatmul(a, b, device);
            encoder.Encode(input, batch).Dispose();
        }
        Synchronize(device);
        var times = new List<double>();
        var matmulTimes = new List<double>();
        long managed = 0;
        for (var i = 0; i < iterations; i++)
        {
            matmulTimes.Add(TimeMatmul(a, b, device));
            var before = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            using (var output = encoder.Encode(input, batch))
            {
                Synchronize(device);
            }
            times.Add(watch.Elapsed.TotalMilliseconds);
            managed += GC.GetAllocatedBytesForCurrentThread() - before;
        }
        times.Sort();
        matmulTimes.Sort();
        var matmulFlop = 2.0 * matmulSize * matmulSize * matmulSize;
        return new EncoderBenchmarkResult(config, batch, device.ToString(), get_num_threads(), times[times.Count / 2], times[0],
            Flops(config, batch) / 1e9, matmulSize, matmulFlop / matmulTimes[matmulTimes.Count / 2] / 1e9, matmulFlop / matmulTimes[0] / 1e9,
            (double)managed / iterations);
    }

    /// <summary>Seconds for one (n x n) @ (n x n) float32 matmul.</summary>
    private static double TimeMatmul(Tensor a, Tensor b, Device device)
    {
        using var mode = inference_mode();
        var watch = Stopwatch.StartNew();
        a.matmul(b).Dispose();
        Synchronize(device);
        return watch.Elapsed.TotalSeconds;
    }

    private static void Synchronize(Device device)
    {
        if (device.type == DeviceType.CUDA)
        {
            cuda.synchronize();
        }
    }
}
